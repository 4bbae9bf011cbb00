/**
 * Turns a bank notification (headers + raw body) into a typed event, or a rejection with a stable code.
 * Nothing in the body is read before the signature, partner, timestamp window and nonce hold on the raw
 * bytes. Re-deliveries of one event carry fresh nonces and pass here with the same event id; the caller
 * deduplicates on that id (or on the out_* number of the resource) and must not assume events arrive
 * in order: a DEBIT.SUCCESS can arrive after a later query already said SUCCESS.
 */
import { z } from 'zod';
import {
  AdvanceSchema,
  ContractSchema,
  DebitSchema,
  NotificationEnvelopeSchema,
  type Advance,
  type Contract,
  type Debit,
} from './schemas';
import {
  BANK_VERIFY_FAILURE_MESSAGES,
  verifyBankMessage,
  type BankKeyRing,
  type HeaderBag,
  type RememberNonce,
} from './verify';

interface EventBase {
  id: string;
  eventType: string;
  createTime: string;
}

export type BankEvent =
  | (EventBase & { type: 'contract'; contract: Contract })
  | (EventBase & { type: 'debit'; debit: Debit })
  | (EventBase & { type: 'advance'; advance: Advance })
  /** An event type this adapter does not map: acknowledge it so the bank stops re-sending, and log it. */
  | (EventBase & { type: 'unsupported' });

export const BANK_NOTIFICATION_FAILURE_MESSAGES = {
  ...BANK_VERIFY_FAILURE_MESSAGES,
  INVALID_BODY: '银行通知格式错误',
} as const;

export type BankNotificationFailureCode = keyof typeof BANK_NOTIFICATION_FAILURE_MESSAGES;

export type BankNotificationOutcome =
  | { kind: 'ok'; event: BankEvent }
  | { kind: 'rejected'; code: BankNotificationFailureCode; message: string };

const reject = (code: BankNotificationFailureCode): BankNotificationOutcome => ({
  kind: 'rejected',
  code,
  message: BANK_NOTIFICATION_FAILURE_MESSAGES[code],
});

export interface BankNotificationContext {
  keyRing: BankKeyRing;
  partnerId: string;
  clock: () => Date;
  rememberNonce: RememberNonce;
}

const RESOURCE_BY_EVENT: Record<string, { type: 'contract' | 'debit' | 'advance'; schema: z.ZodType }> = {
  'CONTRACT.TERMINATED': { type: 'contract', schema: ContractSchema },
  'DEBIT.SUCCESS': { type: 'debit', schema: DebitSchema },
  'DEBIT.FAILED': { type: 'debit', schema: DebitSchema },
  'ADVANCE.OVERDUE': { type: 'advance', schema: AdvanceSchema },
  'ADVANCE.REPAID': { type: 'advance', schema: AdvanceSchema },
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export async function parseBankNotification(
  headers: HeaderBag,
  rawBody: string | Buffer,
  context: BankNotificationContext,
): Promise<BankNotificationOutcome> {
  const verified = await verifyBankMessage({ type: 'notification' }, headers, rawBody, context);
  if (!verified.ok) return reject(verified.code);
  const envelope = NotificationEnvelopeSchema.safeParse(parseJson(rawBody.toString()));
  if (!envelope.success) return reject('INVALID_BODY');
  const base: EventBase = { id: envelope.data.id, eventType: envelope.data.event_type, createTime: envelope.data.create_time };
  const mapping = RESOURCE_BY_EVENT[envelope.data.event_type];
  if (!mapping) return { kind: 'ok', event: { ...base, type: 'unsupported' } };
  const resource = mapping.schema.safeParse(envelope.data.resource);
  if (!resource.success) return reject('INVALID_BODY');
  if (mapping.type === 'contract') return { kind: 'ok', event: { ...base, type: 'contract', contract: resource.data as Contract } };
  if (mapping.type === 'debit') return { kind: 'ok', event: { ...base, type: 'debit', debit: resource.data as Debit } };
  return { kind: 'ok', event: { ...base, type: 'advance', advance: resource.data as Advance } };
}

/**
 * What to answer the bank. A 2xx tells it to stop re-sending, so it is given only for a notification we
 * accepted; anything else gets a 4xx and the bank tries again on its schedule.
 */
export const bankNotificationReply = (accepted: boolean): { statusCode: number; body: string } =>
  accepted
    ? { statusCode: 200, body: JSON.stringify({ code: 'SUCCESS', message: '成功' }) }
    : { statusCode: 401, body: JSON.stringify({ code: 'FAIL', message: '通知验证失败' }) };
