import type { App } from '../app';
import type { PaymentOrderRow } from '../store/port';
import { OPEN_STATES } from './states';

/**
 * The unfinished order (not paid, not failed) that holds a person-year, if any: one live order per person-year, so
 * 我的参保 and 缴费 say 缴费办理中 rather than offer a payment pay would refuse.
 */
export async function openOrderHolding(app: App, personId: string, benefitYear: number): Promise<PaymentOrderRow | null> {
  const live = await app.store.findLiveOrder(personId, benefitYear);
  return live && OPEN_STATES.includes(live.state) ? live : null;
}
