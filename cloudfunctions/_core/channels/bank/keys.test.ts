import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalBankKeys, LOCAL_BANK_KEYS_FILE, localBankClientKeys, localIdHashKey } from './keys';
import { signBankMessage } from './sign';
import { createBankKeyRing, verifyBankMessage } from './verify';

describe('local bank key material', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bankkeys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('first use generates a partner pair, a bank pair and a 32-byte ID-hash key, readable only by us', async () => {
    const keys = ensureLocalBankKeys(dir);
    expect(keys.partnerId).toMatch(/^P\d{10}$/);
    expect(localIdHashKey(keys)).toHaveLength(32);
    expect(statSync(join(dir, LOCAL_BANK_KEYS_FILE)).mode & 0o077).toBe(0);
    const headers = signBankMessage({
      kind: { type: 'notification' },
      partnerId: keys.partnerId,
      keyId: keys.bankKeyId,
      privateKey: keys.bankPrivateKeyPem,
      timestampSeconds: 100,
      body: 'x',
    });
    const client = localBankClientKeys(keys);
    const verified = await verifyBankMessage({ type: 'notification' }, headers, 'x', {
      keyRing: createBankKeyRing(client.bankPublicKeys),
      partnerId: client.partnerId,
      clock: () => new Date(100_000),
    });
    expect(verified.ok).toBe(true);
  });

  test('later uses read the same set back instead of generating a new one', () => {
    const before = readFileSync(join(dir, LOCAL_BANK_KEYS_FILE), 'utf8');
    expect(ensureLocalBankKeys(dir)).toEqual(JSON.parse(before));
  });
});
