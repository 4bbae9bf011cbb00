/**
 * The bank adapter against the bank simulator over real HTTP on a random port: contracts, debits,
 * advances and repayments, overdue through the simulator's clock, statements, idempotency, request
 * signature refusals, and each fault switch turning a call into `unknown` that a query then settles,
 * checked one-to-one against everything the bank holds (/sim/records). Notifications land on a small
 * receiver that hands the raw request to client.parseNotification, as the gateway will.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  bankIdHash,
  bankNotificationReply,
  createBankClient,
  ensureLocalBankKeys,
  localBankClientKeys,
  localIdHashKey,
  signBankMessage,
  type BankClient,
  type BankEvent,
  type BankNotificationOutcome,
  type ChannelOutcome,
} from '../../cloudfunctions/_core/channels/bank';
import { simControl, startNotifyReceiver, waitFor, type NotifyReceiver } from '../shared/testing';
import { startBankSimulator, type BankSimulator } from './server';

jest.setTimeout(20_000);

const root = mkdtempSync(join(tmpdir(), 'banksim-'));
const keysDir = join(root, 'keys');
const dataDir = join(root, 'data');
const keys = ensureLocalBankKeys(keysDir);

/** A Sunday morning in the 2027 concentrated period; only the business clock is moved, signatures keep real time. */
const BASE = new Date('2026-12-20T10:00:00+08:00');
const BASE_DATE = '2026-12-20';

let simulator: BankSimulator;
let client: BankClient;
let receiver: NotifyReceiver;
let sequence = 0;
const newNo = (prefix: string) => `${prefix}${Date.now().toString(36)}${String((sequence += 1)).padStart(4, '0')}`;
const idHashOf = (n: number) => bankIdHash(localIdHashKey(keys), `34010419900101${String(n).padStart(4, '0')}`);

const received: BankNotificationOutcome[] = [];
const events = () => received.flatMap((outcome) => (outcome.kind === 'ok' ? [outcome.event] : []));
const eventsFor = (type: string, no: string) =>
  events().filter(
    (event) =>
      event.eventType === type &&
      ((event.type === 'debit' && event.debit.out_debit_no === no) ||
        (event.type === 'contract' && event.contract.out_contract_no === no) ||
        (event.type === 'advance' && event.advance.out_advance_no === no)),
  );

const makeClient = (timeoutMs = 400) =>
  createBankClient({ baseUrl: simulator.baseUrl, ...localBankClientKeys(keys), clock: () => new Date(), timeoutMs });

const sim = (path: string, body?: unknown) => simControl(simulator.baseUrl, path, body);

