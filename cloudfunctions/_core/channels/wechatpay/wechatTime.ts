/**
 * WeChat Pay writes times as RFC 3339 in Beijing time (`2024-01-31T10:00:00+08:00`) and dates bills
 * by the Asia/Shanghai calendar day. China has kept UTC+8 without daylight saving since 1991, so a
 * fixed offset is exact and avoids depending on the host's time-zone database.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

const SHANGHAI_OFFSET_MINUTES = 8 * 60;

const inShanghai = (at: Date) => dayjs(at).utcOffset(SHANGHAI_OFFSET_MINUTES);

/** `2024-01-31T10:00:00+08:00`, the form of success_time, create_time and time_expire. */
export const toWechatTime = (at: Date): string => inShanghai(at).format('YYYY-MM-DDTHH:mm:ssZ');

/** `2024-01-31`, the calendar day a bill row belongs to. */
export const toShanghaiDate = (at: Date): string => inShanghai(at).format('YYYY-MM-DD');

/** `2024-01-31 10:00:00`, the trade time column of a trade bill. */
export const toShanghaiDateTime = (at: Date): string => inShanghai(at).format('YYYY-MM-DD HH:mm:ss');

export const toUnixSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);
