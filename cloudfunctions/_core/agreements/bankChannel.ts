import { join } from 'node:path';
import { z } from 'zod';
import type { App } from '../app';
import { bankIdHash, createBankClient, ensureLocalBankKeys, localBankClientKeys, localIdHashKey, type BankClient } from '../channels/bank';

/**
 * The partner bank's client for this process (entrusted debits, advances). Locally it talks to the bank
 * simulator with the key set both share in the data folder; in the cloud every key comes from the environment.
 */
const LocalConfig = z.object({
  BANK_BASE_URL: z.string().min(1),
  BANK_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
});
const CloudConfig = z.object({
  BANK_BASE_URL: z.string().min(1),
  BANK_PARTNER_ID: z.string().min(1),
  BANK_PARTNER_KEY_ID: z.string().min(1),
  BANK_PARTNER_KEY_PEM: z.string().min(1),
  /** JSON: bank key id → PEM. */
  BANK_PUBLIC_KEYS: z.string().min(1),
  /** Base64 of the 32-byte key agreed with the bank for ID hashes. */
  BANK_ID_HASH_KEY: z.string().min(1),
  BANK_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
});

export function localBankKeysDir(dataDir: string): string {
  return join(dataDir, 'bank-keys');
}

export interface BankChannel {
  client: BankClient;
  /** How the bank names a person: an HMAC of the ID number with the key agreed with the bank, never the number. */
  idHash(canonicalId: string): string;
}

const KEY = Symbol.for('hefei-medins.bank-channel');

export function bank(app: App): BankChannel {
  const holder = app as unknown as Record<symbol, BankChannel | undefined>;
  const cached = holder[KEY];
  if (cached) return cached;
  const rememberNonce = (nonce: string, timestampS: number) => app.store.rememberNonce('bank', nonce, timestampS);
  // Signatures and their 300 s window are about real time between two servers, not the business date:
  // a local run that pins DEV_TODAY, or a time-travel test, still signs with the wall clock.
  const clock = () => new Date();
  let channel: BankChannel;
  if (app.config.RUNTIME === 'local') {
    const env = LocalConfig.parse(process.env);
    const keys = ensureLocalBankKeys(localBankKeysDir(app.config.DATA_DIR));
    const hashKey = localIdHashKey(keys);
    channel = {
      client: createBankClient({ baseUrl: env.BANK_BASE_URL, ...localBankClientKeys(keys), clock, timeoutMs: env.BANK_TIMEOUT_MS, rememberNonce }),
      idHash: (id) => bankIdHash(hashKey, id),
    };
  } else {
    const env = CloudConfig.parse(process.env);
    const hashKey = Buffer.from(env.BANK_ID_HASH_KEY, 'base64');
    channel = {
      client: createBankClient({
        baseUrl: env.BANK_BASE_URL, partnerId: env.BANK_PARTNER_ID, partnerKeyId: env.BANK_PARTNER_KEY_ID,
        partnerPrivateKeyPem: env.BANK_PARTNER_KEY_PEM, bankPublicKeys: z.record(z.string(), z.string()).parse(JSON.parse(env.BANK_PUBLIC_KEYS)),
        clock, timeoutMs: env.BANK_TIMEOUT_MS, rememberNonce,
      }),
      idHash: (id) => bankIdHash(hashKey, id),
    };
  }
  holder[KEY] = channel;
  return channel;
}

/** Tests and benchmarks put an in-process bank in place of the HTTP client (see inProcessBank.ts). */
export function useBankChannel(app: App, channel: BankChannel): void {
  (app as unknown as Record<symbol, BankChannel | undefined>)[KEY] = channel;
}

export function bankNotifyUrl(): string {
  const base = process.env.PUBLIC_BASE_URL ?? 'http://localhost:8080';
  return `${base.replace(/\/$/, '')}/api/notify/bank`;
}
