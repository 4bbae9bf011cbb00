import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UniqueViolation } from '../../errors';
import type { DebitTransitions } from '../bulk.port';
import type { AccountRow, AuditRow, DebitRow, EndedEnrollmentRow, EnrollmentRow, LiftedSuspension, LinkRow, NoticeRow, OrderTransition, PaymentItemRow, PaymentOrderRow, PersonRow, RegistryRow, Store, StoreOps } from '../port';
import { agreementOperations } from './agreements';
import { bulkOperations } from './bulk';
import { CONTRACT_END_WRITES } from '../contractEnds.port';
import { contractEndOperations } from './contractEnds';
import { CREDIT_WRITES, creditOperations } from './credit';
import { SAVINGS_WRITES, savingsOperations } from './savings';
import { ledgerOperations } from './ledger';
import { MIGRATIONS } from './migrations';
import { prepared } from './prepared';
import { paymentOperations } from './payments';
import { reconciliationOperations } from './reconciliation';
import { Mutex } from './mutex';
import { toPerson, toRegistry } from './rows';

/** Maps SQLite's "UNIQUE constraint failed: table.column" to the port's constraint names. */
const CONSTRAINTS: Record<string, string> = {
  'accounts.person_id': 'account_person',
  'persons.id_hash': 'person_id_hash',
  'persons.person_id': 'person_id',
  'person_links.owner_person_id, person_links.relative_person_id': 'link_owner_relative',
  'enrollments.person_id, enrollments.benefit_year': 'enrollment_person_year',
};

function translate(error: unknown): never {
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const columns = (e.message ?? '').replace(/^UNIQUE constraint failed: /, '');
    throw new UniqueViolation(CONSTRAINTS[columns] ?? columns);
  }
  throw error;
}

export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
  return db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_migrations').pluck().get() as number;
}

type Row = Record<string, unknown>;

const toAccount = (r: Row): AccountRow => ({
  openid: r.openid as string,
  personId: (r.person_id as string | null) ?? null,
  roles: JSON.parse(r.roles as string),
  createdAt: r.created_at as string,
});
const toLink = (r: Row): LinkRow => ({
  linkId: r.link_id as string,
  ownerPersonId: r.owner_person_id as string,
  relativePersonId: r.relative_person_id as string,
  relation: r.relation as LinkRow['relation'],
  verified: r.verified === 1,
  verifyNote: (r.verify_note as string | null) ?? null,
  createdAt: r.created_at as string,
});

