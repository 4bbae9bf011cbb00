/**
 * Credit enrollment (信用参保, D16) against the running runtime and its bank simulator, on the runtime's day (npm test
 * pins it inside the 2027 period; the bank simulator keeps the same day). The rules engine allows signing from a
 * year's concentrated period through the grace window after it (creditEligibility), so the whole flow runs for 2027,
 * while 2026 (its grace window closed 2026-02-28) answers "outside the period".
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

  it('answers eligibility from the rules: 2026 is past its period and grace window, 2027 is open with the server\'s quote and a due date two months on', async () => {
    const late = await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2026 }, token);
    expect(late.body).toMatchObject({ ok: true, data: { eligibility: { eligible: false, reason: 'OUTSIDE_PERIOD' } } });
    // Its period ended 2025-12-31 and the grace window after it, when signing was still open, on 2026-02-28.
    expect(late.body.data.eligibility.message).toContain('2026-02-28');

    const open = (await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2027 }, token)).body.data.eligibility;
    const coverage = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'self');
    const due2027 = coverage.years.find((y: { benefitYear: number }) => y.benefitYear === 2027);
    expect(open).toMatchObject({ eligible: true, amountFen: due2027.dueFen, dueDate: dates.addMonths(await runtimeToday(), 2), interestFreeMonths: 2 });
    expect(open.amountFen).toBeGreaterThan(0);
    // Inside the period the offer does not talk of the period being over, waiting period or not (2026 was his break year).
    expect(open.message).not.toContain('集中参保期已结束');
  });

  it('is not offered while a payment of the year is under way, and is again once that payment is cancelled', async () => {
    const started = (await call('pay', { items: [{ personId: wuGang, benefitYear: 2027 }], useAccount: false }, token)).body;
    expect(started.ok).toBe(true);
    const held = (await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2027 }, token)).body.data.eligibility;
    expect(held).toMatchObject({ eligible: false, reason: 'PAYMENT_IN_PROGRESS', message: '2027 年度已有一笔缴费正在办理中，请稍后查看结果' });
    const signing = await call('credit', { action: 'sign', personId: wuGang, benefitYear: 2027 }, token);
    expect(signing.body).toMatchObject({ ok: false, error: { code: 'PAYMENT_IN_PROGRESS' } });
    expect((await call('payments', { action: 'cancel', orderId: started.data.orderId }, token)).body.ok).toBe(true);
    expect((await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2027 }, token)).body.data.eligibility.eligible).toBe(true);
  });

  it('refuses a poor credit grade with a clear message, and the year stays payable', async () => {
    await sim('/credit', { id_hash: bankHashOf('340104197910104265'), grade: 'POOR' });
    const refused = await call('credit', { action: 'sign', personId: zhengMin, benefitYear: 2027 }, token);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expect(refused.body.error.message).toContain('银行未同意');
    const listed = (await call('credit', { action: 'list' }, token)).body.data.advances;
    const ended = listed.find((a: { personId: string }) => a.personId === zhengMin);
    expect(ended).toMatchObject({ state: 'REFUSED', stateLabel: '银行未同意代缴', note: '信用等级不满足信用参保条件。本年度仍可在小程序中直接缴费，或到经办窗口咨询' });
    expect(ended.history.find((e: { kind: string }) => e.kind === 'refused').label).toContain('本年度仍可在小程序中直接缴费');
    const coverage = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'spouse');
    expect(coverage.years.find((y: { benefitYear: number }) => y.benefitYear === 2027).state).toBe('DUE');
  });

  it('signs for 吴刚: the bank pays, he is enrolled for 2027, and benefits wait for the repayment', async () => {
    const dueDate = dates.addMonths(await runtimeToday(), 2);
    const signed = await call('credit', { action: 'sign', personId: wuGang, benefitYear: 2027 }, token);
    expect(signed.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID', dueDate, creditRecorded: false } } });
    const coverage = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'self');
    expect(coverage.years.find((y: { benefitYear: number }) => y.benefitYear === 2027).state).toBe('ENROLLED');
    // Signing again (a second tap, a retry) answers with the advance already made; nothing new reaches the bank.
    const again = await call('credit', { action: 'sign', personId: wuGang, benefitYear: 2027 }, token);
    expect(again.body).toMatchObject({ ok: true, data: { advance: { advanceId: signed.body.data.advance.advanceId, state: 'PAID' } } });
    // Eligibility says the year is paid: no second loan is offered.
    const other = await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2027 }, token);
    expect(other.body).toMatchObject({ ok: true, data: { eligibility: { eligible: false, reason: 'ALREADY_PAID' } } });

    // 2026 was a break year (D10): 2027 starts with a waiting period. Owing the advance is said first all the same (it
    // is what he must do), with when the waiting ends. That is after the due date, so unless he repays by then, the
    // advance is overdue and holds benefits back.
    const early = (await call('benefitStatus', { personId: wuGang, date: '2027-01-15' }, token)).body.data;
    expect(early).toMatchObject({ status: 'repay-first', reason: 'credit-not-repaid', benefitYear: 2027, credit: { dueDate, state: 'PAID' } });
    expect(early.message).toContain('还清且等待期满后享受待遇');
    const afterWaiting = (await call('benefitStatus', { personId: wuGang, date: '2027-06-01' }, token)).body.data;
    expect(afterWaiting).toMatchObject({ status: 'suspended', reason: 'credit-overdue', credit: { state: 'PAID' } });
    expect(afterWaiting.message).toContain(dueDate);
    expect(JSON.stringify(afterWaiting)).not.toContain('340104197505053919');
    expect((await call('benefitStatus', { personId: wuGang, date: '2026-06-01' }, token)).body.data.status).toBe('not-enrolled');
  });

  it('shows the status only to the person, their family, staff and hospitals', async () => {
    const stranger = await login('credit-stranger');
    await call('bindIdentity', { name: '褚涛', idNumber: '340104199207073398' }, stranger);
    expect((await call('benefitStatus', { personId: wuGang }, stranger)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2027 }, stranger)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const mine = (await call('credit', { action: 'list' }, token)).body.data.advances.find((a: { personId: string; state: string }) => a.personId === wuGang && a.state === 'PAID');
    expect((await call('credit', { action: 'repay', advanceId: mine.advanceId }, stranger)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Typing his name and ID number as a "sibling" makes an unconfirmed link: it shows no more than before.
    const linked = await call('relatives', { action: 'add', name: '吴刚', idNumber: '340104197505053919', relation: 'sibling' }, stranger);
    expect(linked.body.data.relatives.find((r: { person: { personId: string } }) => r.person.personId === wuGang)).toMatchObject({ verified: false });
    expect((await call('credit', { action: 'list' }, stranger)).body.data.advances).toEqual([]);
    expect((await call('credit', { action: 'repay', advanceId: mine.advanceId }, stranger)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await call('benefitStatus', { personId: wuGang }, stranger)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await call('credit', { action: 'eligibility', personId: wuGang, benefitYear: 2027 }, stranger)).body).toMatchObject({ ok: false, error: { code: 'RELATIVE_NOT_VERIFIED' } });
    expect((await call('coverage', {}, stranger)).body.data.people.map((p: { person: { personId: string } }) => p.person.personId)).not.toContain(wuGang);

    const staff = await login('demo-staff');
    const seen = await call('benefitStatus', { personId: wuGang, date: '2027-06-01' }, staff);
    expect(seen.body).toMatchObject({ ok: true, data: { name: '吴刚', status: 'suspended', reason: 'credit-overdue' } });
    expect((await call('benefitStatus', { personId: wuGang, date: '2027-02-30' }, staff)).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A hospital settling a stay asks the same, and reaches nothing at the counter.
    const hospital = await login('demo-hospital');
    expect((await call('benefitStatus', { personId: wuGang, date: '2027-06-01' }, hospital)).body).toMatchObject({ ok: true, data: { status: 'suspended', reason: 'credit-overdue' } });
    expect((await call('refunds', { action: 'restore', idNumber: '340104197505053919', benefitYear: 2027, reason: '测试' }, hospital)).body)
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '该功能仅限医保经办人员在经办窗口使用' } });
  });

  it('a repayment whose answer is lost is confirmed when the page is next read, in Chinese only, never "已还款" while waiting; the books balance', async () => {
    const advance = (await call('credit', { action: 'list' }, token)).body.data.advances.find((a: { personId: string; state: string }) => a.personId === wuGang && a.state === 'PAID');
    // The bank takes the repayment, but its answer never reaches us (this advance's repayment call only, once), and
    // its ADVANCE.REPAID notification is late (which would otherwise confirm the repayment at once).
    await sim('/faults', {
      timeout: { phase: 'after', holdMs: 4000, times: 1, match: `POST /v1/advances/${advance.advanceId}/repayments` },
      delayCallback: { delayMs: 30_000, times: 1, match: 'ADVANCE.REPAID' },
    });
    const waiting = (await call('credit', { action: 'repay', advanceId: advance.advanceId }, token)).body.data.advance;
    expect(waiting).toMatchObject({ state: 'PAID', repaymentPending: true, stateLabel: '还款确认中' });
    const pendingLine = waiting.history.find((e: { kind: string }) => e.kind === 'repayment').label;
    expect(pendingLine).toMatch(/^还款 \d+\.\d{2}元：还款确认中$/);

    // Reading the page again asks the bank at once (no daily timer, no minimum age: the bank lists the repayment).
    const listed = (await call('credit', { action: 'list' }, token)).body.data.advances.find((a: { advanceId: string }) => a.advanceId === advance.advanceId);
    expect(listed).toMatchObject({ state: 'REPAID', repaymentPending: false, stateLabel: '已还款' });
    // Repaid before 2027 began: nothing was ever held back, so nothing is "restored".
    expect(listed.restoredFrom).toBeUndefined();
    const labels = listed.history.map((e: { label: string }) => e.label);
    expect(labels).toEqual(expect.arrayContaining([expect.stringMatching(/^还款 \d+\.\d{2}元：还款成功$/), '已还清，2027 年度医保待遇不受银行代缴影响']));
    for (const label of labels) expect(label).not.toMatch(/[A-Za-z]/);
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

  it('with a live auto-renewal that will still debit the year, 信用参保 says so and signs only on an explicit confirmation', async () => {
    const signed = await call('agreements', { action: 'sign', personId: zhengMin, bankAccount: { holderName: '郑敏', accountNo: '6222020200199887766' } }, token);
    expect(signed.body).toMatchObject({ ok: true, data: { agreement: { state: 'ACTIVE' } } });
    const eligibility = (await call('credit', { action: 'eligibility', personId: zhengMin, benefitYear: 2027 }, token)).body.data.eligibility;
    expect(eligibility).toMatchObject({ eligible: true, autoRenewal: { channelLabel: '银行卡自动续缴' } });
    expect(eligibility.autoRenewal.message).toContain('郑敏 已签约银行卡自动续缴（生效中）');

    const unconfirmed = await call('credit', { action: 'sign', personId: zhengMin, benefitYear: 2027 }, token);
    expect(unconfirmed.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: eligibility.autoRenewal.message } });
    // Confirmed, the request goes to the bank (which still refuses her poor grade): the warning asked, it did not forbid.
    const confirmed = await call('credit', { action: 'sign', personId: zhengMin, benefitYear: 2027, confirmAutoRenewal: true }, token);
    expect(confirmed.body).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expect(confirmed.body.error.message).toContain('银行未同意');
    await call('agreements', { action: 'cancel', agreementId: signed.body.data.agreement.agreementId }, token);
  });
});
