/**
 * Bank statement reconciliation against the running runtime and its bank simulator, on the runtime's day (the bank
 * simulator keeps the same business day, so its statement of "today" is ours): real bank movements (an auto-renewal debit by the deduction batch, a credit advance, repayments at the bank counter and
 * through us), then the day's statement reconciled and stored under the bank channel beside WeChat's report. A
 * counter repayment is learned by asking the bank about its advance during the run.
 *
 * The runtime is shared with the other system tests, whose movements land on the same statement day: this file
 * checks only the lines of its own people (demo registry households H-DEMO-13 and H-DEMO-14).
 */
import { dates } from '../../shared/policy';
import { call, login, runtimeToday } from '../support/http';
import { bankSim as sim, runDeductionBatch } from '../support/sims';

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;

interface Line {
  kind: string;
  ref: string;
  status: string;
  ourFen: number | null;
  channelFen: number | null;
  detail: string;
}

async function runBank(staff: string, billDate: string): Promise<{ channel: string; billDate: string; counts: Record<string, number>; lines: Line[] }> {
  const { body } = await call('reconciliation', { action: 'run', billDate, channel: 'bank' }, staff);
  expect(body).toMatchObject({ ok: true, data: { channel: 'bank', billDate } });
  return body.data;
}

describe('reconciling the partner bank statement', () => {
  let today = '';
  let staff: string;
  let debitNo = '';
  let debitFen = 0;
  let advanceId = '';
  let advanceFen = 0;
  let counterRef = '';

  beforeAll(async () => {
    // Debit hours are the bank's business; tests may run at any hour (as tests/integration/agreements.test.ts sets).
    await sim('/config', { allowedHours: { from: '00:00', to: '23:59' } });
    staff = await login('demo-staff');
    today = await runtimeToday();

    // 冯军 (H-DEMO-13) signs auto-renewal for his own 2027 premium; the batch debits his bank account.
    const feng = await login('reconciliation-debit-tester');
    const fengId = (await call('bindIdentity', { name: '冯军', idNumber: '34010419820614273X' }, feng)).body.data.person.personId;
    const signed = await call('agreements', { action: 'sign', personId: fengId, bankAccount: { holderName: '冯军', accountNo: '6222020200131313131' } }, feng);
    expect(signed.body).toMatchObject({ ok: true, data: { agreement: { state: 'ACTIVE' } } });
    for (let i = 0; i < 5 && !debitNo; i += 1) {
      await runDeductionBatch();
      const records = await sim('/records');
      const contract = records.contracts.find((c: { account_no_masked: string }) => c.account_no_masked.endsWith('3131'));
      const debit = records.debits.find((d: { out_contract_no: string; state: string }) => d.out_contract_no === contract.out_contract_no && d.state === 'SUCCESS');
      if (debit) [debitNo, debitFen] = [debit.out_debit_no, debit.amount_fen];
    }
    expect(debitNo).not.toBe('');

    // 韩梅 (H-DEMO-14) has the bank pay her 2027 premium (信用参保), then repays a little at the bank counter.
    const han = await login('reconciliation-credit-tester');
    const hanId = (await call('bindIdentity', { name: '韩梅', idNumber: '340104199003221846' }, han)).body.data.person.personId;
    const advance = await call('credit', { action: 'sign', personId: hanId, benefitYear: 2027 }, han);
    expect(advance.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID' } } });
    advanceId = advance.body.data.advance.advanceId;
    advanceFen = (await sim('/records')).advances.find((a: { out_advance_no: string }) => a.out_advance_no === advanceId).amount_fen;
    // The bank will not answer questions about her advance until the first test has run: whatever asks in between
    // (the daily credit job another test file fires) learns nothing, so that run sees the difference.
    await sim('/faults', { serverError: { match: `^GET /v1/advances/${advanceId}$` } });
    await sim('/advances/repay', { out_advance_no: advanceId, amount_fen: 100 });
    const counter = (await sim('/records')).repayments.find((r: { out_advance_no: string; out_repayment_no: string | null }) => r.out_advance_no === advanceId && r.out_repayment_no === null);
    counterRef = `bank:${counter.repayment_id}`;
  });

  it('shows the counter repayment as a state difference while the bank cannot tell us about the advance', async () => {
    // The run asks the bank about the advance a counter repayment names, and the bank answers 500 (set in beforeAll).
    const report = await runBank(staff, today);
    await sim('/faults', {});
    const line = (ref: string) => report.lines.find((l) => l.ref === ref);
    expect(line(debitNo)).toMatchObject({ kind: 'debit', status: 'MATCHED', ourFen: debitFen, channelFen: debitFen });
    expect(line(advanceId)).toMatchObject({ kind: 'advance', status: 'MATCHED', ourFen: advanceFen, channelFen: advanceFen });
    expect(line(counterRef)).toMatchObject({ kind: 'repayment', status: 'STATUS_MISMATCH', ourFen: null, channelFen: 100 });
    expect(line(counterRef)!.detail).toBe('银行柜台还款，未能向银行核实该垫付，我方垫付状态为 PAID，已记已还 0.00元');
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(report.lines.length);
    expect(report.counts.MATCHED).toBeGreaterThanOrEqual(2);
    expect(report.counts.STATUS_MISMATCH).toBeGreaterThanOrEqual(1);
  });

  it('learns the part repayment from the bank on the next run: the line matches, and 韩梅 sees what is left and is told', async () => {
    const report = await runBank(staff, today);
    expect(report.lines.find((l) => l.ref === counterRef)).toMatchObject({
      kind: 'repayment', status: 'MATCHED', channelFen: 100, detail: `银行柜台部分还款，我方垫付已记已还 1.00元、待还 ${yuan(advanceFen - 100)}`,
    });
    const han = await login('reconciliation-credit-tester');
    const advance = (await call('credit', { action: 'list' }, han)).body.data.advances.find((a: { advanceId: string }) => a.advanceId === advanceId);
    expect(advance).toMatchObject({ state: 'PAID', amountFen: advanceFen, repaidFen: 100, outstandingFen: advanceFen - 100 });
    expect(advance.history.map((e: { label: string }) => e.label)).toContain(`银行已收到还款共 1.00元，尚需归还 ${yuan(advanceFen - 100)}`);
    const notices = (await call('notices', { action: 'list' }, han)).body.data.notices as { kind: string; body: string }[];
    const told = notices.filter((n) => n.kind === 'credit.part-repaid');
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(`尚需归还 ${yuan(advanceFen - 100)}`);
    // Asking again learns nothing new and tells her nothing twice.
    await runBank(staff, today);
    expect(((await call('notices', { action: 'list' }, han)).body.data.notices as { kind: string }[]).filter((n) => n.kind === 'credit.part-repaid')).toHaveLength(1);
  });

  it('keeps the bank report apart from WeChat Pay\'s for the same day, and lists it again without running', async () => {
    const stored = (await call('reconciliation', { action: 'get', billDate: today, channel: 'bank' }, staff)).body.data;
    expect(stored.channel).toBe('bank');
    expect(stored.lines.map((l: Line) => l.ref)).toEqual(expect.arrayContaining([debitNo, advanceId, counterRef]));
    // Without a channel the report is WeChat Pay's, as before channels existed: no bank line is in it.
    await call('reconciliation', { action: 'run', billDate: today }, staff);
    const wechat = (await call('reconciliation', { action: 'get', billDate: today }, staff)).body.data;
    expect(wechat.channel).toBe('wechatpay');
    expect(wechat.lines.some((l: Line) => [debitNo, advanceId, counterRef].includes(l.ref))).toBe(false);
    const again = (await call('reconciliation', { action: 'get', billDate: today, channel: 'bank' }, staff)).body.data;
    expect(again.lines.map((l: Line) => l.ref)).toEqual(expect.arrayContaining([debitNo, advanceId, counterRef]));
  });

  it('refuses a day that is not a date, or has not come yet, and stores nothing for it', async () => {
    for (const channel of ['wechatpay', 'bank']) {
      for (const billDate of ['2026-13-45', '2026-02-30', '9999-01-01']) {
        expect((await call('reconciliation', { action: 'run', billDate, channel }, staff)).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }
      expect((await call('reconciliation', { action: 'get', billDate: '9999-01-01', channel }, staff)).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('tells a day reconciled with no transactions from a day never reconciled', async () => {
    // Days a month before the runtime's first: no transactions, and inside the 90 days the channels keep bills for.
    const [never, quiet] = [dates.addDays(today, -31), dates.addDays(today, -30)];
    expect((await call('reconciliation', { action: 'get', billDate: never, channel: 'bank' }, staff)).body.data.checkedAt).toBeUndefined();
    const run = (await call('reconciliation', { action: 'run', billDate: quiet, channel: 'bank' }, staff)).body.data;
    expect(run).toMatchObject({ lines: [], checkedAt: expect.any(String) });
    expect((await call('reconciliation', { action: 'get', billDate: quiet, channel: 'bank' }, staff)).body.data.checkedAt).toBe(run.checkedAt);
  });

  it('agrees once she repays the rest through us: our repayment matches and the counter line is settled', async () => {
    const han = await login('reconciliation-credit-tester');
    const repaid = await call('credit', { action: 'repay', advanceId }, han);
    expect(repaid.body).toMatchObject({ ok: true, data: { advance: { state: 'REPAID' } } });
    const repayment = (await sim('/records')).repayments.find((r: { out_advance_no: string; out_repayment_no: string | null }) => r.out_advance_no === advanceId && r.out_repayment_no !== null);

    const report = await runBank(staff, today);
    const line = (ref: string) => report.lines.find((l) => l.ref === ref);
    expect(line(repayment.out_repayment_no)).toMatchObject({ kind: 'repayment', status: 'MATCHED', ourFen: advanceFen - 100, channelFen: advanceFen - 100 });
    expect(line(counterRef)).toMatchObject({ status: 'MATCHED', channelFen: 100 });
  });

  it('refuses residents, and a day the bank has not reached yet', async () => {
    const resident = await login('reconciliation-debit-tester');
    expect((await call('reconciliation', { action: 'get', billDate: today, channel: 'bank' }, resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const future = await call('reconciliation', { action: 'run', billDate: '2099-01-01', channel: 'bank' }, staff);
    expect(future.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(future.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    // A day older than the channels keep statements for cannot be checked, so it is never stored as checked.
    const ancient = await call('reconciliation', { action: 'run', billDate: '1970-01-01', channel: 'wechatpay' }, staff);
    expect(ancient.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('渠道只保留近 90 天的账单') } });
    const badChannel = await call('reconciliation', { action: 'get', billDate: today, channel: 'alipay' }, staff);
    expect(badChannel.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
