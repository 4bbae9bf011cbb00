/**
 * Auto-renewal through WeChat Pay 委托代扣, in process: the agreements service and the WeChat Pay endpoint's
 * handler against the simulator over real HTTP (its callbacks reach handleWechatPayNotification through a small
 * receiver, as the gateway's /api/notify/wechatpay does), plus debitChannelFor for both channels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWechatPaySimulator, type WechatPaySimulator } from '../../../simulators/wechatpay/server';
import { type App, createApp } from '../app';
import { todayIn } from '../clock';
import { handleWechatPayNotification } from '../payments/notifications';
import { reconcileDay } from '../reconciliation/service';
import { localWechatPayKeysDir } from '../payments/wechatpayChannel';
import { person } from '../store/contract';
import { useBankChannel } from './bankChannel';
import { debitChannelFor, papayDebit } from './debitChannels';
import { applyDebitAnswer } from './deductions';
import { inProcessBank } from './inProcessBank';
import { agreements } from './service';
import { applyPapayContract } from './wechatContracts';

jest.setTimeout(20_000);

const dir = mkdtempSync(join(tmpdir(), 'papay-agreements-'));
const OPENID = 'o-papay-signer';
const caller = { openid: OPENID };
let app: App;
let simulator: WechatPaySimulator;
let receiver: Server;
const answered: number[] = [];

async function sim(path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${simulator.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((later) => setTimeout(later, 25));
  }
}

const stateOf = async (agreementId: string) => (await app.store.getAgreement(agreementId))?.state;

beforeAll(async () => {
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const reply = await handleWechatPayNotification(app, { httpMethod: 'POST', path: '/api/notify/wechatpay', headers, body: Buffer.concat(chunks).toString('utf8'), isBase64Encoded: false });
      answered.push(reply.statusCode);
      response.writeHead(reply.statusCode, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', () => ready()));
  process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  simulator = await startWechatPaySimulator({ port: 0, keysDir: localWechatPayKeysDir(dir), dataDir: join(dir, 'sim'), papaySettleMs: 30, callbackRetryDelaysMs: [50, 100] });
  process.env.WECHATPAY_BASE_URL = simulator.baseUrl;
  for (const n of [1, 2]) await app.store.insertPerson(person(n));
  await app.store.ensureAccount({ openid: OPENID, personId: null, roles: [], createdAt: '2026-11-27T00:00:00.000Z' });
  await app.store.bindAccountPerson(OPENID, 'per_1');
});

afterAll(async () => {
  await simulator.close();
  await new Promise((closed) => receiver.close(closed));
  app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('WeChat papay agreements', () => {
  let agreementId = '';
  let preEntrustwebId = '';
  let activeId = '';

  test('sign by wechat: stored SIGNING with our contract code, answered with what the signing mini-program needs', async () => {
    const signed = await agreements(app, caller, { action: 'sign', personId: 'per_1', channel: 'wechat' });
    if (!('agreement' in signed)) throw new Error('no agreement');
    expect(signed.agreement).toMatchObject({ channel: 'wechat', state: 'SIGNING', accountMasked: '微信支付', wechatSign: { appId: 'wxbd687630cd02ce1d', path: 'pages/index/index' } });
    agreementId = signed.agreement.agreementId;
    preEntrustwebId = signed.agreement.wechatSign!.extraData.pre_entrustweb_id;
    const row = await app.store.getAgreement(agreementId);
    expect(row?.contractNo).toMatch(/^ctr[0-9A-Z]+$/);

    // Coming back to the unfinished signing reopens the same session instead of refusing a second agreement.
    const again = await agreements(app, caller, { action: 'sign', personId: 'per_1', channel: 'wechat' });
    expect('agreement' in again && again.agreement).toMatchObject({ agreementId, wechatSign: { extraData: { pre_entrustweb_id: preEntrustwebId } } });
    // Listing while the user has not signed yet leaves it SIGNING (the session is still open).
    await agreements(app, caller, { action: 'list' });
    expect(await stateOf(agreementId)).toBe('SIGNING');
  });

  test('the user confirms in WeChat: the signed callback makes it ACTIVE; pause and resume are ours alone', async () => {
    await sim('/sim/papay/sign', { pre_entrustweb_id: preEntrustwebId, result: 'CONFIRM' });
    await waitFor(async () => (await stateOf(agreementId)) === 'ACTIVE');
    expect(await agreements(app, caller, { action: 'pause', agreementId })).toMatchObject({ agreement: { state: 'PAUSED' } });
    expect(await agreements(app, caller, { action: 'resume', agreementId })).toMatchObject({ agreement: { state: 'ACTIVE' } });
  });

  test('a papay debit through debitChannelFor is accepted, then the result callback settles it; the query maps to the same Debit', async () => {
    const row = (await app.store.getAgreement(agreementId))!;
    const channel = debitChannelFor(app, row.channel);
    const accepted = await channel.debit({ out_debit_no: 'dbt_PAPAYUNIT000001', contractNo: row.contractNo, amount_fen: 38000, description: '合肥城乡居民医保 2027年度 自动续缴' });
    expect(accepted).toMatchObject({ kind: 'ok', data: { state: 'PROCESSING', out_debit_no: 'dbt_PAPAYUNIT000001', amount_fen: 38000, out_contract_no: row.contractNo } });
    const settled = await waitFor(async () => {
      const answer = await channel.queryDebit('dbt_PAPAYUNIT000001');
      return answer.kind === 'ok' && answer.data.state === 'SUCCESS' ? answer : undefined;
    });
    expect(settled.data).toMatchObject({ amount_fen: 38000, fail_code: null });
    expect(settled.data.finished_at).toMatch(/\+08:00$/);
    expect(await channel.queryDebit('dbt_PAPAYNEVERSENT1')).toMatchObject({ kind: 'rejected', httpStatus: 404 });
  });

  test('the user ends the contract in WeChat: the termination callback cancels the agreement', async () => {
    const row = (await app.store.getAgreement(agreementId))!;
    await sim('/sim/papay/terminate', { out_contract_code: row.contractNo });
    await waitFor(async () => (await stateOf(agreementId)) === 'CANCELLED');
    const channel = debitChannelFor(app, 'wechat');
    expect(await channel.debit({ out_debit_no: 'dbt_PAPAYUNIT000002', contractNo: row.contractNo, amount_fen: 38000, description: '续缴' })).toMatchObject({ kind: 'rejected', code: 'CONTRACT_TERMINATED' });
  });

  test('cancelling here terminates the contract at WeChat; a signature given after a cancel is ended too', async () => {
    const signed = await agreements(app, caller, { action: 'sign', personId: 'per_1', channel: 'wechat' });
    if (!('agreement' in signed)) throw new Error('no agreement');
    const id = signed.agreement.agreementId;
    const code = (await app.store.getAgreement(id))!.contractNo;
    await sim('/sim/papay/sign', { pre_entrustweb_id: signed.agreement.wechatSign!.extraData.pre_entrustweb_id, result: 'CONFIRM' });
    await waitFor(async () => (await stateOf(id)) === 'ACTIVE');
    expect(await agreements(app, caller, { action: 'cancel', agreementId: id })).toMatchObject({ agreement: { state: 'CANCELLED' } });
    const ended = (await sim('/sim/papay')).contracts.find((c: { out_contract_code: string }) => c.out_contract_code === code);
    expect(ended).toMatchObject({ contract_state: 'TERMINATED', contract_termination_mode: 'MERCHANT_API' });

    const late = await agreements(app, caller, { action: 'sign', personId: 'per_1', channel: 'wechat' });
    if (!('agreement' in late)) throw new Error('no agreement');
    const lateCode = (await app.store.getAgreement(late.agreement.agreementId))!.contractNo;
    await agreements(app, caller, { action: 'cancel', agreementId: late.agreement.agreementId });
    await sim('/sim/papay/sign', { pre_entrustweb_id: late.agreement.wechatSign!.extraData.pre_entrustweb_id, result: 'CONFIRM' });
    await waitFor(async () => {
      const contract = (await sim('/sim/papay')).contracts.find((c: { out_contract_code: string }) => c.out_contract_code === lateCode);
      return contract?.contract_state === 'TERMINATED';
    });
    // Never in force: it ended as 签约未成功, and the late signature did not bring it back.
    expect(await stateOf(late.agreement.agreementId)).toBe('FAILED');
  });

  test('a forged contract callback is refused with 400 and changes nothing', async () => {
    const signed = await agreements(app, caller, { action: 'sign', personId: 'per_1', channel: 'wechat' });
    if (!('agreement' in signed)) throw new Error('no agreement');
    const id = signed.agreement.agreementId;
    const refusedBefore = answered.filter((status) => status === 400).length;
    simulator.setFaults({ forgedCallback: { match: '^PAPAY\\.CONTRACT', times: 1 } });
    await sim('/sim/papay/sign', { pre_entrustweb_id: signed.agreement.wechatSign!.extraData.pre_entrustweb_id, result: 'CONFIRM' });
    await waitFor(async () => (await stateOf(id)) === 'ACTIVE');
    expect(answered.filter((status) => status === 400).length).toBe(refusedBefore + 1);
    simulator.setFaults({});
    activeId = id;
  });

  test("a debit the batch stored is settled by papay's result callback through applyDebitAnswer: order paid once", async () => {
    const agreement = (await app.store.getAgreement(activeId))!;
    const at = '2026-11-27T02:00:00.000Z';
    const orderId = 'ord_PAPAYUNIT000001';
    await app.store.insertOrder(
      { orderId, payerPersonId: 'per_1', payerOpenid: OPENID, requestHash: `agreement:${activeId}:2027`, totalFen: 38000, accountFen: 0, wechatFen: 38000,
        state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: at, updatedAt: at, channel: 'papay' },
      [{ orderId, itemNo: 0, personId: 'per_1', benefitYear: 2027, standardFen: 38000, dueFen: 38000, quote: JSON.stringify({ reductions: [], standardFen: 38000, repairFen: 0, totalFen: 38000 }), live: true }],
    );
    const debit = { debitId: 'dbt_PAPAYUNIT000003', agreementId: activeId, periodKey: '2027', attempt: 1, amountFen: 38000, orderId, state: 'INIT' as const, failure: null, createdAt: at, updatedAt: at };
    await app.store.insertDebit(debit);
    const answer = await debitChannelFor(app, agreement.channel).debit({ out_debit_no: debit.debitId, contractNo: agreement.contractNo, amount_fen: 38000, description: '合肥城乡居民医保 2027年度 自动续缴' });
    expect(await applyDebitAnswer(app, debit, answer, 'test.debit')).toBe('debit-pending');
    await waitFor(async () => (await app.store.getDebit(debit.debitId))?.state === 'SUCCESS');
    expect((await app.store.getOrder(orderId))?.order.state).toBe('SUCCESS');
    expect((await app.store.listEnrollments(['per_1'])).some((e) => e.benefitYear === 2027)).toBe(true);
  });

  test("the day's trade bill carries 委托代扣 debits (PAP), and reconciliation judges them against our debits", async () => {
    const report = await reconcileDay(app, todayIn(app.clock));
    const line = (ref: string) => report.lines.find((l) => l.ref === ref);
    expect(line('dbt_PAPAYUNIT000003')).toMatchObject({ kind: 'debit', status: 'MATCHED', ourFen: 38000, channelFen: 38000 });
    // Debited at WeChat straight through the channel above, with no debit of ours behind it: staff must see it.
    expect(line('dbt_PAPAYUNIT000001')).toMatchObject({ kind: 'debit', status: 'MISSING_ON_OUR_SIDE', ourFen: null, channelFen: 38000 });
  });

  test('a signing left unfinished past its session fails when the resident signs again, and a new agreement takes its place', async () => {
    await agreements(app, caller, { action: 'cancel', agreementId: activeId });
    const old = new Date(Date.now() - 3 * 3600_000).toISOString();
    await app.store.insertAgreement({
      agreementId: 'agr_PAPAYSTALE000001', kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: OPENID, personId: 'per_1', channel: 'wechat',
      contractNo: 'ctrPAPAYSTALE000001', accountMasked: '微信支付', state: 'SIGNING', live: true, createdAt: old, updatedAt: old,
    });
    const fresh = await agreements(app, caller, { action: 'sign', personId: 'per_1', channel: 'wechat' });
    expect('agreement' in fresh && fresh.agreement).toMatchObject({ state: 'SIGNING', wechatSign: expect.any(Object) });
    expect('agreement' in fresh && fresh.agreement.agreementId).not.toBe('agr_PAPAYSTALE000001');
    expect(await stateOf('agr_PAPAYSTALE000001')).toBe('FAILED');
  });
});

describe('a contract signed by someone else', () => {
  test('is never activated: the agreement fails', async () => {
    const at = new Date().toISOString();
    const row = {
      agreementId: 'agr_PAPAYMISMATCH01', kind: 'auto-renew' as const, signerPersonId: 'per_2', signerOpenid: 'o-someone', personId: 'per_2', channel: 'wechat' as const,
      contractNo: 'ctrPAPAYMISMATCH01', accountMasked: '微信支付', state: 'SIGNING' as const, live: true, createdAt: at, updatedAt: at,
    };
    await app.store.insertAgreement(row);
    await applyPapayContract(app, row, {
      mchid: 'm', appid: 'a', plan_id: 12535, out_contract_code: row.contractNo, contract_id: '20990101000000000009', openid: 'o-intruder',
      contract_state: 'ENTRUSTED', contract_signed_time: '2026-11-27T10:00:00+08:00',
    }, 'test.notify');
    expect(await stateOf(row.agreementId)).toBe('FAILED');
  });
});

describe('debitChannelFor', () => {
  test("the bank channel is the bank client of the moment, so a test's in-process bank is used", async () => {
    const bank = inProcessBank();
    useBankChannel(app, bank);
    const answer = await debitChannelFor(app, 'bank').debit({ out_debit_no: 'dbt_BANKUNIT0000001', contractNo: 'ctr_BANK0001', amount_fen: 1200, description: '续缴' });
    expect(answer).toMatchObject({ kind: 'ok', data: { state: 'SUCCESS', out_contract_no: 'ctr_BANK0001', amount_fen: 1200 } });
    expect(bank.debits.size).toBe(1);
    expect(await debitChannelFor(app, 'bank').queryDebit('dbt_BANKUNIT0000001')).toMatchObject({ kind: 'ok', data: { state: 'SUCCESS' } });
  });

  test('papay failure codes map into the bank vocabulary the failure notice uses', () => {
    const base = { appid: 'wx', mchid: 'm', out_trade_no: 'dbt_X', contract_id: 'c1', amount: { total: 100 } };
    expect(papayDebit({ ...base, trade_state: 'PAY_FAIL', fail_code: 'NOTENOUGH' }, 'ctr1', '2026-11-27T10:00:00+08:00')).toMatchObject({ state: 'FAILED', fail_code: 'INSUFFICIENT_FUNDS' });
    expect(papayDebit({ ...base, trade_state: 'PAY_FAIL', fail_code: 'SOMETHING' }, 'ctr1', '2026-11-27T10:00:00+08:00')).toMatchObject({ state: 'FAILED', fail_code: null, fail_message: 'SOMETHING' });
    expect(papayDebit({ ...base, trade_state: 'ACCEPT' }, 'ctr1', '2026-11-27T10:00:00+08:00')).toMatchObject({ state: 'PROCESSING', finished_at: null });
  });
});
