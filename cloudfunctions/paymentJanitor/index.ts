import { settleContractEnds } from '../_core/agreements/contractEnds';
import { settleOpenCredit } from '../_core/credit/settle';
import { defineTimerFunction } from '../_core/handler';
import { settleOpenRefunds } from '../_core/payments/refunds';
import { settleOpenOrders } from '../_core/payments/service';

/**
 * Every two minutes: ask WeChat about every open order and refund and settle it, ask the bank about every open
 * credit advance and repayment, and ask the channels again to end every contract whose termination they have not
 * confirmed; nothing stays unknown for long (a repayment shown as being confirmed for a day is a resident's worry).
 */
export const main = defineTimerFunction('paymentJanitor', async (_event, app) => ({
  orders: await settleOpenOrders(app),
  refunds: await settleOpenRefunds(app),
  credit: await settleOpenCredit(app),
  contractEnds: await settleContractEnds(app),
}));
