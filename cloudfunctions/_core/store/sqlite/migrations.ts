/**
 * Schema migrations, applied in order inside one transaction each and recorded in `schema_migrations`.
 * A migration is never edited once released; a change is a new entry at the end.
 */
import { AGREEMENT_CHANNEL_MIGRATIONS } from './agreementChannels';
import { CREDIT_MIGRATIONS } from './credit';
import { PAYMENT_SOURCE_MIGRATIONS } from './paymentSources';
import { SAVINGS_MIGRATIONS } from './savings';
import { RECONCILIATION_MIGRATIONS } from './reconciliation';
import { CONTRACT_END_MIGRATIONS } from './contractEnds';
import { PAID_OUT_MIGRATIONS } from './paidOut';
import { RESTORED_ENROLLMENT_MIGRATIONS } from './restoredEnrollments';
import { OPEN_INDEX_MIGRATIONS } from './openIndexes';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const OWN_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'identity, registry, links, enrollments, audit',
    sql: `
      CREATE TABLE accounts (
        openid TEXT PRIMARY KEY,
        person_id TEXT UNIQUE,
        roles TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE persons (
        person_id TEXT PRIMARY KEY,
        id_hash TEXT NOT NULL UNIQUE,
        id_masked TEXT NOT NULL,
        id_sealed TEXT NOT NULL,
        name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('M','F')),
        created_at TEXT NOT NULL
      );
      CREATE TABLE registry (
        id_hash TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('M','F')),
        household_no TEXT NOT NULL,
        father_hash TEXT,
        mother_hash TEXT,
        spouse_hash TEXT,
        facts TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE person_links (
        link_id TEXT PRIMARY KEY,
        owner_person_id TEXT NOT NULL REFERENCES persons(person_id),
        relative_person_id TEXT NOT NULL REFERENCES persons(person_id),
        relation TEXT NOT NULL,
        verified INTEGER NOT NULL,
        verify_note TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (owner_person_id, relative_person_id)
      );
      CREATE TABLE enrollments (
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        benefit_year INTEGER NOT NULL,
        source TEXT NOT NULL,
        enrolled_at TEXT NOT NULL,
        PRIMARY KEY (person_id, benefit_year)
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_person_id TEXT,
        detail TEXT NOT NULL
      );
      CREATE INDEX audit_subject ON audit_log (subject_person_id, seq);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'double-entry ledger (append-only postings)',
    sql: `
      CREATE TABLE ledger_accounts (
        account_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        floor_fen INTEGER,
        -- A cache of SUM(postings) kept in the same transaction as each posting; ledgerCheck verifies it.
        balance_fen INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE ledger_transfers (
        transfer_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (kind, ref)
      );
      CREATE TABLE ledger_postings (
        transfer_id TEXT NOT NULL REFERENCES ledger_transfers(transfer_id),
        leg INTEGER NOT NULL,
        account_id TEXT NOT NULL REFERENCES ledger_accounts(account_id),
        amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0),
        PRIMARY KEY (transfer_id, leg)
      );
      CREATE INDEX ledger_postings_account ON ledger_postings (account_id);
      CREATE TRIGGER ledger_postings_append_only_u BEFORE UPDATE ON ledger_postings BEGIN SELECT RAISE(ABORT, 'ledger postings are append-only'); END;
      CREATE TRIGGER ledger_postings_append_only_d BEFORE DELETE ON ledger_postings BEGIN SELECT RAISE(ABORT, 'ledger postings are append-only'); END;
      CREATE TRIGGER ledger_transfers_append_only_u BEFORE UPDATE ON ledger_transfers BEGIN SELECT RAISE(ABORT, 'ledger transfers are append-only'); END;
      CREATE TRIGGER ledger_transfers_append_only_d BEFORE DELETE ON ledger_transfers BEGIN SELECT RAISE(ABORT, 'ledger transfers are append-only'); END;
    `,
  },
  {
    version: 3,
    name: 'payment orders, items, events, channel notifications',
    sql: `
      CREATE TABLE payment_orders (
        order_id TEXT PRIMARY KEY,
        payer_person_id TEXT NOT NULL REFERENCES persons(person_id),
        payer_openid TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
        account_fen INTEGER NOT NULL CHECK (account_fen >= 0),
        wechat_fen INTEGER NOT NULL CHECK (wechat_fen >= 0),
        state TEXT NOT NULL CHECK (state IN ('INIT','PENDING','UNKNOWN','SUCCESS','FAILED')),
        prepay_id TEXT,
        channel_txn_id TEXT,
        failure TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (account_fen + wechat_fen = total_fen)
      );
      CREATE INDEX payment_orders_open ON payment_orders (state, updated_at);
      CREATE INDEX payment_orders_payer ON payment_orders (payer_person_id, created_at);
      CREATE TABLE payment_items (
        order_id TEXT NOT NULL REFERENCES payment_orders(order_id),
        item_no INTEGER NOT NULL,
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        benefit_year INTEGER NOT NULL,
        standard_fen INTEGER NOT NULL,
        due_fen INTEGER NOT NULL CHECK (due_fen >= 0),
        quote TEXT NOT NULL,
        -- 1 while the order may still be (or was) paid: one live item per person-year, whoever pays.
        live INTEGER NOT NULL CHECK (live IN (0, 1)),
        PRIMARY KEY (order_id, item_no)
      );
      CREATE UNIQUE INDEX payment_items_live ON payment_items (person_id, benefit_year) WHERE live = 1;
      CREATE TABLE payment_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL REFERENCES payment_orders(order_id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        cause TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX payment_events_order ON payment_events (order_id, seq);
      CREATE TABLE channel_notifications (
        channel TEXT NOT NULL,
        event_id TEXT NOT NULL,
        ref TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (channel, event_id)
      );
      CREATE TABLE channel_nonces (
        channel TEXT NOT NULL,
        nonce TEXT NOT NULL,
        timestamp_s INTEGER NOT NULL,
        PRIMARY KEY (channel, nonce)
      );
    `,
  },
  {
    version: 4,
    name: 'refunds; enrollments can end',
    sql: `
      ALTER TABLE enrollments ADD COLUMN ended_at TEXT;
      ALTER TABLE enrollments ADD COLUMN ended_reason TEXT;
      CREATE TABLE refunds (
        refund_id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES payment_orders(order_id),
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        benefit_year INTEGER NOT NULL,
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        account_fen INTEGER NOT NULL CHECK (account_fen >= 0),
        wechat_fen INTEGER NOT NULL CHECK (wechat_fen >= 0),
        state TEXT NOT NULL CHECK (state IN ('PENDING','UNKNOWN','SUCCESS','FAILED')),
        channel_refund_id TEXT,
        failure TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- One refund per paid person-year: a second request finds the first.
      CREATE UNIQUE INDEX refunds_item ON refunds (order_id, person_id, benefit_year);
      CREATE INDEX refunds_open ON refunds (state, updated_at);
    `,
  },
  {
    version: 5,
    name: 'channel times on orders and refunds; reconciliation lines',
    sql: `
      ALTER TABLE payment_orders ADD COLUMN paid_at TEXT;
      ALTER TABLE refunds ADD COLUMN refunded_at TEXT;
      CREATE INDEX payment_orders_paid ON payment_orders (paid_at) WHERE state = 'SUCCESS';
      CREATE INDEX refunds_paid ON refunds (refunded_at) WHERE state = 'SUCCESS';
      -- A report per statement day: re-running a day replaces its lines; the ledger is never touched.
      CREATE TABLE reconciliation_lines (
        bill_date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('payment','refund')),
        ref TEXT NOT NULL,
        status TEXT NOT NULL,
        our_fen INTEGER,
        channel_fen INTEGER,
        detail TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        PRIMARY KEY (bill_date, kind, ref)
      );
    `,
  },
  {
    version: 6,
    name: 'agreements (auto-renewal), scheduled debits, notices; order channel',
    sql: `
      ALTER TABLE payment_orders ADD COLUMN channel TEXT NOT NULL DEFAULT 'wechatpay';
      CREATE TABLE agreements (
        agreement_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('auto-renew')),
        signer_person_id TEXT NOT NULL REFERENCES persons(person_id),
        signer_openid TEXT NOT NULL,
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        channel TEXT NOT NULL CHECK (channel IN ('bank')),
        contract_no TEXT NOT NULL UNIQUE,
        account_masked TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('SIGNING','ACTIVE','PAUSED','CANCELLED','FAILED')),
        -- 1 while the agreement may still debit: one per person and kind.
        live INTEGER NOT NULL CHECK (live IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX agreements_live ON agreements (person_id, kind) WHERE live = 1;
      CREATE INDEX agreements_signer ON agreements (signer_person_id);
      CREATE TABLE agreement_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        agreement_id TEXT NOT NULL REFERENCES agreements(agreement_id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        cause TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE TABLE debits (
        debit_id TEXT PRIMARY KEY,
        agreement_id TEXT NOT NULL REFERENCES agreements(agreement_id),
        period_key TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        order_id TEXT NOT NULL REFERENCES payment_orders(order_id),
        state TEXT NOT NULL CHECK (state IN ('INIT','PENDING','UNKNOWN','SUCCESS','FAILED')),
        failure TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (agreement_id, period_key, attempt)
      );
      -- The key that makes a second debit for the same agreement and period impossible: one live or paid attempt.
      CREATE UNIQUE INDEX debits_live ON debits (agreement_id, period_key) WHERE state IN ('INIT','PENDING','UNKNOWN','SUCCESS');
      CREATE INDEX debits_open ON debits (state, updated_at);
      CREATE TABLE notices (
        notice_id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        openid TEXT NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (kind, ref)
      );
      CREATE INDEX notices_openid ON notices (openid, created_at);
    `,
  },
  {
    version: 9,
    name: 'counter (cash) payments: one order per paper receipt number',
    sql: `CREATE UNIQUE INDEX payment_orders_counter_receipt ON payment_orders (request_hash) WHERE channel = 'cash';`,
  },
  {
    version: 15,
    name: 'agreements keep the cause of their end, for the card that says why',
    // Agreements that had already ended take the cause from their last event.
    sql: `
      ALTER TABLE agreements ADD COLUMN end_cause TEXT;
      UPDATE agreements SET end_cause = (SELECT e.cause FROM agreement_events e WHERE e.agreement_id = agreements.agreement_id ORDER BY e.seq DESC LIMIT 1)
        WHERE state IN ('CANCELLED', 'FAILED');
    `,
  },
];

/**
 * Feature modules own their tables (credit: version 7, savings: version 8; later core migrations take 9 on).
 * Every migration runs in version order whoever declared it.
 */
export const MIGRATIONS: Migration[] = [...OWN_MIGRATIONS, ...CREDIT_MIGRATIONS, ...SAVINGS_MIGRATIONS, ...RECONCILIATION_MIGRATIONS, ...PAYMENT_SOURCE_MIGRATIONS, ...AGREEMENT_CHANNEL_MIGRATIONS, ...CONTRACT_END_MIGRATIONS, ...PAID_OUT_MIGRATIONS, ...RESTORED_ENROLLMENT_MIGRATIONS, ...OPEN_INDEX_MIGRATIONS].sort((a, b) => a.version - b.version);
