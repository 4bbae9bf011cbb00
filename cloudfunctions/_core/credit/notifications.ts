import type { App } from '../app';
import type { Advance } from '../channels/bank';

/** The bank's word on an advance (paid, repaid, overdue): applied by the credit enrollment module. */
export async function advanceNotified(_app: App, _advance: Advance, _cause: string): Promise<void> {
  // Credit enrollment (信用参保) is not built yet; the notification is acknowledged and logged by the caller.
}
