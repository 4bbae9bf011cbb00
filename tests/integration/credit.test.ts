/**
 * Credit enrollment (信用参保, D16) against the running runtime and its bank simulator, on the runtime's day (npm test
 * pins it inside the 2027 period; the bank simulator keeps the same day). The rules engine allows signing inside a
 * year's concentrated period (creditEligibility), so the whole flow runs for 2027, while 2026 (its period closed
 * 2025-12-31) answers "outside the period".
 * Overdue and suspension need the calendar to move: tests/timetravel/year.test.ts walks them with an injected clock.
 */
import { localBankKeysDir } from '../../cloudfunctions/_core/agreements/bankChannel';
import { bankIdHash, ensureLocalBankKeys, localIdHashKey } from '../../cloudfunctions/_core/channels/bank';
import { dates } from '../../shared/policy';
import { call, login, runtimeToday } from '../support/http';
import { ledgerCheck, runtimeDataDir as dataDir } from '../support/ledger';
import { bankSim as sim } from '../support/sims';

/** The bank's name for a person, made with the key the runtime shares with its simulator. */
function bankHashOf(idNumber: string): string {
  return bankIdHash(localIdHashKey(ensureLocalBankKeys(localBankKeysDir(dataDir()))), idNumber);
}

describe('credit enrollment (bank advances) and the benefit status', () => {
  let token: string;
  let wuGang: string;
  let zhengMin: string;

  beforeAll(async () => {
    // The demo registry's H-DEMO-5: covered 2025 only, so neither has paid for 2026 or 2027.
    token = await login('credit-tester');
    wuGang = (await call('bindIdentity', { name: '吴刚', idNumber: '340104197505053919' }, token)).body.data.person.personId;
    const added = await call('relatives', { action: 'add', name: '郑敏', idNumber: '340104197910104265', relation: 'spouse' }, token);
    const spouse = added.body.data.relatives.find((r: { relation: string }) => r.relation === 'spouse');
    expect(spouse.verified).toBe(true);
    zhengMin = spouse.person.personId;
  });

  it('answers eligibility from the rules: 2026 is outside its period, 2027 is open with the server\'s quote and a due date two months on', async () => {
    const late = await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2026 }, token);
    expect(late.body).toMatchObject({ ok: true, data: { eligibility: { eligible: false, reason: 'OUTSIDE_PERIOD' } } });
    expect(late.body.data.eligibility.message).toContain('2025-12-31');

    const open = (await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2027 }, token)).body.data.eligibility;
    const coverage = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'self');
    const due2027 = coverage.years.find((y: { benefitYear: number }) => y.benefitYear === 2027);
    expect(open).toMatchObject({ eligible: true, amountFen: due2027.dueFen, dueDate: dates.addMonths(await runtimeToday(), 2), interestFreeMonths: 2 });
    expect(open.amountFen).toBeGreaterThan(0);
  });

  it('refuses a poor credit grade with a clear message, and the year stays payable', async () => {
    await sim('/credit', { id_hash: bankHashOf('340104197910104265'), grade: 'POOR' });
    const refused = await call('credit', { action: 'sign', personId: zhengMin, benefitYear: 2027 }, token);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expect(refused.body.error.message).toContain('银行未同意');
    const listed = (await call('credit', { action: 'list' }, token)).body.data.advances;
    expect(listed.find((a: { personId: string }) => a.personId === zhengMin)).toMatchObject({ state: 'REFUSED', stateLabel: '银行未同意代缴' });
    const coverage = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'spouse');
    expect(coverage.years.find((y: { benefitYear: number }) => y.benefitYear === 2027).state).toBe('DUE');
  });

  it('signs for 吴刚: the bank pays, he is enrolled for 2027, and benefits wait for the repayment', async () => {
    const dueDate = dates.addMonths(await runtimeToday(), 2);
    const signed = await call('credit', { action: 'sign', personId: wuGang, benefitYear: 2027 }, token);
    expect(signed.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID', dueDate, creditRecorded: false } } });
    const coverage = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'self');
    expect(coverage.years.find((y: { benefitYear: number }) => y.benefitYear === 2027).state).toBe('ENROLLED');
    const again = await call('credit', { action: 'sign', personId: wuGang, benefitYear: 2027 }, token);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'ALREADY_PAID' } });

    // 2026 was a break year (D10): 2027 starts with a waiting period. It ends after the due date, so unless he repays
    // by then, the advance is overdue and holds benefits back. ("Repay first" before the due date: see the time-travel test.)
    const early = (await call('benefitStatus', { personId: wuGang, date: '2027-01-15' }, token)).body.data;
    expect(early).toMatchObject({ status: 'waiting', reason: 'waiting-period', benefitYear: 2027, credit: { dueDate, state: 'PAID' } });
    expect(early.until > dueDate).toBe(true);
    const afterWaiting = (await call('benefitStatus', { personId: wuGang, date: early.until }, token)).body.data;
    expect(afterWaiting).toMatchObject({ status: 'suspended', reason: 'credit-overdue', credit: { state: 'PAID' } });
    expect(afterWaiting.message).toContain(dueDate);
    expect(JSON.stringify(afterWaiting)).not.toContain('340104197505053919');
    expect((await call('benefitStatus', { personId: wuGang, date: '2026-06-01' }, token)).body.data.status).toBe('not-enrolled');
  });

  it('shows the status only to the person, their family and staff', async () => {
    const stranger = await login('credit-stranger');
    await call('bindIdentity', { name: '褚涛', idNumber: '340104199207073398' }, stranger);
    expect((await call('benefitStatus', { personId: wuGang }, stranger)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2027 }, stranger)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const mine = (await call('credit', { action: 'list' }, token)).body.data.advances.find((a: { personId: string; state: string }) => a.personId === wuGang && a.state === 'PAID');
    expect((await call('credit', { action: 'repay', advanceId: mine.advanceId }, stranger)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const staff = await login('demo-staff');
    const seen = await call('benefitStatus', { personId: wuGang, date: '2027-06-01' }, staff);
    expect(seen.body).toMatchObject({ ok: true, data: { name: '吴刚', status: 'suspended', reason: 'credit-overdue' } });
    expect((await call('benefitStatus', { personId: wuGang, date: '2027-02-30' }, staff)).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('repays through the bank: the advance closes, benefits resume from tomorrow, and the books balance', async () => {
    const advance = (await call('credit', { action: 'list' }, token)).body.data.advances.find((a: { personId: string; state: string }) => a.personId === wuGang && a.state === 'PAID');
    const repaid = await call('credit', { action: 'repay', advanceId: advance.advanceId }, token);
    const tomorrow = dates.addDays(await runtimeToday(), 1);
    expect(repaid.body).toMatchObject({ ok: true, data: { advance: { state: 'REPAID', restoredFrom: tomorrow } } });
    expect((await call('credit', { action: 'repay', advanceId: advance.advanceId }, token)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const status = (await call('benefitStatus', { personId: wuGang, date: '2027-06-01' }, token)).body.data;
    expect(status).toMatchObject({ status: 'active', reason: 'enrolled' });
    const records = await sim('/records');
    const atBank = records.advances.find((a: { out_advance_no: string }) => a.out_advance_no === advance.advanceId);
    expect(atBank).toMatchObject({ state: 'REPAID', outstanding_fen: 0 });
    const notices = (await call('notices', { action: 'list' }, token)).body.data.notices.map((n: { kind: string }) => n.kind);
    expect(notices).toEqual(expect.arrayContaining(['credit.advanced', 'credit.repaid']));
    expect(ledgerCheck()).toMatchObject({ ok: true, totalFen: 0 });
  });
});
