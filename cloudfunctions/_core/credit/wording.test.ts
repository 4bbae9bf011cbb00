import type { App } from '../app';
import type { Advance } from '../channels/bank';
import type { CreditAdvanceRow, CreditRepaymentRow } from '../store/credit.port';
import type { AuditRow, EnrollmentRow, PersonRow } from '../store/port';
import { advanceEvents } from './advanceHistory';
import { bankRepaidAt, repaymentsConfirmedBy } from './advances';
import { autoRenewalMessage } from './autoRenewal';
import { benefitStatusOf } from './status';
import { advanceEndedNote, benefitsAfterAdvanceText, repaidText, repaymentFailureText, restoredFromOf } from './wording';

/** What residents read about advances and repayments: Chinese only, never the stored technical reason. */
const AT = '2026-11-27T02:00:00.000Z';
const NOT_CHINESE_TECH = /[A-Za-z]/;

function advance(extra: Partial<CreditAdvanceRow> = {}): CreditAdvanceRow {
  return {
    advanceId: 'adv_1', personId: 'per_1', benefitYear: 2027, signerPersonId: 'per_1', signerOpenid: 'o1', orderId: 'ord_1', amountFen: 40000,
    signDate: '2026-11-27', dueDate: '2027-01-27', state: 'PAID', live: true, bankAdvanceId: 'A1', failure: null, paidAt: AT,
    overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: AT, updatedAt: AT, ...extra,
  };
}

const repayment = (extra: Partial<CreditRepaymentRow>): CreditRepaymentRow => ({
  repaymentId: 'rpy_1', advanceId: 'adv_1', amountFen: 40000, requestedBy: 'o1', channel: 'bank', state: 'INIT', failure: null, prepayId: null, channelTxnId: null, collectedAt: null, refundedAt: null, createdAt: AT, updatedAt: AT, ...extra,
});

/** Just enough of an App for the read-only history and status code. */
function fakeApp(repayments: CreditRepaymentRow[], advances: CreditAdvanceRow[] = [], enrollments: EnrollmentRow[] = [], audit: AuditRow[] = []): App {
  const store = {
    listAudit: async () => audit,
    listCreditRepayments: async () => repayments,
    listCreditAdvances: async () => advances,
    listEnrollments: async () => enrollments,
    listEndedEnrollments: async () => [],
    getOrder: async () => null,
  };
  return { store } as unknown as App;
}

