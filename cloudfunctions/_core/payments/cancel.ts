import type { OrderView } from '../../../shared/api/contract';
import type { App } from '../app';
import type { Caller } from '../caller';
import { isoInstant } from '../clock';
import { AppError } from '../errors';
import { log } from '../log';
import { applyTransaction, fail, orderView } from './service';
import { CANCEL_REQUESTED } from './states';
import { wechatPay } from './wechatpayChannel';

/**
 * The payer left the WeChat sheet without paying (cancel in the sheet). Rather than keep the person-year and the
 * personal-account hold until the janitor's expiry, the order is closed at WeChat now — and only a close WeChat
 * confirms ends it (FAILED, hold returned), because until then the payer could still pay it: a sheet cancelled
 * on one phone does not stop a payment already on its way. ORDERPAID means the payment won the race: WeChat's
 * word on it is applied, never lost. A timeout or any other answer is an unknown outcome: the order stays as it
 * is for the janitor, which asks WeChat and settles it either way, closing it as the payer asked.
 */
export async function cancelPayment(app: App, caller: Caller, orderId: string): Promise<OrderView> {
  const found = await app.store.getOrder(orderId);
  // Another payer's order answers like a missing one.
  if (!found || found.order.payerOpenid !== caller.openid) throw new AppError('NOT_FOUND');
  const { order } = found;
  if (order.state === 'PENDING' && (order.channel ?? 'wechatpay') === 'wechatpay') {
    const client = wechatPay(app);
    const closed = await client.closeOrder(order.orderId);
    if (closed.kind === 'ok') {
      await app.store.transaction((tx) => fail(tx, app, order, 'payer.cancelled-closed'));
    } else if (closed.kind === 'rejected' && closed.code === 'ORDERPAID') {
      const answer = await client.queryOrder(order.orderId);
      if (answer.kind === 'ok') await applyTransaction(app, answer.data, 'payer.cancel:paid-before-close');
    } else {
      log('warn', 'payment.cancel-unsettled', { orderId: order.orderId, outcome: closed.kind, code: closed.kind === 'rejected' ? closed.code : undefined });
      // The payer's wish is kept with the order (an event, no change of state): the janitor closes it on its next
      // run, as it would an expired one, instead of holding the person-year until the expiry.
      await app.store.transitionOrder({ orderId: order.orderId, from: ['PENDING'], to: 'PENDING', cause: CANCEL_REQUESTED, at: isoInstant(app.clock) });
    }
  }
  const after = (await app.store.getOrder(orderId))!;
  return orderView(app, after.order, after.items);
}
