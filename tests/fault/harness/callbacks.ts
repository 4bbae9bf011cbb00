/**
 * Builds WeChat Pay callbacks the way the platform does (resource sealed under the APIv3 key, body signed
 * with the platform key), and spoiled copies of them: signed with a key nobody trusts, altered after
 * signing, signed too long ago, or carrying a nonce already used. The platform key is read from the
 * simulator's key file in the data folder, so a correctly made callback is accepted: that is what makes
 * the rejections of the spoiled ones mean something.
 */
import { generateKeyPairSync, randomBytes, randomInt, randomUUID, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { encryptResource } from '../../../cloudfunctions/_core/channels/wechatpay/aesgcm';
import { ensureLocalKeys, type LocalWechatPayKeys } from '../../../cloudfunctions/_core/channels/wechatpay/keys';
import { buildWechatpaySignatureHeaders, generateNonce } from '../../../cloudfunctions/_core/channels/wechatpay/sign';
import { toWechatTime } from '../../../cloudfunctions/_core/channels/wechatpay/wechatTime';

export function platformKeys(dataDir: string): LocalWechatPayKeys {
  return ensureLocalKeys(join(dataDir, 'wechatpay-keys'));
}

let untrusted: KeyObject | undefined;
/** An RSA key WeChat never issued: what a forger signs with. */
export function untrustedKey(): KeyObject {
  untrusted ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return untrusted;
}

export interface PaidTransaction {
  outTradeNo: string;
  totalFen: number;
  openid: string;
  transactionId?: string;
}

/** The body of a TRANSACTION.SUCCESS callback for an order, as the platform would send it. */
export function transactionSuccessBody(keys: LocalWechatPayKeys, txn: PaidTransaction): string {
  const now = new Date();
  const resource = {
    appid: keys.appid,
    mchid: keys.mchid,
    out_trade_no: txn.outTradeNo,
    transaction_id: txn.transactionId ?? `4200${Array.from({ length: 24 }, () => randomInt(10)).join('')}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: toWechatTime(now),
    payer: { openid: txn.openid },
    amount: { total: txn.totalFen, payer_total: txn.totalFen, currency: 'CNY', payer_currency: 'CNY' },
  };
  return JSON.stringify({
    id: randomUUID(),
    create_time: toWechatTime(now),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encryptResource(keys.apiV3Key, JSON.stringify(resource), 'transaction'),
  });
}

export interface SignOptions {
  key?: KeyObject | string;
  serial?: string;
  timestampSeconds?: number;
  nonce?: string;
}

/** The Wechatpay-* headers for a body; by default genuine (platform key, its serial, now, a fresh nonce). */
export function signCallback(keys: LocalWechatPayKeys, body: string, options: SignOptions = {}): Record<string, string> {
  return buildWechatpaySignatureHeaders({
    privateKey: options.key ?? keys.platformPrivateKeyPem,
    serial: options.serial ?? keys.platformSerial,
    body,
    timestampSeconds: options.timestampSeconds ?? Math.floor(Date.now() / 1000),
    nonce: options.nonce ?? generateNonce(),
  });
}

export type SpoiledKind = 'forged' | 'tampered' | 'stale' | 'unknown-serial';

/** A callback claiming the order was paid, spoiled in one way; none of them may be accepted. */
export function spoiledCallback(keys: LocalWechatPayKeys, txn: PaidTransaction, kind: SpoiledKind): { headers: Record<string, string>; body: string } {
  const body = transactionSuccessBody(keys, txn);
  switch (kind) {
    case 'forged':
      return { headers: signCallback(keys, body, { key: untrustedKey() }), body };
    case 'unknown-serial':
      return { headers: signCallback(keys, body, { key: untrustedKey(), serial: randomBytes(20).toString('hex').toUpperCase() }), body };
    case 'stale':
      return { headers: signCallback(keys, body, { timestampSeconds: Math.floor(Date.now() / 1000) - 400 }), body };
    case 'tampered': {
      // Genuinely signed, then the event id changed on the way: any byte changed breaks the signature.
      const headers = signCallback(keys, body);
      const envelope = JSON.parse(body) as { id: string };
      return { headers, body: body.replace(envelope.id, randomUUID()) };
    }
  }
}
