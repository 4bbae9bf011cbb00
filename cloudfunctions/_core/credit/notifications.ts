import type { App } from '../app';
import type { Advance } from '../channels/bank';
import { log } from '../log';
import { applyAdvanceAnswer } from './advances';

/**
 * The bank's word on an advance (ADVANCE.OVERDUE, ADVANCE.REPAID — a repayment at the bank counter included),
 * already verified and de-duplicated by the caller: applied exactly as a query answer would be, so an event
 * that arrives late or out of order cannot move an advance backwards.
 */
export async function advanceNotified(app: App, advance: Advance, cause: string): Promise<void> {
  const ours = await app.store.getCreditAdvance(advance.out_advance_no);
  if (!ours) {
    log('warn', 'credit.notify-unknown-advance', { outAdvanceNo: advance.out_advance_no, state: advance.state });
    return;
  }
  const outcome = await applyAdvanceAnswer(app, ours.advanceId, { kind: 'ok', data: advance }, cause, 'bank');
  log('info', 'credit.notified', { advanceId: ours.advanceId, bankState: advance.state, outcome });
}
