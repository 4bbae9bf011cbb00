/**
 * Local-mode key material. In production the merchant key, its serial and the APIv3 key come from the
 * merchant platform and the platform keys from WeChat; locally both sides (our adapter and the
 * simulator) need a matching set, so the first process to start generates one and writes it to
 * `<dir>/wechatpay-local-keys.json`; everyone after that reads the same file.
 */
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PlatformKeys } from './verify';

export const LOCAL_KEYS_FILE = 'wechatpay-local-keys.json';

const LocalKeysSchema = z.object({
  mchid: z.string().regex(/^\d{10}$/),
  appid: z.string().regex(/^wx[0-9a-f]{16}$/),
  merchantSerial: z.string().regex(/^[0-9A-F]{40}$/),
  merchantPrivateKeyPem: z.string().includes('PRIVATE KEY'),
  merchantPublicKeyPem: z.string().includes('PUBLIC KEY'),
  platformSerial: z.string().regex(/^[0-9A-F]{40}$/),
  platformPublicKeyId: z.string().regex(/^PUB_KEY_ID_\d{32}$/),
  platformPrivateKeyPem: z.string().includes('PRIVATE KEY'),
  platformPublicKeyPem: z.string().includes('PUBLIC KEY'),
  apiV3Key: z.string().length(32),
});
export type LocalWechatPayKeys = z.infer<typeof LocalKeysSchema>;

const rsa2048 = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

const serial = () => randomBytes(20).toString('hex').toUpperCase();
const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');
/** The APIv3 key is 32 characters a merchant types into the platform; letters and digits keep it typeable. */
const apiV3Key = () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 32 }, () => alphabet[randomInt(alphabet.length)]).join('');
};

function generateLocalKeys(): LocalWechatPayKeys {
  const merchant = rsa2048();
  const platform = rsa2048();
  return {
    mchid: `19${digits(8)}`,
    appid: `wx${randomBytes(8).toString('hex')}`,
    merchantSerial: serial(),
    merchantPrivateKeyPem: merchant.privateKey,
    merchantPublicKeyPem: merchant.publicKey,
    platformSerial: serial(),
    platformPublicKeyId: `PUB_KEY_ID_${digits(32)}`,
    platformPrivateKeyPem: platform.privateKey,
    platformPublicKeyPem: platform.publicKey,
    apiV3Key: apiV3Key(),
  };
}

function readKeys(path: string): LocalWechatPayKeys {
  return LocalKeysSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * Returns the local key set, generating and persisting it on first use. Creation is atomic: the new
 * set is written to a private temporary file and hard-linked into place, which fails if another
 * process got there first, in which case that process's set is the one everybody uses.
 */
export function ensureLocalKeys(dir: string): LocalWechatPayKeys {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCAL_KEYS_FILE);
  try {
    return readKeys(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = generateLocalKeys();
  const temporary = join(dir, `.${LOCAL_KEYS_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temporary, JSON.stringify(keys, null, 2), { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readKeys(path);
}

/**
 * The platform keys our adapter trusts in local mode: the same platform key under its certificate
 * serial and under its public-key id, so the simulator can sign in either mode.
 */
export const localPlatformKeys = (keys: LocalWechatPayKeys): PlatformKeys => ({
  [keys.platformSerial]: keys.platformPublicKeyPem,
  [keys.platformPublicKeyId]: keys.platformPublicKeyPem,
});

/** The merchant side of a client configuration from the local key set (the runtime and the adapter tests). */
export const localClientKeys = (keys: LocalWechatPayKeys) => ({
  mchid: keys.mchid,
  appid: keys.appid,
  merchantSerial: keys.merchantSerial,
  merchantPrivateKeyPem: keys.merchantPrivateKeyPem,
  platformKeys: localPlatformKeys(keys),
  apiV3Key: keys.apiV3Key,
});
