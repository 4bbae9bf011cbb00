import { join } from 'node:path';
import type { Config } from '../config';
import type { Store } from './port';

/**
 * Chooses the store adapter the configuration names. Each adapter is required only when chosen, so a
 * cloud bundle never loads the native SQLite module and a local run never loads CloudBase.
 */
export async function openStore(config: Config): Promise<Store> {
  if (config.STORE === 'sqlite') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { openSqliteStore } = require('./sqlite') as typeof import('./sqlite');
    return openSqliteStore(join(config.DATA_DIR, 'app.sqlite'));
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openCloudbaseStore } = require('./cloudbase') as { openCloudbaseStore: (env: NodeJS.ProcessEnv) => Promise<Store> | Store };
  return openCloudbaseStore(process.env);
}
