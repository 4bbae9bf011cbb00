import { defineTimerFunction } from '../_core/handler';
import { settleOpenOrders } from '../_core/payments/service';

/** Every two minutes: query WeChat about every open order and settle it; nothing stays unknown. */
export const main = defineTimerFunction('paymentJanitor', (_event, app) => settleOpenOrders(app));