/** The synchronous operations over one connection; the Store wraps them in promises and the write lock. */
function operations(db: Database.Database) {
  /** The enrollments rows of these people that meet `ended` (a fixed condition on ended_at), by person and year. */
  const enrollmentsOf = (personIds: string[], ended: 'ended_at IS NULL' | 'ended_at IS NOT NULL'): Row[] =>
    personIds.length === 0
      ? []
      : (prepared(db, `SELECT * FROM enrollments WHERE ${ended} AND person_id IN (${personIds.map(() => '?').join(',')}) ORDER BY person_id, benefit_year`)
        .all(...personIds) as Row[]);
  const q = (sql: string) => db.prepare(sql);
  const stmts = {
    getAccount: q('SELECT * FROM accounts WHERE openid = ?'),
    insertAccount: q('INSERT OR IGNORE INTO accounts (openid, person_id, roles, created_at) VALUES (?, ?, ?, ?)'),
    bindAccount: q('UPDATE accounts SET person_id = ? WHERE openid = ?'),
    accountByPerson: q('SELECT * FROM accounts WHERE person_id = ?'),
    getPerson: q('SELECT * FROM persons WHERE person_id = ?'),
    personByHash: q('SELECT * FROM persons WHERE id_hash = ?'),
    insertPerson: q(
      'INSERT INTO persons (person_id, id_hash, id_masked, id_sealed, name, birth_date, sex, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    getRegistry: q('SELECT * FROM registry WHERE id_hash = ?'),
    upsertRegistry: q(`INSERT INTO registry (id_hash, name, birth_date, sex, household_no, father_hash, mother_hash, spouse_hash, facts, imported_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id_hash) DO UPDATE SET name = excluded.name, birth_date = excluded.birth_date, sex = excluded.sex,
        household_no = excluded.household_no, father_hash = excluded.father_hash, mother_hash = excluded.mother_hash,
        spouse_hash = excluded.spouse_hash, facts = excluded.facts, imported_at = excluded.imported_at`),
    listLinks: q('SELECT * FROM person_links WHERE owner_person_id = ? ORDER BY created_at, link_id'),
    getLink: q('SELECT * FROM person_links WHERE link_id = ?'),
    insertLink: q(
      'INSERT INTO person_links (link_id, owner_person_id, relative_person_id, relation, verified, verify_note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    deleteLink: q('DELETE FROM person_links WHERE link_id = ?'),
    endEnrollment: q('UPDATE enrollments SET ended_at = ?, ended_reason = ? WHERE person_id = ? AND benefit_year = ? AND ended_at IS NULL'),
    restoreEnrollment: q(`UPDATE enrollments SET ended_at = NULL, ended_reason = NULL,
        lifted_suspensions = json_insert(COALESCE(lifted_suspensions, '[]'), '$[#]', json_object('from', ?, 'restoredOn', ?))
      WHERE person_id = ? AND benefit_year = ? AND ended_at IS NOT NULL AND ended_reason LIKE 'suspended:%'`),
    countByYear: q('SELECT benefit_year, COUNT(*) AS n FROM enrollments WHERE ended_at IS NULL GROUP BY benefit_year ORDER BY benefit_year'),
    listAudit: q('SELECT * FROM audit_log WHERE subject_person_id = ? ORDER BY seq'),
    getMeta: q('SELECT value FROM meta WHERE key = ?'),
    setMeta: q('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  const bulk = bulkOperations(db);
  const guard = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      return translate(error);
    }
  };
  return {
    ...ledgerOperations(db),
    ...paymentOperations(db),
    ...agreementOperations(db),
    ...creditOperations(db),
    ...savingsOperations(db),
    ...contractEndOperations(db),
    ...bulk,
    // After paymentOperations: its save/listReconciliation are superseded by the channel-scoped ones here.
    ...reconciliationOperations(db),
    getAccount: (openid: string) => {
      const r = stmts.getAccount.get(openid) as Row | undefined;
      return r ? toAccount(r) : null;
    },
    ensureAccount: (row: AccountRow) => {
      stmts.insertAccount.run(row.openid, row.personId, JSON.stringify(row.roles), row.createdAt);
      return toAccount(stmts.getAccount.get(row.openid) as Row);
    },
    bindAccountPerson: (openid: string, personId: string) => {
      guard(() => stmts.bindAccount.run(personId, openid));
    },
    findAccountByPerson: (personId: string) => {
      const r = stmts.accountByPerson.get(personId) as Row | undefined;
      return r ? toAccount(r) : null;
    },
    getPerson: (personId: string) => {
      const r = stmts.getPerson.get(personId) as Row | undefined;
      return r ? toPerson(r) : null;
    },
    findPersonByIdHash: (idHash: string) => {
      const r = stmts.personByHash.get(idHash) as Row | undefined;
      return r ? toPerson(r) : null;
    },
    insertPerson: (p: PersonRow) => {
      guard(() => stmts.insertPerson.run(p.personId, p.idHash, p.idMasked, p.idSealed, p.name, p.birthDate, p.sex, p.createdAt));
    },
    getRegistry: (idHash: string) => {
      const r = stmts.getRegistry.get(idHash) as Row | undefined;
      return r ? toRegistry(r) : null;
    },
    upsertRegistry: (rows: RegistryRow[]) => {
      for (const r of rows) {
        stmts.upsertRegistry.run(
          r.idHash, r.name, r.birthDate, r.sex, r.householdNo, r.fatherHash, r.motherHash, r.spouseHash,
          JSON.stringify(r.facts), r.importedAt,
        );
      }
    },
    listLinks: (owner: string) => (stmts.listLinks.all(owner) as Row[]).map(toLink),
    getLink: (linkId: string) => {
      const r = stmts.getLink.get(linkId) as Row | undefined;
      return r ? toLink(r) : null;
    },
    insertLink: (l: LinkRow) => {
      guard(() =>
        stmts.insertLink.run(l.linkId, l.ownerPersonId, l.relativePersonId, l.relation, l.verified ? 1 : 0, l.verifyNote, l.createdAt),
      );
    },
    deleteLink: (linkId: string) => {
      stmts.deleteLink.run(linkId);
    },
    listEnrollments: (personIds: string[]): EnrollmentRow[] => enrollmentsOf(personIds, 'ended_at IS NULL').map(toEnrollment),
    listEndedEnrollments: (personIds: string[]): EndedEnrollmentRow[] =>
      enrollmentsOf(personIds, 'ended_at IS NOT NULL').map((r) => ({ ...toEnrollment(r), endedAt: r.ended_at as string, endedReason: r.ended_reason as string })),
    // The single-row writes are pages of one: one implementation each (store/sqlite/bulk.ts).
    insertOrder: (order: PaymentOrderRow, items: PaymentItemRow[]) => bulk.insertOrders([{ order, items }]),
    transitionOrder: (t: OrderTransition) => bulk.transitionOrders([t]).length === 1,
    insertDebit: (d: DebitRow) => bulk.insertDebits([d]),
    transitionDebit: (t: Omit<DebitTransitions, 'debitIds'> & { debitId: string }) =>
      bulk.transitionDebits({ debitIds: [t.debitId], from: t.from, to: t.to, at: t.at, failure: t.failure }).length === 1,
    insertNotice: (n: NoticeRow) => bulk.insertNotices([n]).length === 1,
    insertEnrollment: (e: EnrollmentRow) => {
      if (guard(() => bulk.insertEnrollments([e])).length > 0) throw new UniqueViolation('enrollment_person_year');
    },
    endEnrollment: (personId: string, benefitYear: number, reason: string, at: string) =>
      stmts.endEnrollment.run(at, reason, personId, benefitYear).changes === 1,
    restoreEnrollment: (personId: string, benefitYear: number, gap: LiftedSuspension) =>
      stmts.restoreEnrollment.run(gap.from, gap.restoredOn, personId, benefitYear).changes === 1,
    countEnrollmentsByYear: () => {
      const rows = stmts.countByYear.all() as { benefit_year: number; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.benefit_year, r.n])) as Record<number, number>;
    },
    appendAudit: (a: AuditRow) => bulk.appendAudits([a]),
    listAudit: (subject: string) =>
      (stmts.listAudit.all(subject) as Row[]).map(
        (r): AuditRow => ({
          at: r.at as string,
          actor: r.actor as string,
          action: r.action as string,
          subjectPersonId: (r.subject_person_id as string | null) ?? null,
          detail: JSON.parse(r.detail as string),
        }),
      ),
    getMeta: (key: string) => (stmts.getMeta.pluck().get(key) as string | undefined) ?? null,
    setMeta: (key: string, value: string) => {
      stmts.setMeta.run(key, value);
    },
  };
}