function expectOk<T>(outcome: ChannelOutcome<T>): T {
  if (outcome.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome.data;
}

const contractInput = (outContractNo: string, accountToken: string, maxFen = 100_000) => ({
  out_contract_no: outContractNo,
  holder_name: '张小明',
  account_no_masked: '6222********1234',
  account_token: accountToken,
  id_hash: idHashOf(1),
  max_amount_per_debit_fen: maxFen,
});

/** A signed contract on an account holding `balanceFen`. */
async function contractWithBalance(balanceFen: number, maxFen?: number): Promise<{ contractNo: string; token: string }> {
  const token = newNo('tok_');
  const contractNo = newNo('CT');
  await sim('/sim/accounts', { account_token: token, balance_fen: balanceFen });
  expectOk(await client.signContract(contractInput(contractNo, token, maxFen)));
  return { contractNo, token };
}

const debitInput = (outDebitNo: string, contractNo: string, amountFen = 40_000) => ({
  out_debit_no: outDebitNo,
  out_contract_no: contractNo,
  amount_fen: amountFen,
  description: '2027年度城乡居民医保费',
});

const balanceOf = async (token: string) =>
  (await sim('/sim/records')).json.accounts.find((account: { account_token: string }) => account.account_token === token)?.balance_fen;

const advanceInput = (outAdvanceNo: string, dueDate: string, person = 2) => ({
  out_advance_no: outAdvanceNo,
  id_hash: idHashOf(person),
  amount_fen: 40_000,
  due_date: dueDate,
  min_interest_free_days: 61,
  description: '信用参保：银行代缴2027年度居民医保费',
});

beforeAll(async () => {
  receiver = await startNotifyReceiver(async (headers, body) => {
    const outcome = await client.parseNotification(headers, body);
    received.push(outcome);
    return bankNotificationReply(outcome.kind === 'ok');
  });
  simulator = await startBankSimulator({
    port: 0,
    keysDir,
    dataDir,
    notifyUrl: receiver.url('/notify/bank'),
    terminationDelayMs: 50,
    callbackRetryDelaysMs: [100, 200],
  });
  simulator.setClock(BASE);
  client = makeClient();
});

afterAll(async () => {
  await simulator.close();
  await receiver.close();
  rmSync(root, { recursive: true, force: true });
});

afterEach(async () => {
  simulator.setFaults({});
});

describe('entrusted-debit contracts', () => {
  test('signing answers ACTIVE with the holder name masked; the same request again gives the same contract', async () => {
    const token = newNo('tok_');
    const contractNo = newNo('CT');
    const signed = expectOk(await client.signContract(contractInput(contractNo, token)));
    expect(signed).toMatchObject({ out_contract_no: contractNo, state: 'ACTIVE', holder_name_masked: '张**', terminated_at: null });
    expect(expectOk(await client.signContract(contractInput(contractNo, token))).contract_id).toBe(signed.contract_id);
    expect(expectOk(await client.queryContract(contractNo))).toEqual(signed);
    expect(JSON.stringify((await sim('/sim/records')).json)).not.toContain('张小明');
  });

  test('the same contract number with a different body is refused as OUT_CONTRACT_NO_USED', async () => {
    const { contractNo, token } = await contractWithBalance(0);
    const again = await client.signContract({ ...contractInput(contractNo, token), max_amount_per_debit_fen: 1 });
    expect(again).toMatchObject({ kind: 'rejected', httpStatus: 409, code: 'OUT_CONTRACT_NO_USED' });
  });

  test('an unknown contract is refused as CONTRACT_NOT_FOUND, proving nothing exists', async () => {
    await expect(client.queryContract(newNo('CT'))).resolves.toMatchObject({ kind: 'rejected', httpStatus: 404, code: 'CONTRACT_NOT_FOUND' });
  });

  test('termination is accepted as TERMINATING, completed by the bank with CONTRACT.TERMINATED, and debits then fail', async () => {
    const { contractNo } = await contractWithBalance(100_000);
    expect(expectOk(await client.terminateContract(contractNo, { reason: '参加职工医保' })).state).toBe('TERMINATING');
    const [event] = await waitFor(() => eventsFor('CONTRACT.TERMINATED', contractNo).length > 0 && eventsFor('CONTRACT.TERMINATED', contractNo));
    expect(event).toMatchObject({ type: 'contract', contract: { state: 'TERMINATED', terminated_by: 'PARTNER' } });
    expect(expectOk(await client.queryContract(contractNo)).state).toBe('TERMINATED');
    expect(expectOk(await client.terminateContract(contractNo)).state).toBe('TERMINATED');
    const debit = expectOk(await client.debit(debitInput(newNo('DB'), contractNo)));
    expect(debit).toMatchObject({ state: 'FAILED', fail_code: 'CONTRACT_INACTIVE' });
  });

  test('a holder terminating at the bank counter is notified to us too', async () => {
    const { contractNo } = await contractWithBalance(0);
    expect((await sim('/sim/contracts/terminate', { out_contract_no: contractNo })).status).toBe(200);
    const [event] = await waitFor(() => eventsFor('CONTRACT.TERMINATED', contractNo).length > 0 && eventsFor('CONTRACT.TERMINATED', contractNo));
    expect(event).toMatchObject({ contract: { terminated_by: 'ACCOUNT_HOLDER' } });
  });
});

describe('debits', () => {
  test('a debit within the balance succeeds, moves the money once and is notified as DEBIT.SUCCESS', async () => {
    const { contractNo, token } = await contractWithBalance(100_000);
    const debitNo = newNo('DB');
    const debit = expectOk(await client.debit(debitInput(debitNo, contractNo)));
    expect(debit).toMatchObject({ state: 'SUCCESS', fail_code: null, amount_fen: 40_000 });
    expect(await balanceOf(token)).toBe(60_000);
    await waitFor(() => eventsFor('DEBIT.SUCCESS', debitNo).length > 0);
    expect(expectOk(await client.queryDebit(debitNo))).toEqual(debit);
  });

  test('a debit beyond the balance fails as INSUFFICIENT_FUNDS, leaves the balance and is notified as DEBIT.FAILED', async () => {
    const { contractNo, token } = await contractWithBalance(39_999);
    const debitNo = newNo('DB');
    const debit = expectOk(await client.debit(debitInput(debitNo, contractNo)));
    expect(debit).toMatchObject({ state: 'FAILED', fail_code: 'INSUFFICIENT_FUNDS', fail_message: '账户余额不足' });
    expect(await balanceOf(token)).toBe(39_999);
    await waitFor(() => eventsFor('DEBIT.FAILED', debitNo).length > 0);
  });

  test('debits are refused as OUTSIDE_HOURS before 06:00 and from 22:00 Asia/Shanghai, and accepted at 06:00', async () => {
    const { contractNo, token } = await contractWithBalance(100_000);
    try {
      simulator.setClock(new Date('2026-12-20T22:00:00+08:00'));
      expect(expectOk(await client.debit(debitInput(newNo('DB'), contractNo)))).toMatchObject({ state: 'FAILED', fail_code: 'OUTSIDE_HOURS' });
      simulator.setClock(new Date('2026-12-20T05:59:00+08:00'));
      expect(expectOk(await client.debit(debitInput(newNo('DB'), contractNo)))).toMatchObject({ state: 'FAILED', fail_code: 'OUTSIDE_HOURS' });
      expect(await balanceOf(token)).toBe(100_000);
      simulator.setClock(new Date('2026-12-20T06:00:00+08:00'));
      expect(expectOk(await client.debit(debitInput(newNo('DB'), contractNo))).state).toBe('SUCCESS');
    } finally {
      simulator.setClock(BASE);
    }
  });

  test('a debit above the contract limit fails as AMOUNT_OVER_LIMIT', async () => {
    const { contractNo } = await contractWithBalance(100_000, 30_000);
    expect(expectOk(await client.debit(debitInput(newNo('DB'), contractNo)))).toMatchObject({ state: 'FAILED', fail_code: 'AMOUNT_OVER_LIMIT' });
  });

  test('the same debit number with the same body gives the same result without a second debit', async () => {
    const { contractNo, token } = await contractWithBalance(100_000);
    const debitNo = newNo('DB');
    const first = expectOk(await client.debit(debitInput(debitNo, contractNo)));
    const { description, out_debit_no, amount_fen, out_contract_no } = debitInput(debitNo, contractNo);
    const reordered = expectOk(await client.debit({ description, amount_fen, out_contract_no, out_debit_no }));
    expect(reordered).toEqual(first);
    expect(await balanceOf(token)).toBe(60_000);
    const records = (await sim('/sim/records')).json;
    expect(records.debits.filter((row: { out_debit_no: string }) => row.out_debit_no === debitNo)).toHaveLength(1);
  });

  test('the same debit number with a different body is refused as OUT_DEBIT_NO_USED and moves nothing', async () => {
    const { contractNo, token } = await contractWithBalance(100_000);
    const debitNo = newNo('DB');
    expectOk(await client.debit(debitInput(debitNo, contractNo)));
    const other = await client.debit(debitInput(debitNo, contractNo, 40_001));
    expect(other).toMatchObject({ kind: 'rejected', httpStatus: 409, code: 'OUT_DEBIT_NO_USED' });
    expect(await balanceOf(token)).toBe(60_000);
  });

  test('a debit on an unknown contract is refused as CONTRACT_NOT_FOUND and leaves no record', async () => {
    const debitNo = newNo('DB');
    await expect(client.debit(debitInput(debitNo, newNo('CT')))).resolves.toMatchObject({ kind: 'rejected', code: 'CONTRACT_NOT_FOUND' });
    await expect(client.queryDebit(debitNo)).resolves.toMatchObject({ kind: 'rejected', httpStatus: 404, code: 'DEBIT_NOT_FOUND' });
  });

  test('a debit the bank processes later answers PROCESSING; the result comes by query and notification', async () => {
    const { contractNo, token } = await contractWithBalance(100_000);
    simulator.configure({ debitProcessingMs: null });
    try {
      const debitNo = newNo('DB');
      expect(expectOk(await client.debit(debitInput(debitNo, contractNo))).state).toBe('PROCESSING');
      expect(expectOk(await client.queryDebit(debitNo)).state).toBe('PROCESSING');
      expect(await balanceOf(token)).toBe(100_000);
      expect((await sim('/sim/debits/settle', { out_debit_no: debitNo })).json.state).toBe('SUCCESS');
      expect(expectOk(await client.queryDebit(debitNo)).state).toBe('SUCCESS');
      await waitFor(() => eventsFor('DEBIT.SUCCESS', debitNo).length > 0);
      expect(await balanceOf(token)).toBe(60_000);
    } finally {
      simulator.configure({ debitProcessingMs: 0 });
    }
  });

  test('input that breaks the spec is refused before sending, as INVALID_INPUT', async () => {
    await expect(client.debit({ ...debitInput('x', 'CT000001'), amount_fen: 1.5 })).resolves.toMatchObject({ kind: 'rejected', httpStatus: 0, code: 'INVALID_INPUT' });
  });
});

describe('advances (credit enrollment)', () => {
  const dueIn61Days = '2027-02-19';

  test('an advance for a person in good standing is paid; a due date inside the minimum period is refused', async () => {
    const advanceNo = newNo('AD');
    const early = await client.advance(advanceInput(advanceNo, '2027-02-18'));
    expect(early).toMatchObject({ kind: 'rejected', httpStatus: 400, code: 'DUE_DATE_TOO_EARLY' });
    const paid = expectOk(await client.advance(advanceInput(advanceNo, dueIn61Days)));
    expect(paid).toMatchObject({ state: 'PAID', outstanding_fen: 40_000, repaid_fen: 0, credit_reported: false, repayments: [] });
    expect(expectOk(await client.advance(advanceInput(advanceNo, dueIn61Days))).advance_id).toBe(paid.advance_id);
    await expect(client.advance({ ...advanceInput(advanceNo, dueIn61Days), amount_fen: 1 })).resolves.toMatchObject({ code: 'OUT_ADVANCE_NO_USED' });
  });

  test('a person the bank grades POOR is refused, and nothing is owed', async () => {
    await sim('/sim/credit', { id_hash: idHashOf(9), grade: 'POOR' });
    const refused = expectOk(await client.advance(advanceInput(newNo('AD'), dueIn61Days, 9)));
    expect(refused).toMatchObject({ state: 'REFUSED', fail_code: 'CREDIT_REFUSED', outstanding_fen: 0, paid_at: null });
  });

  test('repayments are idempotent, may be partial, and the last one makes the advance REPAID with ADVANCE.REPAID', async () => {
    const advanceNo = newNo('AD');
    expectOk(await client.advance(advanceInput(advanceNo, dueIn61Days)));
    const firstNo = newNo('RP');
    const first = expectOk(await client.repay({ out_advance_no: advanceNo, out_repayment_no: firstNo, amount_fen: 10_000 }));
    expect(first.advance).toMatchObject({ state: 'PAID', repaid_fen: 10_000, outstanding_fen: 30_000 });
    expect(expectOk(await client.repay({ out_advance_no: advanceNo, out_repayment_no: firstNo, amount_fen: 10_000 })).repayment).toEqual(first.repayment);
    await expect(client.repay({ out_advance_no: advanceNo, out_repayment_no: firstNo, amount_fen: 9_000 })).resolves.toMatchObject({ code: 'OUT_REPAYMENT_NO_USED' });
    await expect(client.repay({ out_advance_no: advanceNo, out_repayment_no: newNo('RP'), amount_fen: 30_001 })).resolves.toMatchObject({
      code: 'REPAYMENT_EXCEEDS_OUTSTANDING',
    });
    const last = expectOk(await client.repay({ out_advance_no: advanceNo, out_repayment_no: newNo('RP'), amount_fen: 30_000 }));
    expect(last.advance).toMatchObject({ state: 'REPAID', outstanding_fen: 0 });
    expect(expectOk(await client.queryAdvance(advanceNo)).repayments).toHaveLength(2);
    await waitFor(() => eventsFor('ADVANCE.REPAID', advanceNo).length > 0);
  });

  test('an advance unpaid after its due date turns OVERDUE when the bank clock passes it, is reported, and can still be repaid', async () => {
    const advanceNo = newNo('AD');
    expectOk(await client.advance(advanceInput(advanceNo, dueIn61Days)));
    try {
      simulator.setClock(new Date('2027-02-19T23:59:00+08:00'));
      expect(expectOk(await client.queryAdvance(advanceNo)).state).toBe('PAID');
      simulator.advanceClock(2 * 60_000);
      const [event] = await waitFor(() => eventsFor('ADVANCE.OVERDUE', advanceNo).length > 0 && eventsFor('ADVANCE.OVERDUE', advanceNo));
      expect(event).toMatchObject({ type: 'advance', advance: { state: 'OVERDUE', credit_reported: true, outstanding_fen: 40_000 } });
      const repaid = expectOk(await client.repay({ out_advance_no: advanceNo, out_repayment_no: newNo('RP'), amount_fen: 40_000 }));
      expect(repaid.advance).toMatchObject({ state: 'REPAID', credit_reported: true });
      expect(repaid.advance.overdue_at).not.toBeNull();
    } finally {
      simulator.setClock(BASE);
    }
  });

  test('a repayment made at the bank counter shows on the advance without a number of ours', async () => {
    const advanceNo = newNo('AD');
    expectOk(await client.advance(advanceInput(advanceNo, dueIn61Days)));
    expect((await sim('/sim/advances/repay', { out_advance_no: advanceNo, amount_fen: 40_000 })).status).toBe(200);
    const advance = expectOk(await client.queryAdvance(advanceNo));
    expect(advance).toMatchObject({ state: 'REPAID', repayments: [{ out_repayment_no: null, channel: 'BANK_COUNTER' }] });
  });
});

describe('statements', () => {
  test('a day’s statement lists every debit, advance and repayment of that day, with totals, and is final once the day is over', async () => {
    const day = new Date('2026-12-22T09:00:00+08:00');
    try {
      simulator.setClock(day);
      const { contractNo } = await contractWithBalance(50_000);
      const okNo = newNo('DB');
      const failedNo = newNo('DB');
      const advanceNo = newNo('AD');
      const repaymentNo = newNo('RP');
      expectOk(await client.debit(debitInput(okNo, contractNo)));
      expectOk(await client.debit(debitInput(failedNo, contractNo)));
      expectOk(await client.advance(advanceInput(advanceNo, '2027-02-21')));
      expectOk(await client.repay({ out_advance_no: advanceNo, out_repayment_no: repaymentNo, amount_fen: 15_000 }));

      const running = expectOk(await client.statement('2026-12-22'));
      expect(running.final).toBe(false);
      await expect(client.statement('2026-12-23')).resolves.toMatchObject({ kind: 'rejected', code: 'STATEMENT_NOT_READY' });

      simulator.setClock(new Date('2026-12-23T09:00:00+08:00'));
      const statement = expectOk(await client.statement('2026-12-22'));
      expect(statement.final).toBe(true);
      const byNumber = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]));
      expect(statement.lines.map((line) => [line.type, line.out_no, line.state, line.amount_fen]).sort(byNumber)).toEqual(
        [
          ['DEBIT', okNo, 'SUCCESS', 40_000],
          ['DEBIT', failedNo, 'FAILED', 40_000],
          ['ADVANCE', advanceNo, 'PAID', 40_000],
          ['REPAYMENT', repaymentNo, 'SUCCESS', 15_000],
        ].sort(byNumber),
      );
      expect(statement.lines.map((line) => line.at)).toEqual(statement.lines.map((line) => line.at).sort());
      expect(statement.totals).toEqual({
        debit_success_count: 1,
        debit_success_fen: 40_000,
        debit_failed_count: 1,
        advance_paid_count: 1,
        advance_paid_fen: 40_000,
        repayment_count: 1,
        repayment_fen: 15_000,
      });
      // One to one with what the bank holds for that day.
      const records = (await sim('/sim/records')).json;
      const debitsThatDay = records.debits.filter((row: { finished_at: string | null }) => row.finished_at?.startsWith('2026-12-22'));
      expect(debitsThatDay.map((row: { out_debit_no: string }) => row.out_debit_no).sort()).toEqual([okNo, failedNo].sort());
    } finally {
      simulator.setClock(BASE);
    }
  });

  test('an empty day gives an empty, balanced statement', async () => {
    const statement = expectOk(await client.statement('2026-01-01'));
    expect(statement).toMatchObject({ final: true, lines: [], totals: { debit_success_fen: 0, repayment_fen: 0 } });
  });
});

