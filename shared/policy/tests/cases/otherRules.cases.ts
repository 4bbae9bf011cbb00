/**
 * Case tables for the rules that are not part of a quote. Each row: a sentence, the rule's input, and the parts
 * of its answer the sentence is about (matched partially).
 */
import type { BenefitStatus, CapIncreaseInput, CreditRequest, EnrollmentFacts, PrepayRequest, RefundRequest } from '../../index';

export interface RuleCase<I> {
  name: string;
  input: I;
  expect: Record<string, unknown>;
}

const paidByWechat = [{ source: 'wechat-pay', fen: 30000 }, { source: 'personal-account', fen: 10000 }];

// D15 and pilot §三（四）: "因参加职工医保、离境等原因退出居民医保的，可在网上办理退费手续"; D12: "Years not started can be
// refunded on request".
export const refundCases: RuleCase<RefundRequest>[] = [
  {
    name: 'A resident who joins employee insurance on 2025-12-31, before 2026 starts, gets all 400 yuan back to both sources',
    input: { benefitYear: 2026, requestDate: '2025-12-31', reason: 'joined-employee-insurance', paidBy: paidByWechat },
    expect: { outcome: 'refund', refundFen: 40000, refunds: paidByWechat },
  },
  {
    name: 'A resident who joins employee insurance on 2026-01-01, the day 2026 starts, gets no refund and is suspended',
    input: { benefitYear: 2026, requestDate: '2026-01-01', reason: 'joined-employee-insurance', paidBy: paidByWechat },
    expect: { outcome: 'suspend', refundFen: 0 },
  },
  { name: 'Emigration before the year starts is refunded', input: { benefitYear: 2026, requestDate: '2025-11-01', reason: 'emigration', paidBy: paidByWechat }, expect: { outcome: 'refund', refundFen: 40000 } },
  { name: 'Death before the year starts is refunded', input: { benefitYear: 2026, requestDate: '2025-11-01', reason: 'death', paidBy: paidByWechat }, expect: { outcome: 'refund' } },
  { name: 'Enrolment elsewhere before the year starts is refunded', input: { benefitYear: 2026, requestDate: '2025-11-01', reason: 'enrolled-elsewhere', paidBy: paidByWechat }, expect: { outcome: 'refund' } },
  { name: 'Death after the year started suspends the enrolment without refund', input: { benefitYear: 2026, requestDate: '2026-05-01', reason: 'death', paidBy: paidByWechat }, expect: { outcome: 'suspend' } },
  {
    name: 'A duplicate payment found after the year started is still refunded (our interpretation: it bought nothing)',
    input: { benefitYear: 2026, requestDate: '2026-05-01', reason: 'duplicate-payment', paidBy: [{ source: 'wechat-pay', fen: 40000 }] },
    expect: { outcome: 'refund', refundFen: 40000 },
  },
  {
    name: 'A prepaid 2028 can be withdrawn without a reason on 2027-12-31, before it starts',
    input: { benefitYear: 2028, requestDate: '2027-12-31', reason: 'prepaid-year-withdrawal', prepaid: true, paidBy: [{ source: 'personal-account', fen: 40000 }] },
    expect: { outcome: 'refund', refundFen: 40000 },
  },
  {
    name: 'A prepaid 2028 cannot be withdrawn on 2028-01-01, the day it starts',
    input: { benefitYear: 2028, requestDate: '2028-01-01', reason: 'prepaid-year-withdrawal', prepaid: true, paidBy: [{ source: 'personal-account', fen: 40000 }] },
    expect: { outcome: 'refuse', refundFen: 0 },
  },
  {
    name: 'A year paid in the ordinary way cannot be withdrawn without one of the listed reasons',
    input: { benefitYear: 2026, requestDate: '2025-11-01', reason: 'prepaid-year-withdrawal', paidBy: paidByWechat },
    expect: { outcome: 'refuse' },
  },
  {
    name: 'Parts of zero fen are not sent back as refunds',
    input: { benefitYear: 2026, requestDate: '2025-11-01', reason: 'emigration', paidBy: [{ source: 'wechat-pay', fen: 4000 }, { source: 'personal-account', fen: 0 }] },
    expect: { refundFen: 4000, refunds: [{ source: 'wechat-pay', fen: 4000 }] },
  },
];

