import type { z } from 'zod';
import type { PayInput, RefundsInput } from '@shared/api/contract';
import {
  PayOptionsOutput,
  PaymentsListOutput,
  PaymentsOrderOutput,
  PayOutput,
  RefundOutput,
  RefundsListOutput,
} from '@shared/api/paymentOutputs';
import { checkedCall as ask } from '../../../lib/checkedCall';

/** What `pay` is asked: who and which benefit years (the server prices them; the client never sends an amount). */
export type PayRequest = z.input<typeof PayInput>;
export type RefundRequest = Omit<Extract<z.input<typeof RefundsInput>, { action: 'request' }>, 'action'>;
export type RefundReason = RefundRequest['reason'];

/**
 * The payment pages' calls, each answer checked against its output schema in shared/api/paymentOutputs.ts (which
 * the integration tests check the functions' real answers against) before a page sees it.
 */
export const paymentApi = {
  pay: (request: PayRequest) => ask('pay', request, PayOutput),
  options: () => ask('payments', { action: 'options' }, PayOptionsOutput),
  listPayments: () => ask('payments', { action: 'list' }, PaymentsListOutput),
  getPayment: (orderId: string) => ask('payments', { action: 'get', orderId }, PaymentsOrderOutput),
  /** The payer left the WeChat sheet: the server closes the order at WeChat and gives the held money back. */
  cancelPayment: (orderId: string) => ask('payments', { action: 'cancel', orderId }, PaymentsOrderOutput),
  requestRefund: (request: RefundRequest) => ask('refunds', { action: 'request', ...request }, RefundOutput),
  listRefunds: () => ask('refunds', { action: 'list' }, RefundsListOutput),
  getRefund: (refundId: string) => ask('refunds', { action: 'get', refundId }, RefundOutput),
};
