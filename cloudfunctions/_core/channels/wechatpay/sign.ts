/**
 * Signing for WeChat Pay APIv3: the merchant's request signature (the `Authorization` header), the
 * platform's answer signature (what the simulator sends and verify.ts checks) and the mini-program's
 * `requestPayment` paySign. All of them are SHA256withRSA (PKCS#1 v1.5) over newline-joined fields,
 * each field followed by `\n`, Base64-encoded.
 */
import { createPrivateKey, createSign, randomBytes, type KeyObject } from 'node:crypto';

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

export type PrivateKeyInput = string | KeyObject;

const toPrivateKey = (key: PrivateKeyInput): KeyObject => (typeof key === 'string' ? createPrivateKey(key) : key);

/** Joins the fields the way every APIv3 signature wants them: each one followed by a newline. */
export function buildSignatureMessage(fields: ReadonlyArray<string | Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const field of fields) {
    parts.push(typeof field === 'string' ? Buffer.from(field, 'utf8') : field, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** SHA256withRSA over the exact bytes given, Base64 out. */
export function signSha256Rsa(message: string | Buffer, privateKey: PrivateKeyInput): string {
  const signer = createSign('RSA-SHA256');
  signer.update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message);
  signer.end();
  return signer.sign(toPrivateKey(privateKey)).toString('base64');
}

/**
 * A 32-character nonce of letters and digits, the form WeChat's own examples use. Hex keeps it
 * free of characters that would need quoting inside the Authorization header.
 */
export const generateNonce = (): string => randomBytes(16).toString('hex').toUpperCase();

/** `METHOD\nURL\ntimestamp\nnonce\nbody\n`: the URL is the path with its query string, as sent. */
export function buildRequestMessage(
  method: string,
  urlPathWithQuery: string,
  timestampSeconds: number | string,
  nonce: string,
  body: string | Buffer,
): Buffer {
  return buildSignatureMessage([method.toUpperCase(), urlPathWithQuery, String(timestampSeconds), nonce, body]);
}

export interface AuthorizationInput {
  mchid: string;
  serialNo: string;
  privateKey: PrivateKeyInput;
  method: string;
  urlPathWithQuery: string;
  /** The exact body bytes that go on the wire; `''` for GET. */
  body: string | Buffer;
  timestampSeconds: number;
  nonce: string;
}

export function buildAuthorizationHeader(input: AuthorizationInput): string {
  const message = buildRequestMessage(input.method, input.urlPathWithQuery, input.timestampSeconds, input.nonce, input.body);
  const signature = signSha256Rsa(message, input.privateKey);
  return (
    `${AUTH_SCHEMA} mchid="${input.mchid}",nonce_str="${input.nonce}",` +
    `signature="${signature}",timestamp="${input.timestampSeconds}",serial_no="${input.serialNo}"`
  );
}

export interface ParsedAuthorization {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** The inverse of buildAuthorizationHeader; `null` when any of the five fields is missing. */
export function parseAuthorizationHeader(value: string | undefined): ParsedAuthorization | null {
  if (!value || !value.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields = new Map<string, string>();
  for (const match of value.slice(AUTH_SCHEMA.length + 1).matchAll(/([a-z_]+)="([^"]*)"/g)) {
    fields.set(match[1], match[2]);
  }
  const mchid = fields.get('mchid');
  const nonce = fields.get('nonce_str');
  const signature = fields.get('signature');
  const timestamp = fields.get('timestamp');
  const serial = fields.get('serial_no');
  if (!mchid || !nonce || !signature || !timestamp || !serial) return null;
  return { mchid, nonce_str: nonce, signature, timestamp, serial_no: serial };
}

/** `timestamp\nnonce\nbody\n`: what the platform signs on every answer and every callback. */
export function buildResponseMessage(timestampSeconds: number | string, nonce: string, body: string | Buffer): Buffer {
  return buildSignatureMessage([String(timestampSeconds), nonce, body]);
}

export interface SignedHeadersInput {
  privateKey: PrivateKeyInput;
  /** A platform certificate serial, or a platform public-key id `PUB_KEY_ID_...`. */
  serial: string;
  body: string | Buffer;
  timestampSeconds: number;
  nonce: string;
}

/** The four `Wechatpay-*` headers the platform puts on a signed answer or callback. */
export function buildWechatpaySignatureHeaders(input: SignedHeadersInput): Record<string, string> {
  return {
    'Wechatpay-Timestamp': String(input.timestampSeconds),
    'Wechatpay-Nonce': input.nonce,
    'Wechatpay-Signature': signSha256Rsa(buildResponseMessage(input.timestampSeconds, input.nonce, input.body), input.privateKey),
    'Wechatpay-Serial': input.serial,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/** The object `wx.requestPayment` takes; field names and casing are WeChat's. */
export interface RequestPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export const buildPaySignMessage = (appId: string, timeStamp: string, nonceStr: string, pkg: string): Buffer =>
  buildSignatureMessage([appId, timeStamp, nonceStr, pkg]);

export interface RequestPaymentInput {
  appid: string;
  prepayId: string;
  privateKey: PrivateKeyInput;
  timestampSeconds: number;
  nonce: string;
}

/** paySign = SHA256withRSA(`appId\ntimeStamp\nnonceStr\nprepay_id=...\n`) with the merchant key. */
export function buildRequestPaymentParams(input: RequestPaymentInput): RequestPaymentParams {
  const timeStamp = String(input.timestampSeconds);
  const pkg = `prepay_id=${input.prepayId}`;
  return {
    appId: input.appid,
    timeStamp,
    nonceStr: input.nonce,
    package: pkg,
    signType: 'RSA',
    paySign: signSha256Rsa(buildPaySignMessage(input.appid, timeStamp, input.nonce, pkg), input.privateKey),
  };
}