describe('request signatures at the bank', () => {
  const signedFetch = (overrides: { timestampSeconds?: number; nonce?: string; body?: string; privateKey?: string } = {}) => {
    const body = overrides.body ?? '';
    const path = `/v1/debits/${newNo('DB')}`;
    const headers = signBankMessage({
      kind: { type: 'request', method: 'GET', pathWithQuery: path },
      partnerId: keys.partnerId,
      keyId: keys.partnerKeyId,
      privateKey: overrides.privateKey ?? keys.partnerPrivateKeyPem,
      timestampSeconds: overrides.timestampSeconds ?? Math.floor(Date.now() / 1000),
      nonce: overrides.nonce,
      body,
    });
    return { send: () => fetch(`${simulator.baseUrl}${path}`, { headers }).then(async (r) => ({ status: r.status, json: await r.json() })) };
  };

  test('a request signed with another key is refused 401 SIGN_ERROR', async () => {
    await expect(signedFetch({ privateKey: keys.bankPrivateKeyPem }).send()).resolves.toMatchObject({ status: 401, json: { code: 'SIGN_ERROR' } });
  });

  test('a request stamped 10 minutes ago is refused 401 TIMESTAMP_EXPIRED', async () => {
    const stale = signedFetch({ timestampSeconds: Math.floor(Date.now() / 1000) - 600 });
    await expect(stale.send()).resolves.toMatchObject({ status: 401, json: { code: 'TIMESTAMP_EXPIRED' } });
  });

  test('a replayed request (same nonce) is refused 401 NONCE_REPLAYED', async () => {
    const request = signedFetch();
    await expect(request.send()).resolves.toMatchObject({ status: 404, json: { code: 'DEBIT_NOT_FOUND' } });
    await expect(request.send()).resolves.toMatchObject({ status: 401, json: { code: 'NONCE_REPLAYED' } });
  });
});

