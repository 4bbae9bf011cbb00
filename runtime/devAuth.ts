import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Local-mode login: the gateway signs `openid` with a key kept in the data folder and hands back a bearer
 * token, standing in for the WeChat context that carries OPENID in the cloud. This module is part of the
 * local runtime only; no cloud function bundle imports it.
 */
export interface DevAuth {
  issue(openid: string): string;
  verify(token: string): string | null;
}

export function devAuth(dataDir: string): DevAuth {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, 'gateway.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8'), 'base64');
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    issue: (openid) => {
      const payload = Buffer.from(openid, 'utf8').toString('base64url');
      return `${payload}.${mac(payload)}`;
    },
    verify: (token) => {
      const [payload, sig] = token.split('.');
      if (!payload || !sig) return null;
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      return Buffer.from(payload, 'base64url').toString('utf8');
    },
  };
}
