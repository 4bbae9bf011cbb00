/**
 * Calendar dates as the rules see them: `YYYY-MM-DD` strings in Asia/Shanghai, with no time and no zone.
 * Strings of this shape sort in calendar order, so comparisons are plain string compares. Arithmetic goes
 * through integer day numbers (days since 1970-01-01) or through (year, month, day) triples, never through
 * Date or dayjs objects: a quote runs hundreds of thousands of times a second and must not allocate them.
 */

export type IsoDate = string;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The year, month and day of a well-formed date string, read digit by digit to avoid allocating. */
export function yearOf(date: IsoDate): number {
  return (
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48)
  );
}

export function monthOf(date: IsoDate): number {
  return (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
}

export function dayOf(date: IsoDate): number {
  return (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
}

/** True for a real calendar day in YYYY-MM-DD form: 2025-02-30 and 2025-13-01 are not. */
export function isCalendarDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || value.length !== 10) return false;
  // Character checks instead of a regular expression: this runs twice per quote.
  for (let index = 0; index < 10; index += 1) {
    const code = value.charCodeAt(index);
    if (index === 4 || index === 7 ? code !== 45 : code < 48 || code > 57) return false;
  }
  const month = monthOf(value);
  const day = dayOf(value);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(yearOf(value), month);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad4(n: number): string {
  if (n >= 1000) return `${n}`;
  return `${n}`.padStart(4, '0');
}

export function formatDate(year: number, month: number, day: number): IsoDate {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/**
 * Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil), so that "the number of
 * days between two dates" is a subtraction.
 */
export function toDayNumber(date: IsoDate): number {
  return civilToDays(yearOf(date), monthOf(date), dayOf(date));
}

function civilToDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatDate(year, month, day);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const day = dayOf(date);
  // Most additions stay inside the month; only the rest needs the day-number round trip.
  const target = day + days;
  if (target >= 1 && target <= 28) return date.slice(0, 8) + pad2(target);
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Calendar months later, as people count them: Mar 31 + 1 month is Apr 30 (the day is clamped to the
 * month's last day), Nov 30 + 3 months is Feb 28 (or 29).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (months === 0) return date;
  const total = yearOf(date) * 12 + (monthOf(date) - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(dayOf(date), daysInMonth(year, month));
  return formatDate(year, month, day);
}

/**
 * The same calendar position some years later. A month's last day stays the last day (Feb 28, 2027 → Feb 29,
 * 2028), because tables such as "Jan 1 – end of February" mean the end of the month, not the 28th.
 */
export function shiftYears(date: IsoDate, years: number): IsoDate {
  if (years === 0) return date;
  const year = yearOf(date) + years;
  const month = monthOf(date);
  const day = dayOf(date);
  const wasMonthEnd = day === daysInMonth(yearOf(date), month);
  return formatDate(year, month, wasMonthEnd ? daysInMonth(year, month) : Math.min(day, daysInMonth(year, month)));
}

export function firstDayOfYear(year: number): IsoDate {
  return formatDate(year, 1, 1);
}

export function lastDayOfYear(year: number): IsoDate {
  return formatDate(year, 12, 31);
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
