import { todayIn } from '../clock';
import type { debitSettings } from './settings';

/**
 * The day of the next try after a debit failed at `failedAtMs`: a retry interval later, but while the period's last
 * day is still ahead it always gets a try of its own (D17, pilot §三(四): retries "until the last day"), even when
 * the interval would step past it. Null when no try is left in the period. Attempts are capped apart from this.
 */
export function nextTryDay(failedAtMs: number, settings: Pick<ReturnType<typeof debitSettings>, 'retryIntervalMs'>, periodEnd: string | null): string | null {
  const due = todayIn({ nowMs: () => failedAtMs + settings.retryIntervalMs });
  if (periodEnd === null || due <= periodEnd) return due;
  return todayIn({ nowMs: () => failedAtMs }) < periodEnd ? periodEnd : null;
}

/**
 * Whether a failed debit may be tried again now: its retry interval has passed, or today is the period's last day
 * and the try that day owes it (nextTryDay) has not happened.
 */
export function retryDueNow(failedAtMs: number, nowMs: number, settings: Pick<ReturnType<typeof debitSettings>, 'retryIntervalMs'>, periodEnd: string | null): boolean {
  if (failedAtMs + settings.retryIntervalMs <= nowMs) return true;
  const today = todayIn({ nowMs: () => nowMs });
  return today === periodEnd && nextTryDay(failedAtMs, settings, periodEnd) === today;
}