// D12 and pilot §三（一）: "预缴预存参保费用后，年度新增个人筹资标准的不再补缴" (price lock).
export const prepayCases: RuleCase<PrepayRequest>[] = [
  {
    name: 'Prepaying 2026–2030 on 2025-11-01 locks the 2026 standard for all five years: 2000 yuan',
    input: { paymentDate: '2025-11-01', firstYear: 2026, years: 5, person: { birthDate: '1980-01-01' } },
    expect: { lockedStandardFen: 40000, totalFen: 200000, years: [{ benefitYear: 2026 }, {}, {}, {}, { benefitYear: 2030, dueFen: 40000 }] },
  },
  {
    name: 'A 低保 recipient prepaying two years pays 40 yuan a year',
    input: { paymentDate: '2025-11-01', firstYear: 2026, years: 2, person: { birthDate: '1980-01-01', aidCategories: ['dibao'] } },
    expect: { totalFen: 8000, years: [{ dueFen: 4000 }, { dueFen: 4000 }] },
  },
  {
    name: 'A child prepaid for 2026–2028 is waived while under 3 on Jan 1 and pays from the year it turns 3',
    input: { paymentDate: '2025-11-01', firstYear: 2026, years: 3, person: { birthDate: '2024-06-01', parentInEmployeeInsurance: true } },
    expect: { totalFen: 40000, years: [{ dueFen: 0 }, { dueFen: 0 }, { benefitYear: 2028, dueFen: 40000 }] },
  },
  {
    name: 'A student pays all four academic years at the first year’s student standard: 1400 yuan',
    input: { paymentDate: '2025-09-10', firstYear: 2026, years: 4, person: { birthDate: '2007-03-01', student: true } },
    expect: { totalFen: 140000, years: [{ dueFen: 35000 }, {}, {}, { benefitYear: 2029, dueFen: 35000 }] },
  },
  {
    name: 'One year is not a prepayment: 2–5 years only',
    input: { paymentDate: '2025-11-01', firstYear: 2026, years: 1, person: { birthDate: '1980-01-01' } },
    expect: { error: { code: 'INVALID_INPUT' } },
  },
  {
    name: 'Six years exceed the 5-year limit',
    input: { paymentDate: '2025-11-01', firstYear: 2026, years: 6, person: { birthDate: '1980-01-01' } },
    expect: { error: { code: 'INVALID_INPUT' } },
  },
  {
    name: 'Prepayment is not available on 2024-12-31, the day before params/prepay.json starts',
    input: { paymentDate: '2024-12-31', firstYear: 2025, years: 2, person: { birthDate: '1980-01-01' } },
    expect: { error: { code: 'YEAR_NOT_SUPPORTED' } },
  },
  {
    name: 'Prepayment is available from 2025-01-01',
    input: { paymentDate: '2025-01-01', firstYear: 2026, years: 2, person: { birthDate: '1980-01-01' } },
    expect: { totalFen: 80000 },
  },
  {
    name: 'A prepayment must start after the payment year',
    input: { paymentDate: '2026-01-10', firstYear: 2026, years: 2, person: { birthDate: '1980-01-01' } },
    expect: { error: { code: 'INVALID_INPUT' } },
  },
];

