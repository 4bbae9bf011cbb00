import { maskIdNumbersIn } from '@shared/identity/idNumber';
import type { StatusTone } from '../../../components/StatusTag';
import type { HeldMoneyItem, ReconciliationChannel, ReconciliationReport } from './staffApi';

type Status = keyof ReconciliationReport['counts'];
type Kind = ReconciliationReport['lines'][number]['kind'];

export const CHANNEL_LABELS: Record<ReconciliationChannel, string> = { wechatpay: '微信支付', bank: '合作银行' };

/** In the order staff read them: what agrees, then each kind of difference. */
export const STATUS_ORDER: readonly Status[] = ['MATCHED', 'MISSING_ON_OUR_SIDE', 'MISSING_ON_CHANNEL_SIDE', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH'];

export const STATUS_LABELS: Record<Status, string> = {
  MATCHED: '一致',
  MISSING_ON_OUR_SIDE: '我方缺失',
  MISSING_ON_CHANNEL_SIDE: '渠道缺失',
  AMOUNT_MISMATCH: '金额不符',
  STATUS_MISMATCH: '状态不符',
};

export const statusTone = (status: Status): StatusTone => (status === 'MATCHED' ? 'success' : 'warning');

export const KIND_LABELS: Record<Kind, string> = {
  payment: '微信收款',
  refund: '微信退款',
  debit: '自动续缴扣款',
  deposit: '零存整缴存入',
  advance: '信用参保垫付',
  repayment: '垫付还款',
};

/** 待人工处理款项: what kind of money is waiting for a person. */
export const HELD_KIND_LABELS: Record<HeldMoneyItem['kind'], string> = {
  'refund-failed': '退费未能退回',
  'repayment-refund-stuck': '还款退回未成功',
  'repayment-amount-mismatch': '还款金额不符',
  'repayment-paid-after-close': '已关闭的还款被支付',
  'remittance-held': '还款未转交银行',
  'payment-amount-mismatch': '缴费金额不符',
  'payment-paid-after-failed': '已关闭的缴费单被支付',
};

/** The ledger accounts that hold such money, by the id the server names them with. */
export const HELD_ACCOUNT_LABELS: Record<string, string> = {
  'refunds-payable:hefei': '应付退费',
  'credit-remittance:partner': '代缴还款待转交',
};

/**
 * Line numbers are ours (orders, debits, advances) and name no one, but a detail or a number may one day carry
 * an ID number from a channel: anything ID-shaped is masked before it is shown.
 */
export const safeText = (text: string): string => maskIdNumbersIn(text);

/** Basis points as percent with one decimal, rounded down like the server's rate label: 1234 → "12.3". */
const oneDecimal = (bp: number): string => `${Math.floor(bp / 100)}.${Math.floor((bp % 100) / 10)}`;

export const formatRateBp = (bp: number): string => `${oneDecimal(bp)}%`;

/** A change in basis points as percentage points, signed: 150 → "+1.5个百分点", -20 → "-0.2个百分点". */
export function formatChangeBp(bp: number): string {
  const sign = bp > 0 ? '+' : bp < 0 ? '-' : '';
  return `${sign}${oneDecimal(Math.abs(bp))}个百分点`;
}
