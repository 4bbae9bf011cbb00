import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * How ID numbers are kept: a keyed hash (HMAC-SHA256) to look a person up without storing the number in
 * the clear, and an AES-256-GCM ciphertext for the rare back-office need of the full number (the
 * medical insurance platform's API takes it). Keys come from configuration, never from code.
 */
export interface PiiKeys {
  hashKey: Buffer;
  encryptionKey: Buffer;
}

export function idHash(keys: PiiKeys, canonicalId: string): string {
  return createHmac('sha256', keys.hashKey).update(canonicalId, 'utf8').digest('hex');
}

export function encryptId(keys: PiiKeys, canonicalId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
  const body = Buffer.concat([cipher.update(canonicalId, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decryptId(keys: PiiKeys, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
