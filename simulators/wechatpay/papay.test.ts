/**
 * 委托代扣 (papay) through the adapter against the simulator over real HTTP: pre-signing, the user's choice on
 * the signing page, contract query and termination (ours and the user's), debits with their result callbacks,
 * and the fault switches acting on papay calls and callbacks. Callbacks land on a receiver that hands the raw
 * request to client.parseNotification, as the gateway does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createWechatPayClient,
  ensureLocalKeys,
  notificationReply,
  type NotificationOutcome,
  type WechatPayClient,
} from '../../cloudfunctions/_core/channels/wechatpay';
import { simControl, startNotifyReceiver, waitFor, type NotifyReceiver } from '../shared/testing';
import { startWechatPaySimulator, type WechatPaySimulator } from './server';
import { localClientConfig } from './testing';

jest.setTimeout(20_000);

const root = mkdtempSync(join(tmpdir(), 'wxsim-papay-'));
const keys = ensureLocalKeys(join(root, 'keys'));
const PLAN = 12535;
const OPENID = 'oPapaySigner0001';

let simulator: WechatPaySimulator;
let client: WechatPayClient;
let receiver: NotifyReceiver;
let notifyUrl = '';
const received: NotificationOutcome[] = [];
let sequence = 0;
const newCode = (prefix: string) => `${prefix}${Date.now()}${String((sequence += 1)).padStart(4, '0')}`;

const events = () => received.flatMap((outcome) => (outcome.kind === 'ok' ? [outcome.event] : []));

const sim = (path: string, body?: unknown) => simControl(simulator.baseUrl, path, body);

const preSignInput = (code: string) => ({
  plan_id: PLAN,
  out_contract_code: code,
  contract_display_account: '张伟医保自动续缴',
  contract_notify_url: notifyUrl,
  openid: OPENID,
});

async function signedContract(code: string) {
  const pre = await client.papayPreSign(preSignInput(code));
  if (pre.kind !== 'ok') throw new Error(`pre-sign failed: ${JSON.stringify(pre)}`);
  const chosen = await sim('/sim/papay/sign', { pre_entrustweb_id: pre.data.pre_entrustweb_id, result: 'CONFIRM' });
  expect(chosen.status).toBe(200);
  const found = await client.papayQueryContract(PLAN, code);
  if (found.kind !== 'ok') throw new Error(`contract not found: ${JSON.stringify(found)}`);
  return found.data;
}

beforeAll(async () => {
  receiver = await startNotifyReceiver(async (headers, body) => {
    const outcome = await client.parseNotification(headers, body);
    received.push(outcome);
    return notificationReply(outcome.kind === 'ok');
  });
  notifyUrl = receiver.url('/wechatpay/notify');
  simulator = await startWechatPaySimulator({ port: 0, keysDir: join(root, 'keys'), dataDir: join(root, 'data'), papaySettleMs: 50, callbackRetryDelaysMs: [50, 100] });
  client = createWechatPayClient(localClientConfig(simulator.baseUrl, keys));
});

afterEach(async () => {
  simulator.setFaults({});
  await sim('/sim/papay/config', { failCode: null });
});

afterAll(async () => {
  await simulator.close();
  await receiver.close();
  rmSync(root, { recursive: true, force: true });
});

describe('signing', () => {
  test('pre-signing is idempotent per contract code; nothing is signed until the user confirms', async () => {
    const code = newCode('C');
    const first = await client.papayPreSign(preSignInput(code));
    const again = await client.papayPreSign(preSignInput(code));
    expect(first.kind).toBe('ok');
    expect(again).toEqual(first);
    const other = await client.papayPreSign({ ...preSignInput(code), contract_display_account: '别人' });
    expect(other).toMatchObject({ kind: 'rejected', httpStatus: 400, code: 'INVALID_REQUEST' });
    expect(await client.papayQueryContract(PLAN, code)).toMatchObject({ kind: 'rejected', httpStatus: 404 });
    const sheet = await sim(`/sim/papay/sign/${(first as { data: { pre_entrustweb_id: string } }).data.pre_entrustweb_id}`);
    expect(sheet.json).toMatchObject({ out_contract_code: code, state: 'PENDING', contract_display_account: '张伟医保自动续缴' });
  });

  test('confirming signs the contract and sends a verified PAPAY.CONTRACT.SIGNED callback; the code cannot be reused', async () => {
    const code = newCode('C');
    const contract = await signedContract(code);
    expect(contract).toMatchObject({ out_contract_code: code, contract_state: 'ENTRUSTED', openid: OPENID, plan_id: PLAN });
    const event = await waitFor(() => events().find((e) => e.type === 'papay-contract' && e.contract.out_contract_code === code));
    expect(event).toMatchObject({ eventType: 'PAPAY.CONTRACT.SIGNED', contract: { change_type: 'SIGN', contract_id: contract.contract_id } });
    expect(await client.papayPreSign(preSignInput(code))).toMatchObject({ kind: 'rejected', code: 'CONTRACT_CODE_USED' });
  });

  test('cancelling on the signing page signs nothing and sends no callback; a signer other than the pre-signed user is refused', async () => {
    const code = newCode('C');
    const pre = await client.papayPreSign(preSignInput(code));
    const id = (pre as { data: { pre_entrustweb_id: string } }).data.pre_entrustweb_id;
    expect((await sim('/sim/papay/sign', { pre_entrustweb_id: id, result: 'CONFIRM', openid: 'oSomeoneElse' })).status).toBe(403);
    expect((await sim('/sim/papay/sign', { pre_entrustweb_id: id, result: 'CANCEL' })).json).toEqual({ state: 'CANCELLED' });
    expect((await sim('/sim/papay/sign', { pre_entrustweb_id: id, result: 'CONFIRM' })).status).toBe(400);
    await new Promise((later) => setTimeout(later, 150));
    expect(events().some((e) => e.type === 'papay-contract' && e.contract.out_contract_code === code)).toBe(false);
    expect(await client.papayQueryContract(PLAN, code)).toMatchObject({ kind: 'rejected', httpStatus: 404 });
    // Coming back after abandoning: the same request opens a fresh session, which can be signed.
    const reopened = await client.papayPreSign(preSignInput(code));
    expect(reopened).toMatchObject({ kind: 'ok' });
    const newId = (reopened as { data: { pre_entrustweb_id: string } }).data.pre_entrustweb_id;
    expect(newId).not.toBe(id);
    expect((await sim('/sim/papay/sign', { pre_entrustweb_id: newId, result: 'CONFIRM' })).status).toBe(200);
    expect(await client.papayQueryContract(PLAN, code)).toMatchObject({ kind: 'ok', data: { contract_state: 'ENTRUSTED' } });
  });
});

describe('termination', () => {
  test('our terminate ends the contract once (a repeat is answered the same) and WeChat tells us with mode MERCHANT_API', async () => {
    const code = newCode('C');
    const contract = await signedContract(code);
    expect(await client.papayTerminate(PLAN, contract.contract_id, '参保人解约')).toEqual({ kind: 'ok', data: null });
    expect(await client.papayTerminate(PLAN, contract.contract_id, '参保人解约')).toEqual({ kind: 'ok', data: null });
    const ended = await waitFor(() => events().filter((e) => e.type === 'papay-contract' && e.contract.out_contract_code === code && e.contract.change_type === 'TERMINATE'));
    await new Promise((later) => setTimeout(later, 100));
    expect(events().filter((e) => e.type === 'papay-contract' && e.contract.out_contract_code === code && e.contract.change_type === 'TERMINATE')).toHaveLength(ended.length);
    expect(ended[0]).toMatchObject({ eventType: 'PAPAY.CONTRACT.TERMINATED', contract: { contract_state: 'TERMINATED', contract_termination_mode: 'MERCHANT_API' } });
  });

  test('the user ending the contract in WeChat sends the termination callback with mode USER', async () => {
    const code = newCode('C');
    await signedContract(code);
    const ended = await sim('/sim/papay/terminate', { out_contract_code: code });
    expect(ended.json).toMatchObject({ contract_state: 'TERMINATED', contract_termination_mode: 'USER' });
    const event = await waitFor(() => events().find((e) => e.type === 'papay-contract' && e.contract.out_contract_code === code && e.contract.change_type === 'TERMINATE'));
    expect(event).toMatchObject({ contract: { contract_termination_mode: 'USER' } });
  });
});

describe('debits', () => {
  const applyInput = (outTradeNo: string, contractId: string, total = 38000) => ({
    out_trade_no: outTradeNo,
    description: '合肥城乡居民医保 2027年度 自动续缴',
    transaction_notify_url: notifyUrl,
    contract_id: contractId,
    amount: { total },
  });

  test('a debit is accepted, then settles SUCCESS with a PAPAY.TRANSACTION.SUCCESS callback; a retry of the same request changes nothing', async () => {
    const contract = await signedContract(newCode('C'));
    const no = newCode('dbt_');
    expect(await client.papayApply(applyInput(no, contract.contract_id))).toEqual({ kind: 'ok', data: null });
    expect(await client.papayApply(applyInput(no, contract.contract_id))).toEqual({ kind: 'ok', data: null });
    expect(await client.papayApply(applyInput(no, contract.contract_id, 1))).toMatchObject({ kind: 'rejected', code: 'OUT_TRADE_NO_USED' });
    const event = await waitFor(() => events().find((e) => e.type === 'papay-transaction' && e.transaction.out_trade_no === no));
    expect(event).toMatchObject({ eventType: 'PAPAY.TRANSACTION.SUCCESS', transaction: { trade_state: 'SUCCESS', amount: { total: 38000 } } });
    const queried = await client.papayQueryTransaction(no);
    expect(queried).toMatchObject({ kind: 'ok', data: { trade_state: 'SUCCESS', contract_id: contract.contract_id } });
    const records = await sim('/sim/papay');
    expect(records.json.trades.filter((t: { out_trade_no: string }) => t.out_trade_no === no)).toHaveLength(1);
  });

  test('a failing account settles PAY_FAIL and notifies it; a terminated contract refuses new debits', async () => {
    const code = newCode('C');
    const contract = await signedContract(code);
    await sim('/sim/papay/config', { failCode: 'NOTENOUGH' });
    const no = newCode('dbt_');
    await client.papayApply(applyInput(no, contract.contract_id));
    const event = await waitFor(() => events().find((e) => e.type === 'papay-transaction' && e.transaction.out_trade_no === no));
    expect(event).toMatchObject({ eventType: 'PAPAY.TRANSACTION.FAIL', transaction: { trade_state: 'PAY_FAIL', fail_code: 'NOTENOUGH' } });
    await sim('/sim/papay/terminate', { out_contract_code: code });
    expect(await client.papayApply(applyInput(newCode('dbt_'), contract.contract_id))).toMatchObject({ kind: 'rejected', code: 'CONTRACT_TERMINATED' });
    expect(await client.papayQueryTransaction(newCode('dbt_'))).toMatchObject({ kind: 'rejected', httpStatus: 404 });
  });

  test('fault switches act on papay calls: a lost answer is unknown, yet the debit happened and a query finds it', async () => {
    const contract = await signedContract(newCode('C'));
    const no = newCode('dbt_');
    simulator.setFaults({ timeout: { holdMs: 1_000, phase: 'after', match: '^POST /v3/papay/pay', times: 1 } });
    expect((await client.papayApply(applyInput(no, contract.contract_id))).kind).toBe('unknown');
    await waitFor(() => events().find((e) => e.type === 'papay-transaction' && e.transaction.out_trade_no === no));
    expect(await client.papayQueryTransaction(no)).toMatchObject({ kind: 'ok', data: { trade_state: 'SUCCESS' } });
    simulator.setFaults({ serverError: { status: 503, phase: 'before', match: '^GET /v3/papay/contracts', times: 1 } });
    expect((await client.papayQueryContract(PLAN, contract.out_contract_code)).kind).toBe('unknown');
  });

  test('a forged papay callback fails verification and the genuine one still arrives', async () => {
    const contract = await signedContract(newCode('C'));
    const rejectedBefore = received.filter((outcome) => outcome.kind === 'rejected').length;
    simulator.setFaults({ forgedCallback: { match: '^PAPAY\\.TRANSACTION', times: 1 } });
    const no = newCode('dbt_');
    await client.papayApply(applyInput(no, contract.contract_id));
    await waitFor(() => events().find((e) => e.type === 'papay-transaction' && e.transaction.out_trade_no === no));
    expect(received.filter((outcome) => outcome.kind === 'rejected').length).toBe(rejectedBefore + 1);
  });
});