// D16 and pilot §三（二）: "享受不少于2个月的免息账期".
export const creditCases: RuleCase<CreditRequest>[] = [
  {
    name: 'A resident with good credit signing on 2025-12-31, the last day of the 2026 period, repays by 2026-02-28',
    input: { benefitYear: 2026, signDate: '2025-12-31', creditGood: true, paid: false },
    expect: { eligible: true, advanceDate: '2025-12-31', dueDate: '2026-02-28', interestFreeMonths: 2 },
  },
  {
    name: 'A resident with good credit signing on 2025-10-20, the first day of the period, repays by 2025-12-20',
    input: { benefitYear: 2026, signDate: '2025-10-20', creditGood: true, paid: false },
    expect: { eligible: true, dueDate: '2025-12-20' },
  },
  {
    name: 'Still unpaid on 2026-01-01, the day after the period: signing is open (credit.json signUntil: the grace window), due 2026-03-01',
    input: { benefitYear: 2026, signDate: '2026-01-01', creditGood: true, paid: false },
    expect: { eligible: true, advanceDate: '2026-01-01', dueDate: '2026-03-01', interestFreeMonths: 2 },
  },
  {
    name: 'Signing on 2026-02-28, the grace window\'s last day, is the last chance, due 2026-04-28',
    input: { benefitYear: 2026, signDate: '2026-02-28', creditGood: true, paid: false },
    expect: { eligible: true, dueDate: '2026-04-28' },
  },
  {
    name: 'Signing on 2026-03-01, after the grace window, is not credit enrollment',
    input: { benefitYear: 2026, signDate: '2026-03-01', creditGood: true, paid: false },
    expect: { eligible: false, reason: 'OUTSIDE_PERIOD', message: '信用参保须在 2025-10-20 至 2026-02-28（集中参保期及其后的缓冲期）内签约' },
  },
  {
    name: 'Signing on 2025-10-19, before the period opens, is not credit enrollment',
    input: { benefitYear: 2026, signDate: '2025-10-19', creditGood: true, paid: false },
    expect: { eligible: false, reason: 'OUTSIDE_PERIOD' },
  },
  {
    name: 'Credit enrollment is not available on 2024-12-31, the day before params/credit.json starts',
    input: { benefitYear: 2025, signDate: '2024-12-31', creditGood: true, paid: false },
    expect: { eligible: false, reason: 'NOT_AVAILABLE' },
  },
  { name: 'A resident without a good credit grade cannot sign', input: { benefitYear: 2026, signDate: '2025-12-01', creditGood: false, paid: false }, expect: { eligible: false, reason: 'CREDIT_GRADE' } },
  { name: 'A resident who already paid needs no credit', input: { benefitYear: 2026, signDate: '2025-12-01', creditGood: true, paid: true }, expect: { eligible: false, reason: 'ALREADY_PAID' } },
];

const enrolled2026: EnrollmentFacts = { benefitYear: 2026, benefitStart: '2026-01-01', benefitEnd: '2026-12-31' };
const waiting2026: EnrollmentFacts = { benefitYear: 2026, benefitStart: '2026-04-01', benefitEnd: '2026-12-31' };
const onCredit: EnrollmentFacts = { ...enrolled2026, credit: { dueDate: '2026-02-28' } };
const repaidLate: EnrollmentFacts = { ...enrolled2026, credit: { dueDate: '2026-02-28', repaidDate: '2026-03-10' } };

