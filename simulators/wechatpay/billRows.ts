/**
 * The rows of the simulator's trade bill for one day: a SUCCESS row for each order paid that day (JSAPI) and
 * each 委托代扣 debit that succeeded that day (PAP: WeChat bills them with the merchant's other payments), and
 * a REFUND row for each refund that succeeded that day (an order refunded later keeps its SUCCESS row on the
 * day it was paid). The fee is the simulator's stand-in for WeChat's charge, not a policy number.
 */
import type { TradeBillRow } from '../../cloudfunctions/_core/channels/wechatpay/tradeBill';
import type { PapayTradeRow } from './papayStore';
import type { OrderRow, RefundRow } from './store';

/** What a bill row names of the payment it is about, whichever API took it. */
type BilledPayment = Pick<OrderRow, 'appid' | 'mchid' | 'transaction_id' | 'out_trade_no' | 'openid' | 'description' | 'attach' | 'total_fen' | 'success_time'>;

/** 0.6 %, WeChat Pay's standard merchant rate, expressed in thousandths. */
const SIMULATED_FEE_PER_MILLE = 6;
const SIMULATED_FEE_RATE_TEXT = '0.60%';

/** The fee in fen rounded half up, then in thousandths of a fen as the bill's five decimals want it. */
const feeMilliFen = (amountFen: number) => Math.floor((amountFen * SIMULATED_FEE_PER_MILLE + 500) / 1000) * 1000;

/** `2024-01-31T10:00:00+08:00` → `2024-01-31 10:00:00`; the simulator always writes +08:00 times. */
const billTime = (wechatTime: string) => wechatTime.slice(0, 19).replace('T', ' ');

const emptyRow = (order: BilledPayment, tradeType = 'JSAPI'): TradeBillRow => ({
  tradeTime: '',
  appid: order.appid,
  mchid: order.mchid,
  subMchid: '0',
  deviceInfo: '',
  transactionId: order.transaction_id ?? '',
  outTradeNo: order.out_trade_no,
  openid: order.openid,
  tradeType,
  tradeState: '',
  bankType: 'OTHERS',
  currency: 'CNY',
  settlementTotalFen: 0,
  couponFen: 0,
  refundId: '0',
  outRefundNo: '0',
  refundFen: 0,
  couponRefundFen: 0,
  refundType: '',
  refundStatus: '',
  description: order.description,
  attach: order.attach ?? '',
  feeMilliFen: 0,
  feeRate: SIMULATED_FEE_RATE_TEXT,
  orderTotalFen: 0,
  requestedRefundFen: 0,
  feeRemark: '',
});

export function paymentRow(order: BilledPayment, tradeType = 'JSAPI'): TradeBillRow {
  return {
    ...emptyRow(order, tradeType),
    tradeTime: billTime(order.success_time ?? ''),
    tradeState: 'SUCCESS',
    settlementTotalFen: order.total_fen,
    feeMilliFen: feeMilliFen(order.total_fen),
    orderTotalFen: order.total_fen,
  };
}

/** A 委托代扣 debit's row: the payer is the contract's openid. */
export function papayRow(trade: PapayTradeRow, openid: string): TradeBillRow {
  return paymentRow({ ...trade, openid }, 'PAP');
}

export function refundRow(order: OrderRow, refund: RefundRow): TradeBillRow {
  return {
    ...emptyRow(order),
    tradeTime: billTime(refund.success_time ?? ''),
    tradeState: 'REFUND',
    refundId: refund.refund_id,
    outRefundNo: refund.out_refund_no,
    refundFen: refund.refund_fen,
    refundType: 'ORIGINAL',
    refundStatus: 'SUCCESS',
    feeMilliFen: -feeMilliFen(refund.refund_fen),
    requestedRefundFen: refund.refund_fen,
  };
}
