/**
 * Signing for the partner bank's API (our integration spec, simulators/bank/README.md).
 *
 * Every message in either direction is signed with SHA256withRSA (RSA-2048, PKCS#1 v1.5) over five
 * lines, each followed by `\n`:
 *
 *   request:      METHOD \n pathWithQuery \n timestamp \n nonce \n body \n     (signed with our key)
 *   answer:       status \n pathWithQuery \n timestamp \n nonce \n body \n     (signed with the bank's key)
 *   notification: NOTIFY \n partnerId     \n timestamp \n nonce \n body \n     (signed with the bank's key)
 *
 * The first line separates the three kinds, so a signature made for one kind never verifies as another;
 * an answer names the path it answers, so it cannot be passed off as the answer to a different call.
 *
 * Why RSA and not a shared HMAC secret: a debit, an advance and a credit-bureau record are money and
 * legal facts, and with a shared secret either side could have produced any message, so neither a bank
 * statement nor our request would prove anything in a dispute. With key pairs a leak of our key also
 * does not let anyone forge the bank's DEBIT.SUCCESS callbacks. It is the scheme we already run for
 * WeChat Pay, so the primitives are shared; should the bank demand SM2/SM3, only this file changes.
 */
import { createHmac, type KeyObject } from 'node:crypto';
import { buildSignatureMessage, generateNonce, signSha256Rsa } from '../wechatpay/sign';

export { generateNonce };

export const BANK_HEADERS = {
  partner: 'X-Bank-Partner',
  keyId: 'X-Bank-Key-Id',
  timestamp: 'X-Bank-Timestamp',
  nonce: 'X-Bank-Nonce',
  signature: 'X-Bank-Signature',
} as const;

/** What a signature is about; it decides the first two lines of the signed message. */
export type SignedKind =
  | { type: 'request'; method: string; pathWithQuery: string }
  | { type: 'answer'; status: number; pathWithQuery: string }
  | { type: 'notification' };

const NOTIFICATION_MARK = 'NOTIFY';

export function buildBankSignatureMessage(
  kind: SignedKind,
  partnerId: string,
  timestampSeconds: number | string,
  nonce: string,
  body: string | Buffer,
): Buffer {
  const head =
    kind.type === 'request'
      ? [kind.method.toUpperCase(), kind.pathWithQuery]
      : kind.type === 'answer'
        ? [String(kind.status), kind.pathWithQuery]
        : [NOTIFICATION_MARK, partnerId];
  return buildSignatureMessage([...head, String(timestampSeconds), nonce, body]);
}

export interface SignBankMessageInput {
  kind: SignedKind;
  partnerId: string;
  /** Names the key pair, so either side can roll its key without a flag day. */
  keyId: string;
  privateKey: string | KeyObject;
  timestampSeconds: number;
  nonce?: string;
  body: string | Buffer;
}

/** The five X-Bank-* headers for one message. */
export function signBankMessage(input: SignBankMessageInput): Record<string, string> {
  const nonce = input.nonce ?? generateNonce();
  const message = buildBankSignatureMessage(input.kind, input.partnerId, input.timestampSeconds, nonce, input.body);
  return {
    [BANK_HEADERS.partner]: input.partnerId,
    [BANK_HEADERS.keyId]: input.keyId,
    [BANK_HEADERS.timestamp]: String(input.timestampSeconds),
    [BANK_HEADERS.nonce]: nonce,
    [BANK_HEADERS.signature]: signSha256Rsa(message, input.privateKey),
  };
}

/**
 * The person's ID hash as the bank expects it: HMAC-SHA256 under a key agreed with the bank (never our
 * internal lookup key), over the canonical ID number, lower-case hex. The bank computes the same from its
 * own KYC record, so both sides can match a person while no raw ID number ever crosses the wire.
 */
export const bankIdHash = (idHashKey: Buffer, canonicalId: string): string =>
  createHmac('sha256', idHashKey).update(canonicalId, 'utf8').digest('hex');
