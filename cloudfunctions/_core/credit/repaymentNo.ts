/**
 * Repayments of bank advances share WeChat Pay's merchant with premium orders: the repayment id is the out_trade_no
 * and the out_refund_no, and its prefix (ids.ts) tells the callback, the janitor and reconciliation which it is.
 */
export const REPAYMENT_ID_PREFIX = 'rpy';

export const isRepaymentNo = (outNo: string): boolean => outNo.startsWith(`${REPAYMENT_ID_PREFIX}_`);
