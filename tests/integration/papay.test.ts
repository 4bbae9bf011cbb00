/**
 * Auto-renewal as a WeChat Pay 委托代扣 (papay) contract, against the running runtime and its WeChat Pay
 * simulator: signing answers what the signing mini-program needs, the user's confirmation (the simulator's
 * signing sheet) activates the agreement through WeChat's signed callback, the user ending the contract in
 * WeChat cancels it, a forged or tampered contract callback is refused, and cancelling in the app ends the
 * contract at WeChat. People of its own: demo households H-DEMO-15 (卫林 and his mother) and H-DEMO-16 (陶然).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { encryptResource } from '../../cloudfunctions/_core/channels/wechatpay/aesgcm';
import { ensureLocalKeys } from '../../cloudfunctions/_core/channels/wechatpay/keys';
import { buildWechatpaySignatureHeaders } from '../../cloudfunctions/_core/channels/wechatpay/sign';
import { toWechatTime } from '../../cloudfunctions/_core/channels/wechatpay/wechatTime';
import { baseUrl, call, login } from '../support/http';
import { runtimeDataDir } from '../support/ledger';
import { fireTimer, wechatpaySim as sim } from '../support/sims';

jest.setTimeout(30_000);

type View = { agreementId: string; personId: string; channel: string; state: string; accountMasked: string; wechatSign?: { appId: string; path: string; extraData: { pre_entrustweb_id: string } } };

async function listed(token: string, agreementId: string): Promise<View> {
  const body = (await call('agreements', { action: 'list' }, token)).body;
  return body.data.agreements.find((a: View) => a.agreementId === agreementId);
}

async function waitForState(token: string, agreementId: string, state: string): Promise<View> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = await listed(token, agreementId);
    if (found?.state === state) return found;
    if (Date.now() > deadline) throw new Error(`agreement ${agreementId} is ${found?.state}, not ${state}`);
    await new Promise((later) => setTimeout(later, 150));
  }
}

/** Our contract code for a signing session, as the simulator recorded it from our pre-signing call. */
async function contractCodeOf(view: View): Promise<string> {
  const records = await sim('/papay');
  return records.sessions.find((s: { pre_entrustweb_id: string }) => s.pre_entrustweb_id === view.wechatSign!.extraData.pre_entrustweb_id).out_contract_code;
}

async function signByWechat(token: string, personId: string): Promise<View> {
  const signed = await call('agreements', { action: 'sign', personId, channel: 'wechat' }, token);
  expect(signed.body.ok).toBe(true);
  return signed.body.data.agreement;
}

