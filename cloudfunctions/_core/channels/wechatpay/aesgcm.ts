/**
 * Callback resources are sealed with AEAD_AES_256_GCM under the merchant's APIv3 key: a 12-byte
 * nonce, the associated_data string, and a Base64 ciphertext whose last 16 bytes are the GCM tag.
 * The tag is always checked; a resource whose tag fails is rejected, never half-decrypted (the
 * popular wechatpay-node-v3 package skips this, which is why we do not use it).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const TAG_BYTES = 16;
const APIV3_KEY_BYTES = 32;

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type: string;
}

export type OpenResult = { ok: true; plaintext: string } | { ok: false; reason: string };

/**
 * GCM open with the tag at the end of the ciphertext. The cipher follows the key length (16 → AES-128,
 * 32 → AES-256) only so that the published wechatpay-go test vectors, which use 16-byte keys, can check
 * this code; the APIv3 entry points below insist on 32 bytes.
 */
export function gcmOpen(key: Buffer, nonce: string, associatedData: string, ciphertextBase64: string): OpenResult {
  if (key.length !== 16 && key.length !== 32) return { ok: false, reason: 'key must be 16 or 32 bytes' };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(ciphertextBase64)) return { ok: false, reason: 'ciphertext is not Base64' };
  const sealed = Buffer.from(ciphertextBase64, 'base64');
  if (sealed.length < TAG_BYTES) return { ok: false, reason: 'ciphertext shorter than its tag' };
  try {
    const decipher = createDecipheriv(key.length === 32 ? 'aes-256-gcm' : 'aes-128-gcm', key, Buffer.from(nonce, 'utf8'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    return { ok: true, plaintext: plaintext.toString('utf8') };
  } catch {
    return { ok: false, reason: 'authentication tag mismatch' };
  }
}

export function gcmSeal(key: Buffer, nonce: string, associatedData: string, plaintext: string): string {
  const cipher = createCipheriv(key.length === 32 ? 'aes-256-gcm' : 'aes-128-gcm', key, Buffer.from(nonce, 'utf8'), {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
}

/** The APIv3 key is a 32-character string set in the merchant platform; its UTF-8 bytes are the AES key. */
function apiV3KeyBytes(apiV3Key: string): Buffer | null {
  const bytes = Buffer.from(apiV3Key, 'utf8');
  return bytes.length === APIV3_KEY_BYTES ? bytes : null;
}

export function decryptResource(
  apiV3Key: string,
  resource: Pick<EncryptedResource, 'ciphertext' | 'associated_data' | 'nonce'> & { algorithm: string },
): OpenResult {
  const key = apiV3KeyBytes(apiV3Key);
  if (!key) return { ok: false, reason: 'APIv3 key must be 32 bytes' };
  if (resource.algorithm !== 'AEAD_AES_256_GCM') return { ok: false, reason: `unsupported algorithm ${resource.algorithm}` };
  return gcmOpen(key, resource.nonce, resource.associated_data, resource.ciphertext);
}

/** Seals a resource the way the platform does; the simulator uses it for callbacks. */
export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  originalType: string,
  associatedData = originalType,
  nonce = randomBytes(6).toString('hex'),
): EncryptedResource {
  const key = apiV3KeyBytes(apiV3Key);
  if (!key) throw new Error('APIv3 key must be 32 bytes');
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: gcmSeal(key, nonce, associatedData, plaintext),
    associated_data: associatedData,
    nonce,
    original_type: originalType,
  };
}
