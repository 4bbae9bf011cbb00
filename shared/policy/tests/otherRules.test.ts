/** Runs the case tables of the rules outside the quote: refund, prepay, credit, benefit status, cap incentive, targets. */
import {
  benefitStatus,
  catastrophicCapIncrease,
  creditEligibility,
  enrollmentTarget,
  loadParams,
  prepaidYearSettlement,
  prepayQuote,
  RAW_PARAMS,
  refundEligibility,
} from '../index';
import { creditCases, incentiveCases, prepayCases, refundCases, statusCases, type RuleCase } from './cases/otherRules.cases';

const run = <I>(title: string, cases: RuleCase<I>[], rule: (input: I) => unknown) =>
  describe(title, () => {
    test.each(cases.map((ruleCase) => [ruleCase.name, ruleCase] as const))('%s', (_name, ruleCase) => {
      expect(rule(ruleCase.input)).toMatchObject(ruleCase.expect);
    });
  });

run('refund eligibility and amount (D15, D12)', refundCases, (input) => refundEligibility(input));
run('prepay price lock (D12)', prepayCases, (input) => prepayQuote(input));
run('credit eligibility and due date (D16)', creditCases, (input) => creditEligibility(input));
run('benefit status on a date', statusCases, (input) => benefitStatus(input.date, input.enrollment));
run('continuity and zero-claim incentive (D11)', incentiveCases, (input) => catastrophicCapIncrease(input));

describe('prepaid years later (D12)', () => {
  test('A prepaid year that becomes cheaper (the person becomes 低保) refunds the difference', () => {
    expect(prepaidYearSettlement(40000, 4000)).toEqual({ refundFen: 36000, topUpFen: 0 });
  });
  test('A prepaid year whose standard rises is not topped up', () => {
    expect(prepaidYearSettlement(40000, 42000)).toEqual({ refundFen: 0, topUpFen: 0 });
  });
  test('A prepaid year locked at the 2026 standard keeps it when a later table raises the standard', () => {
    const raised = structuredClone(RAW_PARAMS) as Record<string, { values: Array<Record<string, unknown>> }>;
    const last = raised['standard-resident'].values[1];
    raised['standard-resident'].values.push({ ...last, benefitYear: 2027, value: 42000 });
    const answer = prepayQuote({ paymentDate: '2025-11-01', firstYear: 2026, years: 2, person: { birthDate: '1980-01-01' } }, loadParams(raised));
    expect(answer).toMatchObject({ lockedStandardFen: 40000, totalFen: 80000, years: [{ dueFen: 40000 }, { benefitYear: 2027, dueFen: 40000 }] });
  });
});

describe('enrolment targets (D18)', () => {
  test('96 of 100 registered residents meets the 96% target', () => {
    expect(enrollmentTarget('registered', '2025-12-31', 96, 100)).toEqual({ targetPercent: 96, met: true });
  });
  test('95 of 100 registered residents misses it', () => {
    expect(enrollmentTarget('registered', '2025-12-31', 95, 100)?.met).toBe(false);
  });
  test('The residence-permit target is 97% and the key-group target 99%', () => {
    expect(enrollmentTarget('residencePermit', '2025-12-31', 97, 100)).toEqual({ targetPercent: 97, met: true });
    expect(enrollmentTarget('keyGroups', '2025-12-31', 989, 1000)).toEqual({ targetPercent: 99, met: false });
  });
  test('There is no target before 2025-01-01, the day after there is', () => {
    expect(enrollmentTarget('registered', '2024-12-31', 1, 1)).toBeUndefined();
    expect(enrollmentTarget('registered', '2025-01-01', 1, 1)).toBeDefined();
  });
});
