import { z } from 'zod';
import {
  BindIdentityOutput,
  CoverageOutput,
  MeOutput,
  OrderViewSchema,
  RefundViewSchema,
  RelativesOutput,
  type FunctionName,
  type Relation,
  type REFUND_REASON_VALUES,
} from '@shared/api/contract';
import { ERROR_CODES, type ApiError, type ApiResult, type ErrorCode } from '@shared/api/errors';
import { callFunction } from './transport';

/**
 * Answers are checked against the shared contract before any page sees them: a gateway or function that
 * drifts from the contract shows a clear Chinese error instead of a blank or broken page.
 */
const ErrorAnswer = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string().min(1) }),
});

const SuccessAnswer = z.object({ ok: z.literal(true), data: z.unknown() });

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function toApiError(code: string, message: string): ApiError {
  return { code: KNOWN_CODES.has(code) ? (code as ErrorCode) : 'INTERNAL', message };
}

async function call<Output extends z.ZodType>(
  name: FunctionName,
  data: unknown,
  output: Output,
): Promise<ApiResult<z.infer<Output>>> {
  const raw = await callFunction(name, data);
  const failed = ErrorAnswer.safeParse(raw);
  if (failed.success) return { ok: false, error: toApiError(failed.data.error.code, failed.data.error.message) };
  const succeeded = SuccessAnswer.safeParse(raw);
  const parsed = succeeded.success ? output.safeParse(succeeded.data.data) : null;
  if (parsed?.success) return { ok: true, data: parsed.data as z.infer<Output> };
  return { ok: false, error: toApiError('INTERNAL', '服务返回的内容无法识别，请稍后再试') };
}

export type MeData = z.infer<typeof MeOutput>;
export type CoverageData = z.infer<typeof CoverageOutput>;
export type RelativesData = z.infer<typeof RelativesOutput>;

/**
 * The contract declares the order and refund views; the envelopes around them (`{ orders }`, `{ order }`,
 * `{ refund }`, `{ refunds }`) are what the payments and refunds functions answer with.
 */
const OrdersOutput = z.object({ orders: z.array(OrderViewSchema) });
const OrderOutput = z.object({ order: OrderViewSchema });
const RefundOutput = z.object({ refund: RefundViewSchema });
const RefundsOutput = z.object({ refunds: z.array(RefundViewSchema) });

export type RefundReason = (typeof REFUND_REASON_VALUES)[number];

export interface PayRequest {
  /** Who and which benefit years; the server prices them, the client never sends an amount. */
  items: Array<{ personId: string; benefitYear: number }>;
  useAccount: boolean;
}

export interface RefundRequest {
  orderId: string;
  personId: string;
  benefitYear: number;
  reason: RefundReason;
}

export interface NewRelative {
  relation: Relation;
  name: string;
  idNumber: string;
}

/** One function per cloud-function action, typed by the shared contract. */
export const api = {
  me: () => call('me', {}, MeOutput),
  bindIdentity: (fields: { name: string; idNumber: string }) => call('bindIdentity', fields, BindIdentityOutput),
  listRelatives: () => call('relatives', { action: 'list' }, RelativesOutput),
  addRelative: (relative: NewRelative) => call('relatives', { action: 'add', ...relative }, RelativesOutput),
  coverage: () => call('coverage', {}, CoverageOutput),
  pay: (request: PayRequest) => call('pay', request, OrderViewSchema),
  listPayments: () => call('payments', { action: 'list' }, OrdersOutput),
  getPayment: (orderId: string) => call('payments', { action: 'get', orderId }, OrderOutput),
  requestRefund: (request: RefundRequest) => call('refunds', { action: 'request', ...request }, RefundOutput),
  listRefunds: () => call('refunds', { action: 'list' }, RefundsOutput),
  getRefund: (refundId: string) => call('refunds', { action: 'get', refundId }, RefundOutput),
};
