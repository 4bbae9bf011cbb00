import { CounterPaymentInput } from './contract';

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
