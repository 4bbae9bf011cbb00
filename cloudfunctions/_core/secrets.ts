import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config';
import type { PiiKeys } from './identity/pii';

function key(value: string, name: string): Buffer {
  const buf = Buffer.from(value, 'base64');
  if (buf.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return buf;
}

/**
 * PII keys: from the environment in the cloud; locally, generated once into `<DATA_DIR>/secrets/pii.json`
 * (mode 0600) so a restart can still find the people it stored.
 */
export function loadPiiKeys(config: Config): PiiKeys {
  if (config.ID_HASH_KEY && config.ID_ENC_KEY) {
    return { hashKey: key(config.ID_HASH_KEY, 'ID_HASH_KEY'), encryptionKey: key(config.ID_ENC_KEY, 'ID_ENC_KEY') };
  }
  if (config.RUNTIME !== 'local') throw new Error('ID_HASH_KEY and ID_ENC_KEY must be set outside local mode');
  const dir = join(config.DATA_DIR, 'secrets');
  const file = join(dir, 'pii.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fresh = { hashKey: randomBytes(32).toString('base64'), encryptionKey: randomBytes(32).toString('base64') };
    // 'wx' makes a concurrent first start keep whichever file was written first.
    try {
      writeFileSync(file, JSON.stringify(fresh), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { hashKey: string; encryptionKey: string };
  return { hashKey: key(stored.hashKey, 'hashKey'), encryptionKey: key(stored.encryptionKey, 'encryptionKey') };
}
