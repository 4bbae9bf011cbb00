import { describeStoreContract } from '../contract';
import { openCloudbaseStore } from './index';
import { fakeCloudbase, type FakeCloudbase } from './testing/fakeCloudbase';
import { startCloudbaseHttp, type CloudbaseHttp } from './testing/httpHarness';
import { skipSdkMetadataProbe } from './testing/sdkEnvironment';

/**
 * The store contract through the real SDK and real HTTP, against an in-memory stand-in for CloudBase
 * (testing/fakeCloudbase.ts). It proves the adapter's logic (unique keys, index documents, transactions,
 * retries) under the semantics CloudBase documents; only a run against a real environment
 * (cloudbase.contract.live.ts) proves CloudBase behaves as documented.
 */
let http: CloudbaseHttp;
let backend: FakeCloudbase;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = skipSdkMetadataProbe();
  http = await startCloudbaseHttp((body) => backend.handle(body));
});
afterAll(async () => {
  await http.close();
  restoreEnv();
});

describeStoreContract('cloudbase over an in-memory stand-in', async () => {
  backend = fakeCloudbase({ envId: 'contract-env' });
  const store = openCloudbaseStore(
    { envId: 'contract-env', secretId: 'AKIDcontract', secretKey: 'contract-key', serviceUrl: http.serviceUrl, keepalive: false },
    { retry: { baseDelayMs: 2, maxDelayMs: 50 } },
  );
  // Collections are created by the layout check, as at a real deployment's first start.
  await store.schemaVersion();
  return store;
});