describe('fault switches: the client says unknown, a query settles it, the bank holds one debit', () => {
  const cases = [
    { name: 'timeout before applying', fault: { timeout: { phase: 'before', holdMs: 1_500 } }, applied: false },
    { name: 'timeout after applying', fault: { timeout: { phase: 'after', holdMs: 1_500 } }, applied: true },
    { name: '5xx before applying', fault: { serverError: { phase: 'before', status: 502 } }, applied: false },
    { name: '5xx after applying', fault: { serverError: { phase: 'after', status: 503 } }, applied: true },
    { name: 'connection reset before applying', fault: { connectionReset: { phase: 'before' } }, applied: false },
    { name: 'connection reset after applying', fault: { connectionReset: { phase: 'after' } }, applied: true },
    { name: 'an answer whose signature does not verify', fault: { badSignature: {} }, applied: true },
  ] as const;

  test.each(cases)('$name', async ({ fault, applied }) => {
    const { contractNo, token } = await contractWithBalance(100_000);
    const debitNo = newNo('DB');
    const [name, rule] = Object.entries(fault)[0];
    simulator.setFaults({ seed: 7, [name]: { ...rule, times: 1, match: '^POST /v1/debits$' } });
    const outcome = await client.debit(debitInput(debitNo, contractNo));
    expect(outcome.kind).toBe('unknown');

    const queried = await client.queryDebit(debitNo);
    if (applied) expect(expectOk(queried).state).toBe('SUCCESS');
    else expect(queried).toMatchObject({ kind: 'rejected', httpStatus: 404, code: 'DEBIT_NOT_FOUND' });

    // The janitor repeats with the same number: the bank debits at most once.
    const repeated = expectOk(await client.debit(debitInput(debitNo, contractNo)));
    expect(repeated.state).toBe('SUCCESS');
    if (applied) expect(repeated.debit_id).toBe(expectOk(queried).debit_id);
    const records = (await sim('/sim/records')).json;
    expect(records.debits.filter((row: { out_debit_no: string }) => row.out_debit_no === debitNo)).toHaveLength(1);
    expect(await balanceOf(token)).toBe(60_000);
    expect((await sim('/sim/faults')).json.fired).toHaveLength(1);
  });

  test('an advance whose answer timed out is found PAID by query; a repayment lost to a 5xx is found on the advance', async () => {
    const advanceNo = newNo('AD');
    simulator.setFaults({ timeout: { phase: 'after', holdMs: 1_500, times: 1, match: '^POST /v1/advances$' } });
    await expect(client.advance(advanceInput(advanceNo, '2027-02-19'))).resolves.toMatchObject({ kind: 'unknown' });
    expect(expectOk(await client.queryAdvance(advanceNo)).state).toBe('PAID');

    const repaymentNo = newNo('RP');
    simulator.setFaults({ serverError: { phase: 'after', times: 1, match: 'repayments$' } });
    await expect(client.repay({ out_advance_no: advanceNo, out_repayment_no: repaymentNo, amount_fen: 40_000 })).resolves.toMatchObject({ kind: 'unknown' });
    const advance = expectOk(await client.queryAdvance(advanceNo));
    expect(advance).toMatchObject({ state: 'REPAID', repayments: [{ out_repayment_no: repaymentNo, amount_fen: 40_000 }] });
  });

  test('a contract signed behind a reset connection is found ACTIVE by query', async () => {
    const contractNo = newNo('CT');
    simulator.setFaults({ connectionReset: { phase: 'after', times: 1, match: '^POST /v1/contracts$' } });
    await expect(client.signContract(contractInput(contractNo, newNo('tok_')))).resolves.toMatchObject({ kind: 'unknown' });
    expect(expectOk(await client.queryContract(contractNo)).state).toBe('ACTIVE');
  });
});

