import dayjs from 'dayjs';
import type { App } from '../app';
import { isoInstant, todayIn, ZONE } from '../clock';
import { AppError } from '../errors';
import { paymentSettings } from '../payments/settings';
import { wechatPay } from '../payments/wechatpayChannel';
import { isRepaymentNo } from '../credit/repaymentNo';
import type { CreditRepaymentRow } from '../store/credit.port';
import type { PaymentOrderRow, ReconciliationChannel, ReconciliationLine, RefundRow } from '../store/port';
import { reconcileBankDay } from './bankStatement';
import { compareStatement, PAPAY_TRADE_TYPE } from './compare';
import { statementDayBounds } from './day';

export interface ReconciliationReport {
  channel: ReconciliationChannel;
  billDate: string;
  counts: Record<ReconciliationLine['status'], number>;
  lines: ReconciliationLine[];
  checkedAt?: string;
}

/**
 * When a (channel, day) was last reconciled. Its lines carry the time too, but a day with no transactions has no
 * lines, and "never checked" must not read like "checked, nothing there".
 */
const checkedKey = (channel: ReconciliationChannel, billDate: string) => `reconciled:${channel}:${billDate}`;

function report(channel: ReconciliationChannel, billDate: string, lines: ReconciliationLine[], checkedAt: string | null): ReconciliationReport {
  const counts = { MATCHED: 0, MISSING_ON_OUR_SIDE: 0, MISSING_ON_CHANNEL_SIDE: 0, AMOUNT_MISMATCH: 0, STATUS_MISMATCH: 0 };
  for (const l of lines) counts[l.status] += 1;
  return { channel, billDate, counts, lines, ...(checkedAt ? { checkedAt } : {}) };
}

/**
 * Reconciles one statement day (Asia/Shanghai) of WeChat Pay against our orders and refunds and stores the
 * report. A day with no bill (WeChat answers NO_STATEMENT_EXIST) is reconciled against an empty bill, so a
 * payment we booked that WeChat never saw still shows up.
 */
async function reconcileWechatDay(app: App, billDate: string): Promise<ReconciliationLine[]> {
  const download = await wechatPay(app).downloadTradeBill({ bill_date: billDate });
  let rows: Parameters<typeof compareStatement>[1] = [];
  if (download.kind === 'ok') rows = download.data.bill.rows;
  else if (download.kind === 'rejected' && download.code === 'NO_STATEMENT_EXIST') rows = [];
  else throw new AppError('CHANNEL_UNAVAILABLE', `对账单下载失败（${download.kind === 'rejected' ? download.code : '结果未知'}），请稍后重试`);

  const { from, to } = statementDayBounds(billDate);
  const ordersById = new Map<string, PaymentOrderRow>();
  const refundsById = new Map<string, RefundRow>();
  const repaymentsById = new Map<string, CreditRepaymentRow>();
  for (const row of rows) {
    const repaymentNo = row.tradeState === 'REFUND' ? row.outRefundNo : row.outTradeNo;
    if (isRepaymentNo(repaymentNo)) {
      const found = repaymentsById.has(repaymentNo) ? null : await app.store.getCreditRepayment(repaymentNo);
      if (found) repaymentsById.set(repaymentNo, found);
      continue;
    }
    if (row.tradeState === 'SUCCESS' && !ordersById.has(row.outTradeNo)) {
      // A 委托代扣 row names the debit (its out_trade_no); the debit's order is what the line is judged on.
      const orderId = row.tradeType === PAPAY_TRADE_TYPE ? (await app.store.getDebit(row.outTradeNo))?.orderId : row.outTradeNo;
      const found = orderId === undefined ? null : await app.store.getOrder(orderId);
      if (found) ordersById.set(row.outTradeNo, found.order);
    }
    if (row.tradeState === 'REFUND' && !refundsById.has(row.outRefundNo)) {
      const found = await app.store.getRefund(row.outRefundNo);
      if (found) refundsById.set(row.outRefundNo, found);
      // Not ours: perhaps fund staff refunding a held payment on WeChat's merchant platform (微信原路退款).
      const order = found || ordersById.has(row.outTradeNo) ? null : (await app.store.getOrder(row.outTradeNo))?.order;
      if (order?.heldAt) ordersById.set(row.outTradeNo, order);
    }
  }
  const repayments = await app.store.listWechatRepaymentsBetween(from, to);
  const lines = compareStatement(
    billDate,
    rows,
    {
      ordersById, refundsById, paidThatDay: await app.store.listOrdersPaidBetween(from, to), refundedThatDay: await app.store.listRefundsPaidBetween(from, to),
      papayDebitsThatDay: await app.store.listPapayDebitsPaidBetween(from, to),
      repaymentsById, repaymentsCollectedThatDay: repayments.collected, repaymentsRefundedThatDay: repayments.refunded,
    },
    isoInstant(app.clock),
  );
  await app.store.saveReconciliation(billDate, lines, 'wechatpay');
  return lines;
}

/** A day still to come has no statement: an empty report would read as "all matched" (and a run would store it). */
function refuseFutureDay(app: App, billDate: string): void {
  if (billDate > todayIn(app.clock)) throw new AppError('INVALID_INPUT', `${billDate} 还没有到，没有可核对的对账单，请选择今天或更早的日期`);
}

/**
 * A day older than the channels keep statements for: the download would come back empty or fail, and an empty
 * report stored as checked would read as "all matched" for a day nobody could check.
 */
function refuseExpiredDay(app: App, billDate: string): void {
  const days = paymentSettings().reconciliationMaxAgeDays;
  const oldest = dayjs.tz(`${todayIn(app.clock)} 12:00`, ZONE).subtract(days, 'day').format('YYYY-MM-DD');
  if (billDate < oldest) throw new AppError('INVALID_INPUT', `只能核对 ${oldest} 及以后的对账单（渠道只保留近 ${days} 天的账单）`);
}

/** Reconciles one statement day of one channel (WeChat Pay unless told) and stores the report for staff. */
export async function reconcileDay(app: App, billDate: string, channel: ReconciliationChannel = 'wechatpay'): Promise<ReconciliationReport> {
  refuseFutureDay(app, billDate);
  refuseExpiredDay(app, billDate);
  const lines = channel === 'bank' ? await reconcileBankDay(app, billDate) : await reconcileWechatDay(app, billDate);
  const checkedAt = isoInstant(app.clock);
  await app.store.setMeta(checkedKey(channel, billDate), checkedAt);
  return report(channel, billDate, lines, checkedAt);
}

export async function storedReconciliation(app: App, billDate: string, channel: ReconciliationChannel = 'wechatpay'): Promise<ReconciliationReport> {
  refuseFutureDay(app, billDate);
  return report(channel, billDate, await app.store.listReconciliation(billDate, channel), await app.store.getMeta(checkedKey(channel, billDate)));
}

/** The day before today in Hefei: WeChat publishes a day's bill the next morning. */
export function yesterday(app: App): string {
  return dayjs.tz(`${todayIn(app.clock)} 12:00`, ZONE).subtract(1, 'day').format('YYYY-MM-DD');
}
