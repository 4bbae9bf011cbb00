import { randomBytes } from 'node:crypto';
import { describeStoreContract } from '../contract';
import { cloudbaseConfigFromEnv, CloudbaseConfigError, openCloudbaseStore, type CloudbaseConfig } from './index';

/**
 * The store contract against a real CloudBase environment (npm run test:cloudbase; not part of npm test).
 * Needs STORE=cloudbase, CLOUDBASE_ENV, CLOUDBASE_SECRET_ID, CLOUDBASE_SECRET_KEY; use a test environment:
 * it creates the collections and writes rows. Each test gets a fresh namespace (a prefix on every document
 * id), so runs never see each other's rows; the rows stay behind, tagged with that namespace.
 */
function liveConfig(): CloudbaseConfig {
  try {
    return cloudbaseConfigFromEnv(process.env);
  } catch (error) {
    if (error instanceof CloudbaseConfigError) {
      throw new Error(
        `The live CloudBase contract needs a real environment and none is configured: ${error.message}. ` +
          'Set STORE=cloudbase CLOUDBASE_ENV=<env id> CLOUDBASE_SECRET_ID=<id> CLOUDBASE_SECRET_KEY=<key> and run again.',
      );
    }
    throw error;
  }
}

const config = liveConfig();
const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
let opened = 0;

jest.setTimeout(120_000);

describeStoreContract(`cloudbase env ${config.envId}`, async () => {
  opened += 1;
  const store = openCloudbaseStore({ ...config, namespace: `ct_${run}_${opened}_` });
  await store.schemaVersion();
  return store;
});
