import { refundEligibility } from '../../../shared/policy';
import { fenToYuanText } from '../../../shared/policy/money';

/** The refund decision's words are shown to the payer as they come (D15): amounts in 元, never in 分. */
describe('the refund rule’s message', () => {
  it('names the amount in yuan with two decimals', () => {
    const decision = refundEligibility({
      benefitYear: 2027, requestDate: '2026-11-27', reason: 'joined-employee-insurance',
      paidBy: [{ source: 'personal-account', fen: 30000 }, { source: 'wechat-pay', fen: 10050 }],
    });
    expect(decision.message).toBe('因参加职工医保，全额退还本人所缴 400.50 元，按原渠道退回');
    expect(decision.message).not.toMatch(/分/);
  });

  it('formats fen as yuan text with integer arithmetic', () => {
    expect([0, 5, 40000, 10050, 123456789, -1999].map(fenToYuanText)).toEqual(['0.00', '0.05', '400.00', '100.50', '1234567.89', '-19.99']);
  });
});
