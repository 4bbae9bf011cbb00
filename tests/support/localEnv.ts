import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Points the cloud functions at a fresh local data folder, as the gateway does, before any of them is
 * imported: they read their configuration from the environment on first use.
 */
export function useFreshLocalEnv(today = '2026-11-26'): string {
  const dir = mkdtempSync(join(tmpdir(), 'medins-'));
  process.env.RUNTIME = 'local';
  process.env.STORE = 'sqlite';
  process.env.DATA_DIR = dir;
  process.env.DEV_TODAY = today;
  process.env.LOG_LEVEL = 'silent';
  return dir;
}
