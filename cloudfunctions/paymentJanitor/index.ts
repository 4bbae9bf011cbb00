import { settleContractEnds } from '../_core/agreements/contractEnds';
import { defineTimerFunction } from '../_core/handler';
import { settleOpenRefunds } from '../_core/payments/refunds';
import { settleOpenOrders } from '../_core/payments/service';

/**
 * Every two minutes: ask WeChat about every open order and refund and settle it, and ask the channels again to
 * end every contract whose termination they have not confirmed; nothing stays unknown.
 */
export const main = defineTimerFunction('paymentJanitor', async (_event, app) => ({
  orders: await settleOpenOrders(app),
  refunds: await settleOpenRefunds(app),
  contractEnds: await settleContractEnds(app),
}));
