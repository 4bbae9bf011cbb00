const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Today's calendar date in Asia/Shanghai (YYYY-MM-DD), whatever the phone's time zone: China has no daylight
 * saving, so a fixed +8h shift is exact. The form only uses it to refuse birth dates in the future.
 */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant from the server (ISO 8601, UTC) as Shanghai wall-clock time, "YYYY-MM-DD HH:mm", for receipts and
 * records; an unreadable value shows as "—" rather than "Invalid Date".
 */
export function shanghaiDateTime(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) return '—';
  const text = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}