describe('notification faults', () => {
  const settle = () => new Promise((later) => setTimeout(later, 300));

  test('duplicates re-signed afresh all verify and carry one event id, for the caller to deduplicate', async () => {
    const { contractNo } = await contractWithBalance(100_000);
    const debitNo = newNo('DB');
    simulator.setFaults({ duplicateCallback: { copies: 2, mode: 'resend', match: '^DEBIT\\.' } });
    expectOk(await client.debit(debitInput(debitNo, contractNo)));
    const copies = await waitFor(() => eventsFor('DEBIT.SUCCESS', debitNo).length === 3 && eventsFor('DEBIT.SUCCESS', debitNo));
    expect(new Set(copies.map((event) => event.id)).size).toBe(1);
  });

  test('a byte-for-byte replay is refused as REPLAYED_NONCE', async () => {
    const { contractNo } = await contractWithBalance(100_000);
    const before = received.length;
    simulator.setFaults({ duplicateCallback: { copies: 1, mode: 'verbatim', match: '^DEBIT\\.' } });
    const debitNo = newNo('DB');
    expectOk(await client.debit(debitInput(debitNo, contractNo)));
    await waitFor(() => received.length >= before + 2);
    await settle();
    expect(eventsFor('DEBIT.SUCCESS', debitNo)).toHaveLength(1);
    expect(received.slice(before).filter((outcome) => outcome.kind === 'rejected' && outcome.code === 'REPLAYED_NONCE')).toHaveLength(1);
  });

  test('a forged copy is refused as BAD_SIGNATURE and the genuine one still arrives', async () => {
    const { contractNo } = await contractWithBalance(100_000);
    const before = received.length;
    simulator.setFaults({ forgedCallback: { match: '^DEBIT\\.' } });
    const debitNo = newNo('DB');
    expectOk(await client.debit(debitInput(debitNo, contractNo)));
    await waitFor(() => eventsFor('DEBIT.SUCCESS', debitNo).length === 1);
    expect(received.slice(before).filter((outcome) => outcome.kind === 'rejected' && outcome.code === 'BAD_SIGNATURE')).toHaveLength(1);
  });

  test('a held-back notification is overtaken by a later one (out of order)', async () => {
    const { contractNo } = await contractWithBalance(100_000);
    simulator.setFaults({ delayCallback: { delayMs: 400, times: 1, match: '^DEBIT\\.' } });
    const firstNo = newNo('DB');
    const secondNo = newNo('DB');
    expectOk(await client.debit(debitInput(firstNo, contractNo, 10_000)));
    expectOk(await client.debit(debitInput(secondNo, contractNo, 10_000)));
    await waitFor(() => eventsFor('DEBIT.SUCCESS', firstNo).length === 1);
    const order = events()
      .filter((event): event is Extract<BankEvent, { type: 'debit' }> => event.type === 'debit')
      .map((event) => event.debit.out_debit_no)
      .filter((no) => no === firstNo || no === secondNo);
    expect(order).toEqual([secondNo, firstNo]);
  });
});

