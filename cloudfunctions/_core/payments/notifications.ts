import type { App } from '../app';
import { notificationReply } from '../channels/wechatpay';
import { isoInstant } from '../clock';
import type { HttpAnswer, HttpEvent } from '../handler';
import { log } from '../log';
import { applyPapayEvent } from '../agreements/papayNotifications';
import { isRepaymentNo } from '../credit/repaymentNo';
import { applyRepaymentRefundStatus, applyRepaymentTransaction } from '../credit/wechatRepayment';
import { applyRefundStatus } from './refunds';
import { applyTransaction } from './service';
import { wechatPay } from './wechatpayChannel';

function answer(accepted: boolean, message?: string): HttpAnswer {
  const reply = notificationReply(accepted, message);
  return { statusCode: reply.statusCode, headers: { 'content-type': 'application/json' }, body: reply.body };
}

/**
 * A WeChat Pay callback: verified on the raw body (signature, 300 s window, serial, nonce not seen before),
 * decrypted, de-duplicated by event id, then applied like a query answer. We answer 2xx only after the event
 * is stored; a forged, stale or replayed callback gets 400 and changes nothing.
 */
export async function handleWechatPayNotification(app: App, event: HttpEvent): Promise<HttpAnswer> {
  const parsed = await wechatPay(app).parseNotification(event.headers, event.body);
  if (parsed.kind !== 'ok') {
    log('warn', 'notify.rejected', { code: parsed.code });
    return answer(false, parsed.code);
  }
  const e = parsed.event;
  if (e.type === 'transaction') {
    // A repayment of a bank advance (信用参保) is paid through the same merchant: its number says so.
    const result = isRepaymentNo(e.transaction.out_trade_no)
      ? await applyRepaymentTransaction(app, e.transaction, `notify:${e.eventType}`)
      : await applyTransaction(app, e.transaction, `notify:${e.eventType}`);
    await app.store.recordNotification('wechatpay', e.id, e.transaction.out_trade_no, isoInstant(app.clock));
    log('info', 'notify.transaction', { eventId: e.id, orderId: e.transaction.out_trade_no, result });
    // An order we do not know is answered 2xx anyway: retrying would not make it known, and staff see it in
    // reconciliation as MISSING_ON_OUR_SIDE.
    return answer(true);
  }
  if (e.type === 'refund') {
    const apply = isRepaymentNo(e.refund.out_refund_no) ? applyRepaymentRefundStatus : applyRefundStatus;
    const result = await apply(app, e.refund.out_refund_no, e.refund.refund_status, `notify:${e.eventType}`, e.refund.success_time);
    await app.store.recordNotification('wechatpay', e.id, e.refund.out_refund_no, isoInstant(app.clock));
    log('info', 'notify.refund', { eventId: e.id, refundId: e.refund.out_refund_no, result });
    return answer(true);
  }
  if (e.type === 'papay-contract' || e.type === 'papay-transaction') {
    // 委托代扣 (auto-renewal contracts and their debits): handled by the agreements module.
    const ref = await applyPapayEvent(app, e);
    await app.store.recordNotification('wechatpay', e.id, ref, isoInstant(app.clock));
    return answer(true);
  }
  log('info', 'notify.ignored', { eventId: e.id, eventType: e.eventType });
  return answer(true);
}
