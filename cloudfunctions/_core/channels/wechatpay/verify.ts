/**
 * Verification of what the WeChat Pay platform sends us: answers to our calls and callbacks. It works
 * on the RAW body bytes, because re-serialising parsed JSON changes spacing, key order or escapes and
 * the signature would then be checked over something WeChat never signed.
 *
 * Checks, in order: the four headers are there; the serial names a platform certificate or platform
 * public key we trust; the timestamp is within 300 s of our clock; the signature verifies; and only
 * then the nonce has not been seen before (recording a nonce before the signature holds would let
 * anyone burn nonces of genuine messages).
 */
import { X509Certificate, createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import {
  buildPaySignMessage,
  buildRequestMessage,
  buildResponseMessage,
  parseAuthorizationHeader,
  type RequestPaymentParams,
} from './sign';

/** WeChat's documented tolerance between its clock and ours. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** Serial → PEM. The PEM may be a public key (public-key mode) or an X.509 certificate (certificate mode). */
export type PlatformKeys = Readonly<Record<string, string>>;

interface TrustedKey {
  key: KeyObject;
  /** Only certificates expire; a public key id stays valid until WeChat withdraws it. */
  notAfter?: Date;
}

export type PlatformKeyRing = ReadonlyMap<string, TrustedKey>;

/**
 * Parses the trusted platform keys once. Throws on a malformed PEM or on a certificate whose own
 * serial differs from the serial it is filed under: both are configuration mistakes to catch at
 * start-up, not per message.
 */
export function createPlatformKeyRing(platformKeys: PlatformKeys): PlatformKeyRing {
  const ring = new Map<string, TrustedKey>();
  for (const [serial, pem] of Object.entries(platformKeys)) {
    if (pem.includes('BEGIN CERTIFICATE')) {
      const certificate = new X509Certificate(pem);
      if (certificate.serialNumber.toUpperCase() !== serial.toUpperCase()) {
        throw new Error(`platform certificate filed under ${serial} has serial ${certificate.serialNumber}`);
      }
      ring.set(serial.toUpperCase(), { key: certificate.publicKey, notAfter: new Date(certificate.validTo) });
    } else {
      ring.set(serial.startsWith('PUB_KEY_ID_') ? serial : serial.toUpperCase(), { key: createPublicKey(pem) });
    }
  }
  return ring;
}

const lookupKey = (ring: PlatformKeyRing, serial: string): TrustedKey | undefined =>
  ring.get(serial) ?? ring.get(serial.toUpperCase());

/**
 * Records a nonce and says whether it was new. Returns `true` the first time a nonce is offered and
 * `false` for every later offer. Production backs it with a store table holding a unique key on the
 * nonce; entries older than twice the skew window can be dropped, since older messages fail the
 * timestamp check anyway.
 */
export type RememberNonce = (nonce: string, timestampSeconds: number) => boolean | Promise<boolean>;

/** An in-process RememberNonce for tests and the local runtime; forgets nonces 600 s after their timestamp. */
export function createMemoryNonceGuard(): RememberNonce {
  const seen = new Map<string, number>();
  return (nonce, timestampSeconds) => {
    const horizon = timestampSeconds - 2 * MAX_CLOCK_SKEW_SECONDS;
    for (const [known, at] of seen) if (at < horizon) seen.delete(known);
    if (seen.has(nonce)) return false;
    seen.set(nonce, timestampSeconds);
    return true;
  };
}

export type HeaderBag = { get(name: string): string | null } | Readonly<Record<string, string | string[] | undefined>>;

/** Case-insensitive header read over fetch `Headers` or Node's IncomingHttpHeaders. */
export function readHeader(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function verifySha256Rsa(message: string | Buffer, signatureBase64: string, publicKey: KeyObject | string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    const verifier = createVerify('RSA-SHA256');
    verifier.update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message);
    verifier.end();
    return verifier.verify(publicKey, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

export const VERIFY_FAILURE_MESSAGES = {
  MISSING_SIGNATURE_HEADERS: '缺少微信支付签名信息',
  UNKNOWN_SERIAL: '未知的微信支付平台证书或公钥',
  CERTIFICATE_EXPIRED: '微信支付平台证书已过期',
  STALE_TIMESTAMP: '微信支付签名时间超出允许范围',
  BAD_SIGNATURE: '微信支付签名验证失败',
  REPLAYED_NONCE: '重复的微信支付通知',
} as const;

export type VerifyFailureCode = keyof typeof VERIFY_FAILURE_MESSAGES;

export type VerifyResult =
  | { ok: true; serial: string; timestampSeconds: number; nonce: string }
  | { ok: false; code: VerifyFailureCode; message: string };

const fail = (code: VerifyFailureCode): VerifyResult => ({ ok: false, code, message: VERIFY_FAILURE_MESSAGES[code] });

export interface VerifyOptions {
  keyRing: PlatformKeyRing;
  clock: () => Date;
  /** Omit only where replays are harmless (answers to our own calls over TLS); callbacks must pass one. */
  rememberNonce?: RememberNonce;
  maxSkewSeconds?: number;
}

/** Verifies a platform answer or callback over its raw body. */
export async function verifyPlatformSignature(
  headers: HeaderBag,
  rawBody: string | Buffer,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const timestamp = readHeader(headers, 'Wechatpay-Timestamp');
  const nonce = readHeader(headers, 'Wechatpay-Nonce');
  const signature = readHeader(headers, 'Wechatpay-Signature');
  const serial = readHeader(headers, 'Wechatpay-Serial');
  if (!timestamp || !nonce || !signature || !serial || !/^\d{1,12}$/.test(timestamp)) {
    return fail('MISSING_SIGNATURE_HEADERS');
  }
  const trusted = lookupKey(options.keyRing, serial);
  if (!trusted) return fail('UNKNOWN_SERIAL');
  const now = options.clock();
  if (trusted.notAfter && trusted.notAfter.getTime() < now.getTime()) return fail('CERTIFICATE_EXPIRED');
  const timestampSeconds = Number(timestamp);
  const skewSeconds = Math.abs(Math.floor(now.getTime() / 1000) - timestampSeconds);
  if (skewSeconds > (options.maxSkewSeconds ?? MAX_CLOCK_SKEW_SECONDS)) return fail('STALE_TIMESTAMP');
  if (!verifySha256Rsa(buildResponseMessage(timestamp, nonce, rawBody), signature, trusted.key)) {
    return fail('BAD_SIGNATURE');
  }
  if (options.rememberNonce && !(await options.rememberNonce(nonce, timestampSeconds))) return fail('REPLAYED_NONCE');
  return { ok: true, serial, timestampSeconds, nonce };
}

export type RequestAuthResult = { ok: true; mchid: string } | { ok: false; reason: string };

export interface MerchantIdentity {
  mchid: string;
  serialNo: string;
  publicKey: KeyObject | string;
}

/**
 * The platform side of request signing: checks a merchant's `Authorization` header. The simulator
 * uses it to refuse badly signed calls the way WeChat does (401 SIGN_ERROR).
 */
export function verifyRequestAuthorization(
  input: { authorization: string | undefined; method: string; urlPathWithQuery: string; body: string | Buffer },
  merchants: ReadonlyArray<MerchantIdentity>,
  now: Date,
  maxSkewSeconds = MAX_CLOCK_SKEW_SECONDS,
): RequestAuthResult {
  const parsed = parseAuthorizationHeader(input.authorization);
  if (!parsed) return { ok: false, reason: 'Authorization header missing or malformed' };
  const merchant = merchants.find((candidate) => candidate.mchid === parsed.mchid);
  if (!merchant) return { ok: false, reason: `unknown mchid ${parsed.mchid}` };
  if (merchant.serialNo.toUpperCase() !== parsed.serial_no.toUpperCase()) return { ok: false, reason: 'unknown serial_no' };
  if (!/^\d{1,12}$/.test(parsed.timestamp)) return { ok: false, reason: 'bad timestamp' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(parsed.timestamp)) > maxSkewSeconds) {
    return { ok: false, reason: 'timestamp outside the allowed window' };
  }
  const message = buildRequestMessage(input.method, input.urlPathWithQuery, parsed.timestamp, parsed.nonce_str, input.body);
  if (!verifySha256Rsa(message, parsed.signature, merchant.publicKey)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true, mchid: parsed.mchid };
}

/** Checks a `requestPayment` object against the merchant public key, as the payment sheet does. */
export function verifyPaySign(params: RequestPaymentParams, merchantPublicKey: KeyObject | string): boolean {
  return verifySha256Rsa(
    buildPaySignMessage(params.appId, params.timeStamp, params.nonceStr, params.package),
    params.paySign,
    merchantPublicKey,
  );
}
