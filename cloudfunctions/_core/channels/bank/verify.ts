/**
 * Verification of signed bank messages, used both ways: our client checks the bank's answers and
 * notifications, the simulator (standing in for the bank) checks our requests. It works on the RAW body
 * bytes: re-serialised JSON would differ in spacing or key order from what was signed.
 *
 * Checks, in order: all five headers are there; the partner is the one expected; the key id names a key
 * we trust; the timestamp is within 300 s of our clock; the signature verifies; and only then the nonce
 * is new (recording a nonce before the signature holds would let anyone burn the nonces of genuine
 * messages).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  createMemoryNonceGuard,
  readHeader,
  verifySha256Rsa,
  type HeaderBag,
  type RememberNonce,
} from '../wechatpay/verify';
import { BANK_HEADERS, buildBankSignatureMessage, type SignedKind } from './sign';

export { createMemoryNonceGuard, readHeader };
export type { HeaderBag, RememberNonce };

/** The window the spec allows between the signer's clock and the verifier's. */
export const BANK_MAX_CLOCK_SKEW_SECONDS = 300;

/** Key id → public key. */
export type BankKeyRing = ReadonlyMap<string, KeyObject>;

/** Parses trusted public keys once; a malformed PEM is a configuration mistake and throws at start-up. */
export function createBankKeyRing(publicKeys: Readonly<Record<string, string>>): BankKeyRing {
  return new Map(Object.entries(publicKeys).map(([keyId, pem]) => [keyId, createPublicKey(pem)]));
}

export const BANK_VERIFY_FAILURE_MESSAGES = {
  MISSING_SIGNATURE_HEADERS: '缺少银行签名信息',
  PARTNER_MISMATCH: '签名中的合作方编号不符',
  UNKNOWN_KEY: '未知的签名密钥',
  STALE_TIMESTAMP: '签名时间超出允许范围',
  BAD_SIGNATURE: '签名验证失败',
  REPLAYED_NONCE: '重复的请求或通知',
} as const;

export type BankVerifyFailureCode = keyof typeof BANK_VERIFY_FAILURE_MESSAGES;

export type BankVerifyResult =
  | { ok: true; keyId: string; timestampSeconds: number; nonce: string }
  | { ok: false; code: BankVerifyFailureCode; message: string };

const fail = (code: BankVerifyFailureCode): BankVerifyResult => ({ ok: false, code, message: BANK_VERIFY_FAILURE_MESSAGES[code] });

export interface BankVerifyOptions {
  keyRing: BankKeyRing;
  /** The partner the message must be about: ours on the client, the caller's on the bank side. */
  partnerId: string;
  clock: () => Date;
  /** Required for notifications and for requests at the bank; answers to our own calls may omit it. */
  rememberNonce?: RememberNonce;
  maxSkewSeconds?: number;
}

export async function verifyBankMessage(
  kind: SignedKind,
  headers: HeaderBag,
  rawBody: string | Buffer,
  options: BankVerifyOptions,
): Promise<BankVerifyResult> {
  const partner = readHeader(headers, BANK_HEADERS.partner);
  const keyId = readHeader(headers, BANK_HEADERS.keyId);
  const timestamp = readHeader(headers, BANK_HEADERS.timestamp);
  const nonce = readHeader(headers, BANK_HEADERS.nonce);
  const signature = readHeader(headers, BANK_HEADERS.signature);
  if (!partner || !keyId || !timestamp || !nonce || !signature || !/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9]{16,64}$/.test(nonce)) {
    return fail('MISSING_SIGNATURE_HEADERS');
  }
  if (partner !== options.partnerId) return fail('PARTNER_MISMATCH');
  const key = options.keyRing.get(keyId);
  if (!key) return fail('UNKNOWN_KEY');
  const timestampSeconds = Number(timestamp);
  const skewSeconds = Math.abs(Math.floor(options.clock().getTime() / 1000) - timestampSeconds);
  if (skewSeconds > (options.maxSkewSeconds ?? BANK_MAX_CLOCK_SKEW_SECONDS)) return fail('STALE_TIMESTAMP');
  const message = buildBankSignatureMessage(kind, partner, timestamp, nonce, rawBody);
  if (!verifySha256Rsa(message, signature, key)) return fail('BAD_SIGNATURE');
  if (options.rememberNonce && !(await options.rememberNonce(nonce, timestampSeconds))) return fail('REPLAYED_NONCE');
  return { ok: true, keyId, timestampSeconds, nonce };
}
