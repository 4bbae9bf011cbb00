/**
 * Time as the bank writes it. The partner bank, like WeChat Pay, writes instants as RFC 3339 in
 * Beijing time and dates statements by the Asia/Shanghai calendar day, so the WeChat helpers are
 * reused under bank names rather than copied. China keeps UTC+8 all year, so a fixed offset is exact.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { toShanghaiDate, toUnixSeconds, toWechatTime } from '../wechatpay/wechatTime';

dayjs.extend(utc);

const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MINUTES_PER_DAY = 24 * 60;

/** `2026-12-31T10:00:00+08:00`, the form of every instant in the bank's messages. */
export const toBankTime: (at: Date) => string = toWechatTime;

export { toShanghaiDate, toUnixSeconds };

/** Minutes since midnight in Hefei, for the bank's debit hours. */
export const shanghaiMinuteOfDay = (at: Date): number => {
  const local = dayjs(at).utcOffset(SHANGHAI_OFFSET_MINUTES);
  return local.hour() * 60 + local.minute();
};

/** `HH:mm` → minutes since midnight; `24:00` is allowed as the end of a window. */
export function parseClockTime(text: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= MINUTES_PER_DAY ? minutes : null;
}

/** A calendar date `days` later (or earlier, when negative); dates are plain UTC days here, so no zone shifts them. */
export const addDays = (date: string, days: number): string => dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
