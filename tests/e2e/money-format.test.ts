/**
 * The mini-program shows integer fen as yuan. Pure logic, kept beside the browser test because the
 * mini-program's sources are outside the unit project's folders.
 */
import { formatFen } from '../../miniprogram/src/lib/money';

describe('formatFen shows integer fen as yuan with two decimals', () => {
  test.each([
    [40000, '400.00元'],
    [0, '0.00元'],
    [5, '0.05元'],
    [36010, '360.10元'],
    [-36000, '-360.00元'],
    [123456789, '1234567.89元'],
  ])('%i fen → %s', (amountFen, shown) => {
    expect(formatFen(amountFen)).toBe(shown);
  });

  test('a value that is not integer fen is never shown as money', () => {
    expect(formatFen(0.1 + 0.2)).toBe('—');
    expect(formatFen(Number.NaN)).toBe('—');
  });
});