describe('repayment history (信用参保 办理记录)', () => {
  it('a repayment whose answer timed out shows no technical text, while waiting or once confirmed', async () => {
    const failure = 'unknown:timeout after 3000 ms';
    for (const state of ['UNKNOWN', 'SUCCESS'] as const) {
      const events = await advanceEvents(fakeApp([repayment({ state, failure })]), advance());
      const line = events.find((e) => e.kind === 'repayment')!.label;
      expect(line).toBe(state === 'UNKNOWN' ? '还款 400.00元：还款确认中' : '还款 400.00元：还款成功');
      expect(line).not.toMatch(NOT_CHINESE_TECH);
    }
  });

  it('a confirmed repayment carries the bank’s time of it (its statement’s clock), or ours when the bank lists none', () => {
    const repayments = [{ repayment_id: 'R1', out_repayment_no: 'rpy_1', out_advance_no: 'adv_1', amount_fen: 40000, channel: 'PARTNER' as const, repaid_at: '2026-11-27T23:59:59+08:00' }];
    expect(bankRepaidAt({ repayments }, 'rpy_1', AT)).toBe('2026-11-27T15:59:59.000Z');
    expect(bankRepaidAt({ repayments }, 'rpy_2', AT)).toBe(AT);
  });

  it('a part repaid at the bank counter is listed from the audit, for this advance only, among the repayments', async () => {
    const part = (advanceId: string, at: string, repaidFen: number): AuditRow => ({
      at, actor: 'system', action: 'credit.advance-part-repaid', subjectPersonId: 'per_1', detail: { advanceId, repaidFen, outstandingFen: 40000 - repaidFen },
    });
    const audit = [part('adv_1', '2026-12-01T02:00:00.000Z', 10000), part('adv_other', '2026-12-02T02:00:00.000Z', 5000), part('adv_1', '2026-12-03T02:00:00.000Z', 25000)];
    const events = await advanceEvents(fakeApp([], [], [], audit), advance({ paidAt: AT, repaidFen: 25000 }));
    expect(events.filter((e) => e.kind === 'repayment').map((e) => e.label)).toEqual([
      '银行已收到还款共 100.00元，尚需归还 300.00元',
      '银行已收到还款共 250.00元，尚需归还 150.00元',
    ]);
  });

  it('the bank’s whole-second paid stamp never shows before the signing it answers', async () => {
    const events = await advanceEvents(fakeApp([]), advance({ createdAt: '2026-11-27T02:00:00.400Z', paidAt: '2026-11-27T02:00:00.000Z' }));
    expect(events.map((e) => [e.kind, e.at])).toEqual([['signed', '2026-11-27T02:00:00.400Z'], ['paid', '2026-11-27T02:00:00.400Z']]);
    const later = await advanceEvents(fakeApp([]), advance({ paidAt: '2026-11-27T02:00:05.000Z' }));
    expect(later.find((e) => e.kind === 'paid')!.at).toBe('2026-11-27T02:00:05.000Z');
  });

  it('a failed repayment says why in Chinese', async () => {
    const events = await advanceEvents(fakeApp([repayment({ state: 'FAILED', failure: 'rejected:REPAYMENT_EXCEEDS_OUTSTANDING' })]), advance());
    expect(events.find((e) => e.kind === 'repayment')!.label).toBe('还款 400.00元：还款未成功（还款金额超过待还金额，请刷新后重试）');
    expect(repaymentFailureText({ state: 'FAILED', failure: 'not-at-bank' })).toContain('未扣款');
    expect(repaymentFailureText({ state: 'FAILED', failure: 'rejected:SOMETHING_NEW' })).not.toMatch(NOT_CHINESE_TECH);
    expect(repaymentFailureText({ state: 'SUCCESS', failure: 'unknown:timeout after 3000 ms' })).toBeUndefined();
  });

  it('a failed or refused advance gives the reason and the next step in Chinese', async () => {
    const failed = advance({ state: 'FAILED', failure: 'rejected:ADVANCE_NOT_FOUND', live: false, paidAt: null });
    const label = (await advanceEvents(fakeApp([]), failed)).find((e) => e.kind === 'failed')!.label;
    expect(label).toBe('未办理成功：银行未收到代缴申请，未代缴保费。本年度仍可在小程序中直接缴费，或到经办窗口咨询');
    expect(advanceEndedNote({ state: 'FAILED', failure: 'rejected:WHATEVER' })).toBe('银行未能办理代缴，未代缴保费。本年度仍可在小程序中直接缴费，或到经办窗口咨询');
    expect(advanceEndedNote({ state: 'REFUSED', failure: 'refused:CREDIT_REFUSED' })).toContain('信用等级不满足');
    expect(advanceEndedNote({ state: 'PAID', failure: null })).toBeUndefined();
  });

  it('speaks of restoring benefits only when the repayment came once the year’s benefits could be held', async () => {
    const early = advance({ state: 'REPAID', repaidDate: '2026-11-27' });
    expect(restoredFromOf(early, '2027-01-01')).toBeUndefined();
    expect(repaidText(early, '2027-01-01')).toBe('已还清，2027 年度医保待遇不受银行代缴影响');
    expect((await advanceEvents(fakeApp([]), early)).pop()!.label).toBe('已还清，2027 年度医保待遇不受银行代缴影响');
    const inYear = advance({ state: 'REPAID', repaidDate: '2027-01-10' });
    expect(restoredFromOf(inYear, '2027-01-01')).toBe('2027-01-11');
    expect(repaidText(inYear, '2027-01-01')).toBe('已还清，2027-01-11 起恢复医保待遇');
    // Under a waiting period to 1 May, a January repayment held nothing back: benefits start on 1 May as priced.
    expect(restoredFromOf(inYear, '2027-05-01')).toBeUndefined();
    expect(repaidText(inYear, '2027-05-01')).toBe('已还清，2027 年度医保待遇不受银行代缴影响');
  });
});