// Benefit status: D10 (waiting), D16 (credit), D15 (leaving after the year starts).
export const statusCases: RuleCase<{ date: string; enrollment: EnrollmentFacts | null }>[] = [
  { name: 'A person with no enrolment is not enrolled', input: { date: '2026-05-01', enrollment: null }, expect: { status: 'not-enrolled', reason: 'no-enrollment' } },
  { name: 'A 2026 enrolment says nothing about 2027-01-01', input: { date: '2027-01-01', enrollment: enrolled2026 }, expect: { status: 'not-enrolled', reason: 'outside-benefit-year' } },
  { name: 'An enrolled person is active on 2026-01-01', input: { date: '2026-01-01', enrollment: enrolled2026 }, expect: { status: 'active', reason: 'enrolled' } },
  { name: 'A person whose benefits start on 2026-04-01 is waiting on 2026-03-31', input: { date: '2026-03-31', enrollment: waiting2026 }, expect: { status: 'waiting', reason: 'waiting-period', until: '2026-04-01' } },
  { name: 'A person whose benefits start on 2026-04-01 is active that day', input: { date: '2026-04-01', enrollment: waiting2026 }, expect: { status: 'active' } },
  { name: 'A credit enrollee who has not repaid cannot use benefits yet, even before the due date', input: { date: '2026-02-28', enrollment: onCredit }, expect: { status: 'suspended', reason: 'credit-not-repaid' } },
  { name: 'A credit enrollee is overdue the day after the due date', input: { date: '2026-03-01', enrollment: onCredit }, expect: { status: 'suspended', reason: 'credit-overdue' } },
  { name: 'On the day of a late repayment the benefits are still suspended', input: { date: '2026-03-10', enrollment: repaidLate }, expect: { status: 'suspended', reason: 'credit-repaid', until: '2026-03-11' } },
  { name: 'Repayment restores the benefits the next day', input: { date: '2026-03-11', enrollment: repaidLate }, expect: { status: 'active' } },
  {
    name: 'A credit enrollee still in the waiting period is told to repay first, and when the waiting ends',
    input: { date: '2026-02-10', enrollment: { ...waiting2026, credit: { dueDate: '2026-02-28' } } },
    expect: { status: 'suspended', reason: 'credit-not-repaid', message: '请先归还银行代缴的保费（2026-02-28 前免息）；待遇等待期至 2026-03-31，还清且等待期满后享受待遇' },
  },
  {
    name: 'An overdue credit enrollee in the waiting period is told it is overdue, not that benefits simply start later',
    input: { date: '2026-03-05', enrollment: { ...waiting2026, credit: { dueDate: '2026-02-28' } } },
    expect: { status: 'suspended', reason: 'credit-overdue' },
  },
  {
    name: 'Overdue in the waiting period and repaid on 2026-03-10: the overdue answer lasts until that day, which is already waiting',
    input: { date: '2026-03-05', enrollment: { ...waiting2026, credit: { dueDate: '2026-02-28', repaidDate: '2026-03-10' } } },
    expect: { status: 'suspended', reason: 'credit-overdue', until: '2026-03-10' },
  },
  {
    name: 'Repaid during the waiting period: waiting from the repayment day until the benefits start',
    input: { date: '2026-03-10', enrollment: { ...waiting2026, credit: { dueDate: '2026-02-28', repaidDate: '2026-03-10' } } },
    expect: { status: 'waiting', reason: 'waiting-period', until: '2026-04-01' },
  },
  {
    name: 'A person who left on 2026-06-01 after the year started is suspended from that day',
    input: { date: '2026-06-01', enrollment: { ...enrolled2026, suspendedFrom: '2026-06-01' } },
    expect: { status: 'suspended', reason: 'left-after-year-start' },
  },
  {
    name: 'A person who left on 2026-06-01 was active on 2026-05-31',
    input: { date: '2026-05-31', enrollment: { ...enrolled2026, suspendedFrom: '2026-06-01' } },
    expect: { status: 'active' },
  },
  {
    name: 'A year restored at the counter on 2026-12-01 stays suspended for the days it was suspended',
    input: { date: '2026-08-15', enrollment: { ...enrolled2026, suspendedBetween: [{ from: '2026-06-01', until: '2026-12-01' }] } },
    expect: { status: 'suspended', reason: 'left-after-year-start', until: '2026-12-01' },
  },
  {
    name: 'Before a suspension later lifted, the benefits hold until it starts',
    input: { date: '2026-05-31', enrollment: { ...enrolled2026, suspendedBetween: [{ from: '2026-06-01', until: '2026-12-01' }] } },
    expect: { status: 'active', until: '2026-06-01' },
  },
  {
    name: 'A year restored at the counter on 2026-12-01 is active again from that day',
    input: { date: '2026-12-01', enrollment: { ...enrolled2026, suspendedBetween: [{ from: '2026-06-01', until: '2026-12-01' }] } },
    expect: { status: 'active' },
  },
  {
    name: 'A year suspended and restored twice stays suspended for the days of the first gap too',
    input: { date: '2026-04-10', enrollment: { ...enrolled2026, suspendedBetween: [{ from: '2026-03-01', until: '2026-05-01' }, { from: '2026-06-01', until: '2026-12-01' }] } },
    expect: { status: 'suspended', reason: 'left-after-year-start', until: '2026-05-01' },
  },
  {
    name: 'Between two lifted suspensions the benefits hold until the second starts',
    input: { date: '2026-05-20', enrollment: { ...enrolled2026, suspendedBetween: [{ from: '2026-03-01', until: '2026-05-01' }, { from: '2026-06-01', until: '2026-12-01' }] } },
    expect: { status: 'active', until: '2026-06-01' },
  },
];

