import { defineTimerFunction } from '../_core/handler';
import { settleOpenRefunds } from '../_core/payments/refunds';
import { settleOpenOrders } from '../_core/payments/service';

/** Every two minutes: ask WeChat about every open order and refund and settle it; nothing stays unknown. */
export const main = defineTimerFunction('paymentJanitor', async (_event, app) => ({
  orders: await settleOpenOrders(app),
  refunds: await settleOpenRefunds(app),
}));