describe('repayments confirmed by the bank’s list', () => {
  const listed = (...nos: (string | null)[]) => ({ repayments: nos.map((no) => ({ out_repayment_no: no })) }) as unknown as Pick<Advance, 'repayments'>;
  it('confirms our open repayments the bank lists, and only those', () => {
    const open = [repayment({ repaymentId: 'rpy_1', state: 'UNKNOWN' }), repayment({ repaymentId: 'rpy_2', state: 'INIT' }), repayment({ repaymentId: 'rpy_3', state: 'FAILED' })];
    expect(repaymentsConfirmedBy(open, listed('rpy_1', 'rpy_3', null)).map((r) => r.repaymentId)).toEqual(['rpy_1']);
    expect(repaymentsConfirmedBy(open, listed())).toEqual([]);
  });
});

describe('auto-renewal warning', () => {
  it('names the agreement, the planned day and what signing anyway means', () => {
    expect(autoRenewalMessage('何秀兰', 2027, '微信自动续缴', '2026-11-30')).toBe(
      '何秀兰 已签约微信自动续缴（生效中），2027 年度保费计划于 2026-11-30 自动扣款，一般无需再办理信用参保。如仍要由银行先行代缴，自动续缴本年度将不再扣款，代缴的保费须按时归还。',
    );
  });
});

describe('benefit status: a change is announced only when the status changes', () => {
  const person = { personId: 'per_1', name: '彭涛', idMasked: '3401**********2352' } as PersonRow;
  const enrolled = (benefitYear: number): EnrollmentRow => ({ personId: 'per_1', benefitYear, source: 'import' }) as EnrollmentRow;

  it('2026 active and 2027 active: no "until"', async () => {
    const view = await benefitStatusOf(fakeApp([], [], [enrolled(2026), enrolled(2027)]), person, '2026-11-27');
    expect(view).toMatchObject({ status: 'active', reason: 'enrolled' });
    expect(view.until).toBeUndefined();
  });

  it('2026 active and 2027 not enrolled: the change on 2027-01-01 is announced', async () => {
    const view = await benefitStatusOf(fakeApp([], [], [enrolled(2026)]), person, '2026-11-27');
    expect(view.until).toBe('2027-01-01');
  });

  it('2026 active and 2027 held for a repayment: announced', async () => {
    const view = await benefitStatusOf(fakeApp([], [advance()], [enrolled(2026), enrolled(2027)]), person, '2026-11-27');
    expect(view.until).toBe('2027-01-01');
    expect((await benefitStatusOf(fakeApp([], [advance()], [enrolled(2026), enrolled(2027)]), person, '2027-01-01')).status).toBe('repay-first');
  });
});

describe('when benefits may be used, told as the bank pays', () => {
  it('names the year’s start (1 January or a waiting period’s end) only while it is still ahead', () => {
    expect(benefitsAfterAdvanceText(2027, '2027-01-01', '2026-12-20')).toBe('2027 年度医保待遇自 2027-01-01 起享受，须在此前还清；此后还清的，从还清后的次日起享受。');
    expect(benefitsAfterAdvanceText(2027, '2027-05-01', '2027-01-28')).toBe('2027 年度医保待遇自 2027-05-01 起享受，须在此前还清；此后还清的，从还清后的次日起享受。');
    expect(benefitsAfterAdvanceText(2027, '2027-01-01', '2027-01-28')).toBe('2027 年度医保待遇从还清后的次日起享受。');
  });
});