const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);
const CAP_FEN = 40_000_000; // An original catastrophic cap of 400,000 yuan: 20% of it is 80,000 yuan.

// D11 (国办发〔2024〕38号): after 4 continuous years from 2025, each further year and each zero-claim year add 3000 yuan.
export const incentiveCases: RuleCase<CapIncreaseInput>[] = [
  { name: 'Four continuous years (2025–2028) raise nothing yet', input: { benefitYear: 2028, coveredYears: years(2025, 2028), originalCapFen: CAP_FEN }, expect: { continuousYears: 4, increaseFen: 0, capFen: CAP_FEN } },
  { name: 'The fifth continuous year (2029) raises the cap by 3000 yuan', input: { benefitYear: 2029, coveredYears: years(2025, 2029), originalCapFen: CAP_FEN }, expect: { continuousYears: 5, continuityIncreaseFen: 300000, increaseFen: 300000 } },
  { name: 'Years before 2025 do not count towards continuity', input: { benefitYear: 2028, coveredYears: years(2015, 2028), originalCapFen: CAP_FEN }, expect: { continuousYears: 4, increaseFen: 0 } },
  { name: 'A break starts the count again', input: { benefitYear: 2031, coveredYears: [2025, 2026, 2028, 2029, 2030, 2031], originalCapFen: CAP_FEN }, expect: { continuousYears: 4, increaseFen: 0 } },
  {
    name: 'Two zero-claim years in the current run add 6000 yuan the following years',
    input: { benefitYear: 2027, coveredYears: years(2025, 2027), zeroClaimYears: [2025, 2026], originalCapFen: CAP_FEN },
    expect: { zeroClaimIncreaseFen: 600000, increaseFen: 600000 },
  },
  {
    name: 'A zero-claim year raises the next year, not its own',
    input: { benefitYear: 2027, coveredYears: years(2025, 2027), zeroClaimYears: [2027], originalCapFen: CAP_FEN },
    expect: { zeroClaimIncreaseFen: 0 },
  },
  {
    name: 'Together the increases stop at 20% of the original cap',
    input: { benefitYear: 2045, coveredYears: years(2025, 2045), zeroClaimYears: years(2025, 2044), originalCapFen: CAP_FEN },
    expect: { continuityIncreaseFen: 17 * 300000, zeroClaimIncreaseFen: 20 * 300000, maxIncreaseFen: 8_000_000, increaseFen: 8_000_000, capFen: 48_000_000 },
  },
  { name: 'A person not enrolled in the benefit year gets no increase', input: { benefitYear: 2030, coveredYears: years(2025, 2029), originalCapFen: CAP_FEN }, expect: { continuousYears: 0, increaseFen: 0 } },
];

export type { BenefitStatus };
