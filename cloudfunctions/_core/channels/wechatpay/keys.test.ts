import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalKeys, LOCAL_KEYS_FILE, localPlatformKeys } from './keys';
import { signSha256Rsa } from './sign';
import { verifySha256Rsa } from './verify';

describe('local key material', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxkeys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('first use generates matching RSA-2048 pairs, serials, a public-key id and a 32-byte APIv3 key, readable only by us', () => {
    const keys = ensureLocalKeys(dir);
    expect(keys.merchantSerial).toMatch(/^[0-9A-F]{40}$/);
    expect(keys.platformPublicKeyId).toMatch(/^PUB_KEY_ID_\d{32}$/);
    expect(Buffer.byteLength(keys.apiV3Key)).toBe(32);
    expect(verifySha256Rsa('m', signSha256Rsa('m', keys.merchantPrivateKeyPem), keys.merchantPublicKeyPem)).toBe(true);
    expect(verifySha256Rsa('m', signSha256Rsa('m', keys.platformPrivateKeyPem), keys.platformPublicKeyPem)).toBe(true);
    expect(statSync(join(dir, LOCAL_KEYS_FILE)).mode & 0o077).toBe(0);
  });

  test('later uses read the same set back instead of generating a new one', () => {
    const before = readFileSync(join(dir, LOCAL_KEYS_FILE), 'utf8');
    expect(ensureLocalKeys(dir)).toEqual(JSON.parse(before));
  });

  test('the adapter trusts the platform key under both its certificate serial and its public-key id', () => {
    const keys = ensureLocalKeys(dir);
    expect(Object.keys(localPlatformKeys(keys)).sort()).toEqual([keys.platformPublicKeyId, keys.platformSerial].sort());
  });
});