type SyncOps = ReturnType<typeof operations>;
const WRITES = new Set<keyof SyncOps>([
  'ensureAccount', 'bindAccountPerson', 'insertPerson', 'upsertRegistry', 'insertLink', 'deleteLink',
  'insertEnrollment', 'appendAudit', 'setMeta', 'postTransfer', 'insertOrder', 'transitionOrder', 'recordNotification',
  'rememberNonce', 'endEnrollment', 'restoreEnrollment', 'freeOrderItem', 'insertRefund', 'transitionRefund', 'saveReconciliation',
  'insertAgreement', 'transitionAgreement', 'insertDebit', 'transitionDebit', 'insertNotice',
  'insertNotices', 'insertOrders', 'insertDebits', 'transitionDebits', 'transitionOrders', 'postTransfers', 'insertEnrollments', 'appendAudits',
  ...(CREDIT_WRITES as (keyof SyncOps)[]), ...(SAVINGS_WRITES as (keyof SyncOps)[]), ...CONTRACT_END_WRITES,
]);

/** Promise-returning view of the sync operations; writes outside a transaction queue behind the lock. */
function asyncOps(sync: SyncOps, lock: Mutex | null, db: Database.Database): StoreOps {
  const ops = {} as Record<string, unknown>;
  for (const name of Object.keys(sync) as (keyof SyncOps)[]) {
    const fn = sync[name] as (...args: unknown[]) => unknown;
    ops[name] =
      lock && WRITES.has(name)
        ? (...args: unknown[]) => lock.run(async () => db.transaction(() => fn(...args)).immediate())
        : async (...args: unknown[]) => fn(...args);
  }
  return ops as unknown as StoreOps;
}

interface Shared {
  db: Database.Database;
  lock: Mutex;
  users: number;
}

/**
 * Every cloud function bundle loaded into the local runtime opens the same file: they share one connection
 * and one lock through this process-wide registry, because two connections in one thread would wait on
 * each other's locks while blocking the only thread that could release them.
 */
const REGISTRY_KEY = Symbol.for('hefei-medins.sqlite-connections');
const registry: Map<string, Shared> = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] as Map<string, Shared>) ??
  ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] = new Map<string, Shared>());

/** An enrollments row as the port has it; the suspensions lifted only when the year was restored. */
function toEnrollment(r: Row): EnrollmentRow {
  return {
    personId: r.person_id as string, benefitYear: r.benefit_year as number, source: r.source as string, enrolledAt: r.enrolled_at as string,
    ...(r.lifted_suspensions ? { liftedSuspensions: JSON.parse(r.lifted_suspensions as string) as LiftedSuspension[] } : {}),
  };
}

export function openSqliteStore(file: string): Store {
  const path = file === ':memory:' ? file : resolve(file);
  let shared = path === ':memory:' ? undefined : registry.get(path);
  if (!shared) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // Money lives here: a committed transaction must survive a power cut, not only a process crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // SQLite's default page cache is 2 MB; a city's tables and their indexes are far larger, and a batch page
    // touches index pages all over them. 256 MB keeps the hot pages in the process instead of re-reading them.
    db.pragma('cache_size = -262144');
    migrate(db);
    shared = { db, lock: new Mutex(), users: 0 };
    if (path !== ':memory:') registry.set(path, shared);
  }
  shared.users += 1;
  const { db, lock } = shared;
  const sync = operations(db);
  const root = asyncOps(sync, lock, db);
  const inTx = asyncOps(sync, null, db);
  let closed = false;
  return {
    ...root,
    kind: 'sqlite',
    transaction: <T>(work: (tx: StoreOps) => Promise<T>) =>
      lock.run(async () => {
        db.prepare('BEGIN IMMEDIATE').run();
        try {
          const result = await work(inTx);
          db.prepare('COMMIT').run();
          return result;
        } catch (error) {
          if (db.inTransaction) db.prepare('ROLLBACK').run();
          throw error;
        }
      }),
    schemaVersion: async () => db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_migrations').pluck().get() as number,
    close: async () => {
      if (closed) return;
      closed = true;
      shared!.users -= 1;
      if (shared!.users === 0) {
        registry.delete(path);
        db.close();
      }
    },
  };
}
