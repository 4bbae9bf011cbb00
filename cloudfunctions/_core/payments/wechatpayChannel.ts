import { join } from 'node:path';
import { z } from 'zod';
import type { App } from '../app';
import { createWechatPayClient, ensureLocalKeys, localClientKeys, type WechatPayClient } from '../channels/wechatpay';

/**
 * The WeChat Pay client for this process. Locally it talks to the simulator with the key set both share in
 * the data folder; in the cloud every key comes from the environment. Callback nonces are remembered in the
 * store, so a replayed callback is refused by every instance, not only the one that saw it first.
 */
const CloudConfig = z.object({
  WECHATPAY_BASE_URL: z.string().default('https://api.mch.weixin.qq.com'),
  WECHATPAY_MCHID: z.string().min(1),
  WECHATPAY_APPID: z.string().min(1),
  WECHATPAY_MERCHANT_SERIAL: z.string().min(1),
  WECHATPAY_MERCHANT_KEY_PEM: z.string().min(1),
  /** JSON: platform certificate serial or PUB_KEY_ID_… → PEM. */
  WECHATPAY_PLATFORM_KEYS: z.string().min(1),
  WECHATPAY_APIV3_KEY: z.string().length(32),
  WECHATPAY_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
});

const LocalConfig = z.object({
  WECHATPAY_BASE_URL: z.string().min(1),
  WECHATPAY_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
});

export function localWechatPayKeysDir(dataDir: string): string {
  return join(dataDir, 'wechatpay-keys');
}

const CLIENT_KEY = Symbol.for('hefei-medins.wechatpay-client');

export function wechatPay(app: App): WechatPayClient {
  const holder = app as unknown as Record<symbol, WechatPayClient | undefined>;
  const cached = holder[CLIENT_KEY];
  if (cached) return cached;
  const rememberNonce = (nonce: string, timestampS: number) => app.store.rememberNonce('wechatpay', nonce, timestampS);
  // Signatures and their 300 s window are about real time between two servers, not the business date:
  // a local run that pins DEV_TODAY, or a time-travel test, still signs with the wall clock.
  const clock = () => new Date();
  let client: WechatPayClient;
  if (app.config.RUNTIME === 'local') {
    const env = LocalConfig.parse(process.env);
    const keys = ensureLocalKeys(localWechatPayKeysDir(app.config.DATA_DIR));
    client = createWechatPayClient({
      baseUrl: env.WECHATPAY_BASE_URL,
      ...localClientKeys(keys),
      clock,
      timeoutMs: env.WECHATPAY_TIMEOUT_MS,
      rememberNonce,
    });
  } else {
    const env = CloudConfig.parse(process.env);
    client = createWechatPayClient({
      baseUrl: env.WECHATPAY_BASE_URL,
      mchid: env.WECHATPAY_MCHID,
      appid: env.WECHATPAY_APPID,
      merchantSerial: env.WECHATPAY_MERCHANT_SERIAL,
      merchantPrivateKeyPem: env.WECHATPAY_MERCHANT_KEY_PEM,
      platformKeys: z.record(z.string(), z.string()).parse(JSON.parse(env.WECHATPAY_PLATFORM_KEYS)),
      apiV3Key: env.WECHATPAY_APIV3_KEY,
      clock,
      timeoutMs: env.WECHATPAY_TIMEOUT_MS,
      rememberNonce,
    });
  }
  holder[CLIENT_KEY] = client;
  return client;
}

/** Where WeChat Pay sends its callbacks: the gateway's notify route locally, the HTTP-triggered function in the cloud. */
export function notifyUrl(): string {
  const base = z.string().min(1).parse(process.env.PUBLIC_BASE_URL ?? 'http://localhost:8080');
  return `${base.replace(/\/$/, '')}/api/notify/wechatpay`;
}
