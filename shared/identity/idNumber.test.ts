import fc from 'fast-check';
import { checkCharacter, maskIdNumber, maskIdNumbersIn, parseIdNumber } from './idNumber';

const TODAY = '2026-11-26';

describe('GB 11643 ID numbers', () => {
  it('accepts a valid number and derives birth date and sex from it', () => {
    const parsed = parseIdNumber('340104198503123412', TODAY);
    expect(parsed).toEqual({
      ok: true,
      id: { canonical: '340104198503123412', areaCode: '340104', birthDate: '1985-03-12', sex: 'M' },
    });
  });

  it('reads an even sequence digit as female and a lower-case x as X', () => {
    const first17 = '11010519491231002';
    const parsed = parseIdNumber(first17 + checkCharacter(first17).toLowerCase(), TODAY);
    expect(parsed.ok && parsed.id.sex).toBe('F');
    expect(parsed.ok && parsed.id.canonical.endsWith(checkCharacter(first17))).toBe(true);
  });

  it.each([
    ['too short', '34010419850312341', 'FORMAT'],
    ['letters inside', '3401041985A3123412', 'FORMAT'],
    ['February 30th', '340104198502303412', 'BIRTH_DATE'],
    ['born in the future', '340104203001013412', 'BIRTH_DATE'],
    ['wrong check digit', '340104198503123413', 'CHECKSUM'],
  ])('refuses %s', (_name, input, problem) => {
    expect(parseIdNumber(input, TODAY)).toEqual({ ok: false, problem });
  });

  it('refuses every single-digit change of a valid number (the checksum catches it)', () => {
    const valid = '340104198503123412';
    fc.assert(
      fc.property(fc.integer({ min: 14, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const digit = (Number(valid[pos]) + delta) % 10;
        const changed = valid.slice(0, pos) + String(digit) + valid.slice(pos + 1);
        return !parseIdNumber(changed, TODAY).ok;
      }),
    );
  });

  it('masks all but the first four and last four characters', () => {
    expect(maskIdNumber('340104198503123412')).toBe('3401**********3412');
    expect(maskIdNumbersIn('bind 340104198503123412 failed for 34010419850312341X')).toBe(
      'bind 3401**********3412 failed for 3401**********341X',
    );
  });
});
