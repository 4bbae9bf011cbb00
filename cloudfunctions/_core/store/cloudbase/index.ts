import tcb from '@cloudbase/node-sdk';
import type { Store, StoreOps } from '../port';
import { orderKeySource, type OrderKeySource } from './orderKeys';
import { committedLedgerReport, sumCommittedPostings } from './ledgerQueries';
import { countCommittedEnrollments, listCommittedAudit } from './queries';
import { CloudbaseConfigSchema, cloudbaseConfigFromEnv, type CloudbaseConfig, type CloudbaseConfigInput } from './config';
import { docAccess, type SdkDatabase, type SdkTransaction } from './docAccess';
import { storeOps } from './operations';
import { ensureLayout } from './schema';
import { DEFAULT_RETRY, runTransaction, type RetryPolicy } from './transaction';

export { CloudbaseConfigError, cloudbaseConfigFromEnv, type CloudbaseConfig, type CloudbaseConfigInput } from './config';
export { COLLECTIONS, LAYOUT_VERSION } from './layout';
export type { RetryPolicy } from './transaction';

/** Seams for tests; production uses the defaults. */
export interface CloudbaseStoreOptions {
  retry?: Partial<RetryPolicy>;
  orderKeys?: OrderKeySource;
}

/** The SDK's database handle for a configuration (one SDK app per store). */
export function connectCloudbase(config: CloudbaseConfig): SdkDatabase {
  const app = tcb.init({
    env: config.envId,
    secretId: config.secretId,
    secretKey: config.secretKey,
    serviceUrl: config.serviceUrl,
    timeout: config.timeoutMs,
    ...(config.keepalive === undefined ? {} : { keepalive: config.keepalive }),
  });
  return app.database() as unknown as SdkDatabase;
}

const isConfigObject = (source: object): source is CloudbaseConfigInput => 'envId' in source;

/**
 * Opens the CloudBase store. `source` is either a configuration object or an environment to read it from
 * (STORE=cloudbase, CLOUDBASE_ENV, CLOUDBASE_SECRET_ID, CLOUDBASE_SECRET_KEY, CLOUDBASE_SERVICE_URL,
 * CLOUDBASE_TIMEOUT_MS, CLOUDBASE_NAMESPACE). Nothing is sent until the first operation; call
 * `schemaVersion()` once at start-up to create missing collections.
 */
export function openCloudbaseStore(
  source: CloudbaseConfigInput | NodeJS.ProcessEnv = process.env,
  options: CloudbaseStoreOptions = {},
): Store {
  const config = isConfigObject(source) ? CloudbaseConfigSchema.parse(source) : cloudbaseConfigFromEnv(source);
  const db = connectCloudbase(config);
  const { namespace } = config;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const nextOrderKey = options.orderKeys ?? orderKeySource();
  const opsOver = (source: SdkDatabase | SdkTransaction, inTransaction: boolean) =>
    storeOps({
      access: docAccess(source, namespace, inTransaction),
      namespace,
      nextOrderKey,
      listCommittedAudit: (subject) => listCommittedAudit(db, namespace, subject),
      countCommittedEnrollments: () => countCommittedEnrollments(db, namespace),
      sumCommittedPostings: (accountId) => sumCommittedPostings(db, namespace, accountId),
      committedReport: () => committedLedgerReport(db, namespace),
    });

  let closed = false;
  const open = () => {
    if (closed) throw new Error('the CloudBase store is closed');
  };
  const transaction = <T>(work: (tx: StoreOps) => Promise<T>): Promise<T> => {
    open();
    return runTransaction(db, (tx) => work(opsOver(tx, true)), retry);
  };
  const direct = opsOver(db, false);

  // Reads and single-document writes go straight to the database; writes that touch several documents
  // (a row and its unique-key or index documents) each run in their own transaction.
  const root: StoreOps = {
    ...direct,
    ensureAccount: (row) => transaction((tx) => tx.ensureAccount(row)),
    bindAccountPerson: (openid, personId) => transaction((tx) => tx.bindAccountPerson(openid, personId)),
    insertPerson: (row) => transaction((tx) => tx.insertPerson(row)),
    insertLink: (row) => transaction((tx) => tx.insertLink(row)),
    deleteLink: (linkId) => transaction((tx) => tx.deleteLink(linkId)),
    insertEnrollment: (row) => transaction((tx) => tx.insertEnrollment(row)),
    postTransfer: (t) => transaction((tx) => tx.postTransfer(t)),
  };
  const guarded = Object.fromEntries(
    Object.entries(root).map(([name, fn]: [string, (...args: unknown[]) => Promise<unknown>]) => [
      name,
      async (...args: unknown[]) => {
        open();
        return fn(...args);
      },
    ]),
  ) as unknown as StoreOps;
  let layoutVersion: Promise<number> | null = null;

  return {
    ...guarded,
    kind: 'cloudbase',
    transaction,
    schemaVersion: () => {
      open();
      // Checked once per store; a failed check is tried again on the next call.
      layoutVersion ??= ensureLayout(db).catch((error: unknown) => {
        layoutVersion = null;
        throw error;
      });
      return layoutVersion;
    },
    close: async () => {
      closed = true;
    },
  };
}
