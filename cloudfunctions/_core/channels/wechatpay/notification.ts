/**
 * Turns a WeChat Pay callback (headers + raw body) into a typed event, or a rejection with a stable
 * code. Nothing in the body is trusted before the signature, the timestamp window, the serial and
 * the nonce have been checked on the raw bytes, and the resource is only read after its GCM tag holds.
 * Duplicates of the same event (WeChat re-sends until it gets a 2xx) carry fresh nonces and pass
 * here; the caller deduplicates them by event id or by out_trade_no / out_refund_no.
 */
import { decryptResource } from './aesgcm';
import {
  NotificationEnvelopeSchema,
  RefundNotificationResourceSchema,
  TransactionSchema,
  type RefundNotificationResource,
  type Transaction,
} from './schemas';
import {
  PapayContractNoticeSchema,
  PapayTransactionSchema,
  type PapayContractNotice,
  type PapayTransaction,
} from './papaySchemas';
import {
  VERIFY_FAILURE_MESSAGES,
  verifyPlatformSignature,
  type HeaderBag,
  type PlatformKeyRing,
  type RememberNonce,
  type VerifyFailureCode,
} from './verify';

interface EventBase {
  /** WeChat's notification id; the same for every re-delivery of one event. */
  id: string;
  eventType: string;
  createTime: string;
  summary: string;
}

export type WechatPayEvent =
  | (EventBase & { type: 'transaction'; transaction: Transaction })
  | (EventBase & { type: 'refund'; refund: RefundNotificationResource })
  /** 委托代扣: a contract signed or ended (PAPAY.CONTRACT.SIGNED / .TERMINATED). */
  | (EventBase & { type: 'papay-contract'; contract: PapayContractNotice })
  /** 委托代扣: a debit's result (PAPAY.TRANSACTION.SUCCESS / .FAIL). */
  | (EventBase & { type: 'papay-transaction'; transaction: PapayTransaction })
  /** An event type this adapter does not map; acknowledge it so WeChat stops re-sending, and log it. */
  | (EventBase & { type: 'unsupported' });

export const NOTIFICATION_FAILURE_MESSAGES = {
  ...VERIFY_FAILURE_MESSAGES,
  INVALID_BODY: '微信支付通知格式错误',
  DECRYPT_FAILED: '微信支付通知解密失败',
  MCHID_MISMATCH: '微信支付通知不属于本商户',
} as const;

export type NotificationFailureCode = keyof typeof NOTIFICATION_FAILURE_MESSAGES;

export type NotificationOutcome =
  | { kind: 'ok'; event: WechatPayEvent }
  | { kind: 'rejected'; code: NotificationFailureCode; message: string };

const reject = (code: NotificationFailureCode): NotificationOutcome => ({
  kind: 'rejected',
  code,
  message: NOTIFICATION_FAILURE_MESSAGES[code],
});

export interface NotificationContext {
  keyRing: PlatformKeyRing;
  apiV3Key: string;
  mchid: string;
  clock: () => Date;
  rememberNonce: RememberNonce;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export async function parseWechatPayNotification(
  headers: HeaderBag,
  rawBody: string | Buffer,
  context: NotificationContext,
): Promise<NotificationOutcome> {
  const verified = await verifyPlatformSignature(headers, rawBody, {
    keyRing: context.keyRing,
    clock: context.clock,
    rememberNonce: context.rememberNonce,
  });
  if (!verified.ok) return reject(verified.code as VerifyFailureCode);

  const envelope = NotificationEnvelopeSchema.safeParse(parseJson(rawBody.toString()));
  if (!envelope.success) return reject('INVALID_BODY');
  const opened = decryptResource(context.apiV3Key, envelope.data.resource);
  if (!opened.ok) return reject('DECRYPT_FAILED');

  const base: EventBase = {
    id: envelope.data.id,
    eventType: envelope.data.event_type,
    createTime: envelope.data.create_time,
    summary: envelope.data.summary,
  };
  const resource = parseJson(opened.plaintext);
  if (base.eventType.startsWith('TRANSACTION.')) {
    const transaction = TransactionSchema.safeParse(resource);
    if (!transaction.success) return reject('INVALID_BODY');
    if (transaction.data.mchid !== context.mchid) return reject('MCHID_MISMATCH');
    return { kind: 'ok', event: { ...base, type: 'transaction', transaction: transaction.data } };
  }
  if (base.eventType.startsWith('REFUND.')) {
    const refund = RefundNotificationResourceSchema.safeParse(resource);
    if (!refund.success) return reject('INVALID_BODY');
    if (refund.data.mchid !== context.mchid) return reject('MCHID_MISMATCH');
    return { kind: 'ok', event: { ...base, type: 'refund', refund: refund.data } };
  }
  if (base.eventType.startsWith('PAPAY.CONTRACT.')) {
    const contract = PapayContractNoticeSchema.safeParse(resource);
    if (!contract.success) return reject('INVALID_BODY');
    if (contract.data.mchid !== context.mchid) return reject('MCHID_MISMATCH');
    return { kind: 'ok', event: { ...base, type: 'papay-contract', contract: contract.data } };
  }
  if (base.eventType.startsWith('PAPAY.TRANSACTION.')) {
    const transaction = PapayTransactionSchema.safeParse(resource);
    if (!transaction.success) return reject('INVALID_BODY');
    if (transaction.data.mchid !== context.mchid) return reject('MCHID_MISMATCH');
    return { kind: 'ok', event: { ...base, type: 'papay-transaction', transaction: transaction.data } };
  }
  return { kind: 'ok', event: { ...base, type: 'unsupported' } };
}

/**
 * What to answer WeChat. A 2xx stops its re-deliveries, so it must only be sent once the event is
 * safely recorded; any other status makes WeChat try again later, with `{code: "FAIL"}` in the body.
 */
export function notificationReply(accepted: boolean, message = '失败'): { statusCode: number; body: string } {
  return accepted
    ? { statusCode: 204, body: '' }
    : { statusCode: 400, body: JSON.stringify({ code: 'FAIL', message }) };
}
