/**
 * Resident identity numbers (公民身份号码) per GB 11643-1999: 6-digit area code, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 * Pure and dependency-free so the mini-program can check a typed number before sending it.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'FORMAT' | 'BIRTH_DATE' | 'CHECKSUM';

export interface ParsedIdNumber {
  /** Upper-cased, trimmed: the canonical form used for hashing. */
  canonical: string;
  areaCode: string;
  birthDate: string;
  sex: 'M' | 'F';
}

export const ID_PROBLEM_MESSAGES: Record<IdNumberProblem, string> = {
  FORMAT: '身份证号码应为18位，最后一位可以是数字或X',
  BIRTH_DATE: '身份证号码中的出生日期无效',
  CHECKSUM: '身份证号码校验位不正确，请核对后重新输入',
};

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= monthDays[month - 1];
}

/**
 * Parses an ID number; `today` (YYYY-MM-DD) bounds the birth date so a number "born" in the future is refused.
 * The earliest accepted birth year is 1900: the registry holds nobody older.
 */
export function parseIdNumber(input: string, today: string): { ok: true; id: ParsedIdNumber } | { ok: false; problem: IdNumberProblem } {
  const canonical = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(canonical)) return { ok: false, problem: 'FORMAT' };
  const year = Number(canonical.slice(6, 10));
  const month = Number(canonical.slice(10, 12));
  const day = Number(canonical.slice(12, 14));
  const birthDate = `${canonical.slice(6, 10)}-${canonical.slice(10, 12)}-${canonical.slice(12, 14)}`;
  if (year < 1900 || !isCalendarDate(year, month, day) || birthDate > today) return { ok: false, problem: 'BIRTH_DATE' };
  if (checkCharacter(canonical.slice(0, 17)) !== canonical[17]) return { ok: false, problem: 'CHECKSUM' };
  const sexDigit = canonical.charCodeAt(16) - 48;
  return { ok: true, id: { canonical, areaCode: canonical.slice(0, 6), birthDate, sex: sexDigit % 2 === 1 ? 'M' : 'F' } };
}

/**
 * The only form in which an ID number may leave the server or reach a log: the area code's first 4 digits
 * and the last 4 characters, as counters and receipts in China commonly show it.
 */
export function maskIdNumber(canonical: string): string {
  if (canonical.length !== 18) return '*'.repeat(Math.max(canonical.length, 4));
  return `${canonical.slice(0, 4)}**********${canonical.slice(14)}`;
}

/** Masks every 18-character ID-number-shaped run in free text, for log lines and error messages. */
export function maskIdNumbersIn(text: string): string {
  return text.replace(/(?<![\dA-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![\dA-Za-z])/g, '$1**********$2');
}
