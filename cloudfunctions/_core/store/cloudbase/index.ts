import tcb from '@cloudbase/node-sdk';
import type { Store, StoreOps } from '../port';
import { orderKeySource, type OrderKeySource } from './orderKeys';
import { committedLedgerReport, sumCommittedPostings } from './ledgerQueries';
import { countCommittedEnrollments, listCommittedAudit, queryCommitted, removeCommitted } from './queries';
import type { BulkStoreOps } from '../bulk.port';
import { AGREEMENT_WRITES } from './agreements';
import { CREDIT_WRITES } from './credit';
import { PAYMENT_WRITES } from './payments';
import { SAVINGS_WRITES } from './savings';
import { CONTRACT_END_WRITES } from '../contractEnds.port';
import { CloudbaseConfigSchema, cloudbaseConfigFromEnv, type CloudbaseConfig, type CloudbaseConfigInput } from './config';
import { docAccess, type SdkDatabase, type SdkTransaction } from './docAccess';
import { storeOps } from './operations';
import { ensureLayout } from './schema';
import { DEFAULT_RETRY, runTransaction, type RetryPolicy } from './transaction';

export { CloudbaseConfigError, cloudbaseConfigFromEnv, type CloudbaseConfig, type CloudbaseConfigInput } from './config';
export { COLLECTIONS, LAYOUT_VERSION } from './layout';
export type { RetryPolicy } from './transaction';

/** Page writes (bulk.port.ts), each all or nothing: one transaction per page. */
const PAGE_WRITES = [
  'insertNotices', 'insertOrders', 'insertDebits', 'transitionDebits', 'transitionOrders', 'postTransfers', 'insertEnrollments', 'appendAudits',
] as const satisfies readonly (keyof BulkStoreOps)[];

/** The root store's operations that run in a transaction of their own (see the note where they are wrapped). */
const TRANSACTIONAL_WRITES: readonly (keyof StoreOps)[] = [
  'ensureAccount', 'bindAccountPerson', 'insertPerson', 'insertLink', 'deleteLink', 'insertEnrollment', 'endEnrollment', 'restoreEnrollment', 'postTransfer',
  ...PAYMENT_WRITES, ...AGREEMENT_WRITES, ...CREDIT_WRITES, ...SAVINGS_WRITES, ...CONTRACT_END_WRITES, ...PAGE_WRITES,
];

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
      query: (collection, filter, order, limit) => queryCommitted(db, namespace, collection, filter, order, limit),
      removeCommitted: (collection, filter) => removeCommitted(db, namespace, collection, filter),
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
  // (a row and its unique-key or index documents) or compare-and-set (read, check, write: only a transaction
  // makes a second writer of the document fail instead of overwriting) each run in their own transaction.
  // A page write (bulk.port.ts) is one transaction for the whole page, as its all-or-nothing contract says;
  // it must fit CloudBase's limit of 30 seconds per transaction, which bounds the page size its caller picks.
  const root: StoreOps = { ...direct };
  for (const name of TRANSACTIONAL_WRITES) {
    (root as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      transaction((tx) => (tx[name] as (...a: unknown[]) => Promise<unknown>)(...args));
  }
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