describe('a day pinned by the runtime (--today, DEV_TODAY)', () => {
  test('the business clock reads that day at the real time of day, /sim/clock moves from it and resets to it, and signing keeps real time', async () => {
    // Far from any real date: a statement day or a signature that followed the real clock would show at once.
    const PINNED = '2020-01-15';
    const pinned = await startBankSimulator({ port: 0, keysDir, dataDir: join(root, 'pinned'), today: PINNED });
    try {
      const clock = async () => (await simControl(pinned.baseUrl, '/sim/clock')).json;
      expect(await clock()).toMatchObject({ today: PINNED, offsetMs: 0, pinnedToday: PINNED });
      const day = 86_400_000;
      const drift = (((pinned.now().getTime() - Date.now()) % day) + day) % day;
      expect(Math.min(drift, day - drift)).toBeLessThan(60_000);

      // Signed answers verify against the real clock, and the statement days are the pinned calendar's.
      const pinnedClient = createBankClient({ baseUrl: pinned.baseUrl, ...localBankClientKeys(keys), clock: () => new Date(), timeoutMs: 2_000 });
      expect(expectOk(await pinnedClient.statement(PINNED))).toMatchObject({ date: PINNED, final: false });
      await expect(pinnedClient.statement('2020-01-16')).resolves.toMatchObject({ kind: 'rejected', code: 'STATEMENT_NOT_READY' });

      await simControl(pinned.baseUrl, '/sim/clock', { advanceMs: day });
      expect(await clock()).toMatchObject({ today: '2020-01-16', offsetMs: day });
      await simControl(pinned.baseUrl, '/sim/clock', { reset: true });
      expect(await clock()).toMatchObject({ today: PINNED, offsetMs: 0 });
    } finally {
      await pinned.close();
    }
  });
});

