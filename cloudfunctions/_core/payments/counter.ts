import { refuseSuspendedYear } from '../coverage/suspensions';
import type { z } from 'zod';
import type { CounterPaymentInput, OrderView } from '../../../shared/api/contract';
import { quote as policyQuote } from '../../../shared/policy';
import { fenToYuanText } from '../../../shared/policy/money';
import type { App } from '../app';
import { personAtCounter } from '../identity/counterPerson';
import type { Caller } from '../caller';
import { isoInstant } from '../clock';
import { quoteRequestFor } from '../coverage/service';
import { AppError, UniqueViolation } from '../errors';
import type { PaymentItemRow, PaymentOrderRow } from '../store/port';
import { orderView, succeed } from './service';
import { STAFF_PAYER } from './states';

/**
 * A receipt already registered: the same registration again (a retry, a double click) answers with its order; the
 * receipt used for another person, year or amount is refused, since one paper receipt pays once.
 */
async function recordedReceipt(app: App, requestHash: string, personId: string, input: z.infer<typeof CounterPaymentInput>): Promise<OrderView | null> {
  const order = await app.store.findCounterOrder(requestHash);
  if (!order) return null;
  const { items } = (await app.store.getOrder(order.orderId))!;
  const same = order.payerPersonId === personId && order.totalFen === input.receivedFen && items.some((i) => i.benefitYear === input.benefitYear);
  if (!same) throw new AppError('CONFLICT', `收据号 ${input.receiptNo} 已登记过另一笔缴费，请核对收据号`);
  return orderView(app, order, items);
}

/**
 * A cash payment taken at a service counter (线下缴费, pilot §三(四) "保留线下缴费渠道"): staff record it with the
 * paper receipt's number, which can be recorded once only. The amount is the server's quote, as in the app:
 * staff do not type amounts. The person must already be known here (bound or linked); the counter's own
 * system registers newcomers.
 */
export async function recordCounterPayment(app: App, caller: Caller, input: z.infer<typeof CounterPaymentInput>): Promise<OrderView> {
  const { person, today } = await personAtCounter(app, caller, input.idNumber, '系统中没有该人员，请先在经办系统登记');
  const requestHash = `receipt:${input.receiptNo}`;
  const recorded = await recordedReceipt(app, requestHash, person.personId, input);
  if (recorded) return recorded;
  const enrollments = await app.store.listEnrollments([person.personId]);
  if (enrollments.some((e) => e.benefitYear === input.benefitYear)) throw new AppError('ALREADY_PAID');
  await refuseSuspendedYear(app, person, input.benefitYear);
  const priced = policyQuote(await quoteRequestFor(app, person, input.benefitYear, enrollments, today), today);
  if ('error' in priced) throw new AppError('NOT_PAYABLE', priced.error.message);
  if (priced.totalFen !== input.receivedFen) {
    throw new AppError('INVALID_INPUT', `应收 ${fenToYuanText(priced.totalFen)} 元，收据金额 ${fenToYuanText(input.receivedFen)} 元，请核对后再登记`);
  }
  const at = isoInstant(app.clock);
  const order: PaymentOrderRow = {
    orderId: app.ids('ord'), payerPersonId: person.personId, payerOpenid: `${STAFF_PAYER}${caller.openid}`, requestHash,
    totalFen: priced.totalFen, accountFen: 0, wechatFen: priced.totalFen, state: 'INIT', prepayId: null, channelTxnId: input.receiptNo,
    failure: null, createdAt: at, updatedAt: at, channel: 'cash',
  };
  const item: PaymentItemRow = {
    orderId: order.orderId, itemNo: 0, personId: person.personId, benefitYear: input.benefitYear, standardFen: priced.standardFen,
    dueFen: priced.totalFen, quote: JSON.stringify(priced), live: true,
  };
  try {
    await app.store.transaction(async (tx) => {
      await tx.insertOrder(order, [item]);
      await succeed(tx, app, order, [item], 'counter.cash', input.receiptNo, at);
    });
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    // The same receipt sent twice at once: the registration that won is the answer to both.
    const raced = await recordedReceipt(app, requestHash, person.personId, input);
    if (raced) return raced;
    if (error.constraint !== 'payment_item_live') throw new AppError('CONFLICT', '该笔缴费未能登记，请刷新后核对');
    // Another payment of the person-year got there first: paid by now, or still on its way.
    if ((await app.store.listEnrollments([person.personId])).some((e) => e.benefitYear === input.benefitYear)) throw new AppError('ALREADY_PAID');
    throw new AppError('PAYMENT_IN_PROGRESS', `${person.name} ${input.benefitYear} 年度已有一笔缴费正在办理，请稍后查询后再登记`);
  }
  const found = (await app.store.getOrder(order.orderId))!;
  return orderView(app, found.order, found.items);
}