describe('auto-renewal by WeChat Pay 委托代扣 (papay simulator)', () => {
  let token: string;
  let selfId: string;
  let motherId: string;

  beforeAll(async () => {
    token = await login('papay-tester');
    await call('bindIdentity', { name: '卫林', idNumber: '340104198805121754' }, token);
    await call('relatives', { action: 'add', name: '严秀芳', idNumber: '340104196007181841', relation: 'parent' }, token);
    const people = (await call('coverage', {}, token)).body.data.people as { relation: string; person: { personId: string } }[];
    selfId = people.find((p) => p.relation === 'self')!.person.personId;
    motherId = people.find((p) => p.relation === 'parent')!.person.personId;
  });

  it('signs by wechat, turns ACTIVE when the user confirms in WeChat, and CANCELLED when the user ends it in WeChat', async () => {
    const signing = await signByWechat(token, selfId);
    expect(signing).toMatchObject({ channel: 'wechat', state: 'SIGNING', accountMasked: '微信支付', wechatSign: { appId: expect.any(String), path: expect.any(String) } });
    const sheet = await sim(`/papay/sign/${signing.wechatSign!.extraData.pre_entrustweb_id}`);
    expect(sheet).toMatchObject({ state: 'PENDING', contract_display_account: '卫林医保自动续缴' });

    await sim('/papay/sign', { pre_entrustweb_id: signing.wechatSign!.extraData.pre_entrustweb_id, result: 'CONFIRM' });
    await waitForState(token, signing.agreementId, 'ACTIVE');

    await sim('/papay/terminate', { out_contract_code: await contractCodeOf(signing) });
    await waitForState(token, signing.agreementId, 'CANCELLED');

    // The person is free for a new agreement once the old one has ended.
    const again = await signByWechat(token, selfId);
    expect(again.state).toBe('SIGNING');
    expect(again.agreementId).not.toBe(signing.agreementId);
    await call('agreements', { action: 'cancel', agreementId: again.agreementId }, token);
  });

  it('refuses a forged or tampered contract callback, and cancelling in the app ends the contract at WeChat', async () => {
    const signing = await signByWechat(token, motherId);
    const code = await contractCodeOf(signing);
    const keys = ensureLocalKeys(join(runtimeDataDir(), 'wechatpay-keys'));
    const now = new Date();
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: toWechatTime(now),
      resource_type: 'encrypt-resource',
      event_type: 'PAPAY.CONTRACT.SIGNED',
      summary: '签约成功',
      // Sealed with the real APIv3 key: only the signature can tell this callback is not WeChat's.
      resource: encryptResource(keys.apiV3Key, JSON.stringify({
        mchid: keys.mchid, appid: keys.appid, plan_id: 12535, out_contract_code: code, contract_id: '20990101000000000001', openid: 'papay-tester',
        contract_state: 'ENTRUSTED', contract_signed_time: toWechatTime(now), change_type: 'SIGN', operate_time: toWechatTime(now),
      }), 'contract'),
    });
    const post = (headers: Record<string, string>, text: string) =>
      fetch(`${baseUrl()}/api/notify/wechatpay`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: text });
    const sign = (key: string | import('node:crypto').KeyObject, text: string) =>
      buildWechatpaySignatureHeaders({ privateKey: key, serial: keys.platformSerial, body: text, timestampSeconds: Math.floor(now.getTime() / 1000), nonce: randomUUID().replace(/-/g, '') });

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await post(sign(stranger, body), body)).status).toBe(400);
    const genuineHeaders = sign(keys.platformPrivateKeyPem, body);
    expect((await post(genuineHeaders, body.replace('签约成功', '签约成功 '))).status).toBe(400);
    expect((await listed(token, signing.agreementId)).state).toBe('SIGNING');

    await sim('/papay/sign', { pre_entrustweb_id: signing.wechatSign!.extraData.pre_entrustweb_id, result: 'CONFIRM' });
    await waitForState(token, signing.agreementId, 'ACTIVE');
    const cancelled = await call('agreements', { action: 'cancel', agreementId: signing.agreementId }, token);
    expect(cancelled.body.data.agreement.state).toBe('CANCELLED');
    const contract = (await sim('/papay')).contracts.find((c: { out_contract_code: string }) => c.out_contract_code === code);
    expect(contract).toMatchObject({ contract_state: 'TERMINATED', contract_termination_mode: 'MERCHANT_API' });
  });

  it('leaves an abandoned signing SIGNING, reopens the open session on a retry (a fresh one once abandoned), and a cancel in the app ends it', async () => {
    const other = await login('papay-tester-2');
    await call('bindIdentity', { name: '陶然', idNumber: '340104199203041735' }, other);
    const me = (await call('coverage', {}, other)).body.data.people.find((p: { relation: string }) => p.relation === 'self').person.personId;
    const signing = await signByWechat(other, me);
    const retry = await signByWechat(other, me);
    expect(retry.agreementId).toBe(signing.agreementId);
    expect(retry.wechatSign!.extraData.pre_entrustweb_id).toBe(signing.wechatSign!.extraData.pre_entrustweb_id);

    await sim('/papay/sign', { pre_entrustweb_id: signing.wechatSign!.extraData.pre_entrustweb_id, result: 'CANCEL' });
    expect((await listed(other, signing.agreementId)).state).toBe('SIGNING');
    // Trying again after abandoning the signing page opens a fresh session under the same agreement.
    const reopened = await signByWechat(other, me);
    expect(reopened.agreementId).toBe(signing.agreementId);
    expect(reopened.wechatSign!.extraData.pre_entrustweb_id).not.toBe(signing.wechatSign!.extraData.pre_entrustweb_id);
    // Never signed: ended as 签约未成功 (FAILED), not 已解约.
    const cancelled = await call('agreements', { action: 'cancel', agreementId: signing.agreementId }, other);
    expect(cancelled.body.data.agreement.state).toBe('FAILED');
    // Its card says why, not only that it failed.
    expect(cancelled.body.data.agreement.endNote).toBe('签约在确认前已取消，未开通自动续缴，也不会扣款。可以重新签约。');
    // A bank agreement still needs its account.
    const noAccount = await call('agreements', { action: 'sign', personId: me, channel: 'bank' }, other);
    expect(noAccount.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('debits an ACTIVE WeChat agreement in the deduction batch: one papay trade, booked from WeChat’s callback, the year enrolled', async () => {
    const other = await login('papay-tester-2');
    const me = (await call('coverage', {}, other)).body.data.people.find((p: { relation: string }) => p.relation === 'self').person.personId;
    const signing = await signByWechat(other, me);
    await sim('/papay/sign', { pre_entrustweb_id: signing.wechatSign!.extraData.pre_entrustweb_id, result: 'CONFIRM' });
    await waitForState(other, signing.agreementId, 'ACTIVE');
    const code = await contractCodeOf(signing);
    const contractId = (await sim('/papay')).contracts.find((c: { out_contract_code: string }) => c.out_contract_code === code).contract_id;

    const due = (await call('coverage', {}, other)).body.data.people[0].years.find((y: { state: string }) => y.state === 'DUE');
    expect(due).toBeDefined();
    // Other test files fire the batch too (one shared runtime); any run may be the one that debits.
    const fired = await fireTimer('deductionBatch', 'hourly');
    expect(fired.status).toBe(200);
    const deadline = Date.now() + 20_000;
    let year: { state: string } | undefined;
    for (;;) {
      year = (await call('coverage', {}, other)).body.data.people[0].years.find((y: { benefitYear: number }) => y.benefitYear === due.benefitYear);
      if (year?.state === 'ENROLLED' || Date.now() > deadline) break;
      await new Promise((later) => setTimeout(later, 200));
    }
    expect(year?.state).toBe('ENROLLED');
    const trades = (await sim('/papay')).trades.filter((t: { contract_id: string }) => t.contract_id === contractId);
    expect(trades).toEqual([expect.objectContaining({ trade_state: 'SUCCESS', amount: { total: due.dueFen, currency: 'CNY' } })]);
    // A second run finds the year paid and debits nothing more.
    await fireTimer('deductionBatch', 'hourly');
    expect((await sim('/papay')).trades.filter((t: { contract_id: string }) => t.contract_id === contractId)).toHaveLength(1);
    const orders = (await call('payments', { action: 'list' }, other)).body.data.orders as { channel: string; state: string; totalFen: number }[];
    expect(orders.filter((o) => o.channel === 'papay')).toEqual([expect.objectContaining({ state: 'SUCCESS', totalFen: due.dueFen })]);
  });
});