describe('persistence and the command line', () => {
  test('a restarted simulator keeps its contracts, debits, balances and moved clock', async () => {
    const { contractNo, token } = await contractWithBalance(100_000);
    const debitNo = newNo('DB');
    expectOk(await client.debit(debitInput(debitNo, contractNo)));
    const before = (await sim('/sim/records')).json;
    await simulator.close();
    simulator = await startBankSimulator({ port: 0, keysDir, dataDir });
    client = makeClient();
    expect((await sim('/sim/records')).json).toEqual({ ...before, now: expect.any(String) });
    expect(simulator.now().getTime() - BASE.getTime()).toBeLessThan(60_000);
    expect(expectOk(await client.queryDebit(debitNo)).state).toBe('SUCCESS');
    expect(await balanceOf(token)).toBe(60_000);
  });

  test('main.ts prints one JSON line with the port once listening', async () => {
    const tsx = resolve(__dirname, '../../node_modules/.bin/tsx');
    const child = spawn(tsx, [resolve(__dirname, 'main.ts'), '--port', '0', '--keys-dir', keysDir, '--data-dir', join(root, 'cli-data')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((found, failed) => {
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          if (buffered.includes('\n')) found(buffered.split('\n')[0]);
        });
        child.once('exit', (code) => failed(new Error(`exited with ${code}`)));
      });
      const announced = JSON.parse(line);
      expect(announced).toEqual({ service: 'bank-sim', port: expect.any(Number) });
      const health = await fetch(`http://127.0.0.1:${announced.port}/sim/health`).then((response) => response.json());
      expect(health).toMatchObject({ ok: true, service: 'bank-sim', partnerId: keys.partnerId });
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
