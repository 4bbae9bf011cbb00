/** The integer-day date helpers agree with dayjs, the team's reference date library, on any date. */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import fc from 'fast-check';
import { addDays, addMonths, daysBetween, fromDayNumber, isCalendarDate, shiftYears, toDayNumber } from '../dates';
import { dateBetween } from './arbitraries';

dayjs.extend(customParseFormat);

const anyDate = dateBetween('1900-01-01', '2199-12-31');
const RUNS = { numRuns: 3000 };

describe('dates', () => {
  test('day numbers round-trip and count days like dayjs', () => {
    fc.assert(
      fc.property(anyDate, anyDate, (a, b) => {
        expect(fromDayNumber(toDayNumber(a))).toBe(a);
        expect(daysBetween(a, b)).toBe(dayjs(b).diff(dayjs(a), 'day'));
      }),
      RUNS,
    );
  });

  test('adding days and months agrees with dayjs (month ends are clamped)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -400, max: 400 }), fc.integer({ min: -30, max: 30 }), (date, days, months) => {
        expect(addDays(date, days)).toBe(dayjs(date).add(days, 'day').format('YYYY-MM-DD'));
        expect(addMonths(date, months)).toBe(dayjs(date).add(months, 'month').format('YYYY-MM-DD'));
      }),
      RUNS,
    );
  });

  test('a real calendar date is recognised exactly when dayjs parses it strictly', () => {
    const candidate = fc
      .tuple(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(candidate, (text) => {
        expect(isCalendarDate(text)).toBe(dayjs(text, 'YYYY-MM-DD', true).isValid());
      }),
      RUNS,
    );
  });

  test.each([
    ['2025-02-30', false],
    ['2024-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2025-1-01', false],
    ['2025-01-01 ', false],
    ['２０２５-01-01', false],
  ])('isCalendarDate(%s) is %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  test.each([
    ['2026-02-28', 2, '2028-02-29'],
    ['2028-02-29', 1, '2029-02-28'],
    ['2025-10-20', 1, '2026-10-20'],
    ['2025-12-31', 3, '2028-12-31'],
  ])('shiftYears(%s, %s) keeps a month end a month end: %s', (date, years, expected) => {
    expect(shiftYears(date, years)).toBe(expected);
  });
});
