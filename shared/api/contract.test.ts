import { CounterPaymentInput, paidOrderLabel } from './contract';

describe('counter payment input', () => {
  const input = { idNumber: '340104197812251843', benefitYear: 2027, receivedFen: 40000 };

  it('keeps a handwritten receipt number once, whatever its case', () => {
    expect(CounterPaymentInput.parse({ ...input, receiptNo: ' hf-2026-000123 ' }).receiptNo).toBe('HF-2026-000123');
    expect(CounterPaymentInput.parse({ ...input, receiptNo: 'HF-2026-000123' }).receiptNo).toBe('HF-2026-000123');
  });

  it('refuses a receipt number with other characters', () => {
    expect(CounterPaymentInput.safeParse({ ...input, receiptNo: 'HF 2026/123' }).success).toBe(false);
  });
});

describe('what a paid order says about its refunds and suspensions', () => {
  it.each([
    [[undefined, undefined], null],
    [['SUCCESS', 'SUCCESS'], '已退费'],
    [['SUCCESS', undefined], '已缴费（部分退费）'],
    [['PENDING', undefined], '退费处理中'],
    [['UNKNOWN', 'SUCCESS'], '退费处理中'],
    [['FAILED', 'SUCCESS'], '退费未成功，请联系经办窗口'],
  ] as const)('%j → %s', (states, label) => {
    expect(paidOrderLabel(states.map((refundState) => (refundState ? { refundState } : {})))).toBe(label);
  });

  it.each([
    [[true], '已缴费（已暂停参保）'],
    [[true, false], '已缴费（部分暂停参保）'],
  ] as const)('suspended %j → %s', (suspended, label) => {
    expect(paidOrderLabel(suspended.map((s) => ({ suspended: s })))).toBe(label);
  });
});
