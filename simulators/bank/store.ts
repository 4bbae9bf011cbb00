/**
 * The bank simulator's state in SQLite (`<dataDir>/bank-sim.sqlite`), so a restarted simulator still
 * holds every contract, debit, advance, balance, owed callback, seen nonce and its moved clock.
 * Every request body is kept in its parsed form (`request_json`): zod emits keys in schema order, so
 * two retries that differ only in spacing or key order compare equal, and any real difference does not.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AdvanceState, ContractState, DebitFailCode, DebitState } from '../../cloudfunctions/_core/channels/bank/schemas';

export interface ContractRow {
  out_contract_no: string;
  contract_id: string;
  request_json: string;
  holder_name_masked: string;
  account_no_masked: string;
  account_token: string;
  id_hash: string;
  max_amount_per_debit_fen: number;
  notify_url: string | null;
  state: ContractState;
  signed_at: string;
  terminated_at: string | null;
  terminated_by: 'PARTNER' | 'ACCOUNT_HOLDER' | 'BANK' | null;
}

export interface DebitRow {
  out_debit_no: string;
  debit_id: string;
  request_json: string;
  out_contract_no: string;
  amount_fen: number;
  description: string;
  notify_url: string | null;
  state: DebitState;
  fail_code: DebitFailCode | null;
  created_at: string;
  finished_at: string | null;
}

export interface AdvanceRow {
  out_advance_no: string;
  advance_id: string;
  request_json: string;
  id_hash: string;
  amount_fen: number;
  repaid_fen: number;
  due_date: string;
  notify_url: string | null;
  state: AdvanceState;
  fail_code: 'CREDIT_REFUSED' | null;
  created_at: string;
  paid_at: string | null;
  overdue_at: string | null;
  repaid_at: string | null;
  credit_reported: number;
}

export interface RepaymentRow {
  repayment_id: string;
  out_repayment_no: string | null;
  request_json: string | null;
  out_advance_no: string;
  amount_fen: number;
  channel: 'PARTNER' | 'BANK_COUNTER';
  repaid_at: string;
}

export type CallbackStatus = 'pending' | 'delivered' | 'gave_up';

export interface CallbackRow {
  id: string;
  event_type: string;
  subject: string;
  notify_url: string | null;
  body: string;
  status: CallbackStatus;
  attempts: number;
  last_result: string | null;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS contracts (
  out_contract_no TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL UNIQUE,
  request_json TEXT NOT NULL,
  holder_name_masked TEXT NOT NULL,
  account_no_masked TEXT NOT NULL,
  account_token TEXT NOT NULL,
  id_hash TEXT NOT NULL,
  max_amount_per_debit_fen INTEGER NOT NULL CHECK (max_amount_per_debit_fen > 0),
  notify_url TEXT,
  state TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  terminated_at TEXT,
  terminated_by TEXT
);
CREATE TABLE IF NOT EXISTS debits (
  out_debit_no TEXT PRIMARY KEY,
  debit_id TEXT NOT NULL UNIQUE,
  request_json TEXT NOT NULL,
  out_contract_no TEXT NOT NULL REFERENCES contracts(out_contract_no),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  description TEXT NOT NULL,
  notify_url TEXT,
  state TEXT NOT NULL,
  fail_code TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS advances (
  out_advance_no TEXT PRIMARY KEY,
  advance_id TEXT NOT NULL UNIQUE,
  request_json TEXT NOT NULL,
  id_hash TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  repaid_fen INTEGER NOT NULL DEFAULT 0 CHECK (repaid_fen >= 0 AND repaid_fen <= amount_fen),
  due_date TEXT NOT NULL,
  notify_url TEXT,
  state TEXT NOT NULL,
  fail_code TEXT,
  created_at TEXT NOT NULL,
  paid_at TEXT,
  overdue_at TEXT,
  repaid_at TEXT,
  credit_reported INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS repayments (
  repayment_id TEXT PRIMARY KEY,
  out_repayment_no TEXT UNIQUE,
  request_json TEXT,
  out_advance_no TEXT NOT NULL REFERENCES advances(out_advance_no),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  channel TEXT NOT NULL,
  repaid_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
  account_token TEXT PRIMARY KEY,
  balance_fen INTEGER NOT NULL CHECK (balance_fen >= 0)
);
CREATE TABLE IF NOT EXISTS credit_grades (
  id_hash TEXT PRIMARY KEY,
  grade TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS callbacks (
  id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  subject TEXT NOT NULL,
  notify_url TEXT,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_result TEXT,
  created_at TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS nonces (
  nonce TEXT PRIMARY KEY,
  timestamp_seconds INTEGER NOT NULL
);
-- Every callback takes the next seq and every request forgets stale nonces: without these, each was a scan of the
-- whole table, and a 100,000-debit run slowed to about 40 debits a second as the tables grew.
CREATE UNIQUE INDEX IF NOT EXISTS callbacks_seq ON callbacks (seq);
CREATE INDEX IF NOT EXISTS nonces_timestamp ON nonces (timestamp_seconds);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

export type BankSimStore = ReturnType<typeof openBankSimStore>;

export function openBankSimStore(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'bank-sim.sqlite'));
  db.pragma('journal_mode = WAL');
  // The simulator's records must survive its process being killed (the fault tests kill it), which WAL gives
  // with NORMAL; FULL would add an fsync per request for power loss, which no test simulates.
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);

  const q = {
    contract: db.prepare<[string], ContractRow>('SELECT * FROM contracts WHERE out_contract_no = ?'),
    insertContract: db.prepare(
      `INSERT INTO contracts VALUES (@out_contract_no, @contract_id, @request_json, @holder_name_masked, @account_no_masked,
         @account_token, @id_hash, @max_amount_per_debit_fen, @notify_url, @state, @signed_at, @terminated_at, @terminated_by)`,
    ),
    setContractState: db.prepare(
      'UPDATE contracts SET state = @state, terminated_at = @terminated_at, terminated_by = @terminated_by WHERE out_contract_no = @out_contract_no',
    ),
    contractsInState: db.prepare<[string], ContractRow>('SELECT * FROM contracts WHERE state = ? ORDER BY signed_at'),
    allContracts: db.prepare<[], ContractRow>('SELECT * FROM contracts ORDER BY signed_at, out_contract_no'),
    debit: db.prepare<[string], DebitRow>('SELECT * FROM debits WHERE out_debit_no = ?'),
    insertDebit: db.prepare(
      `INSERT INTO debits VALUES (@out_debit_no, @debit_id, @request_json, @out_contract_no, @amount_fen, @description,
         @notify_url, @state, @fail_code, @created_at, @finished_at)`,
    ),
    finishDebit: db.prepare('UPDATE debits SET state = ?, fail_code = ?, finished_at = ? WHERE out_debit_no = ?'),
    debitsInState: db.prepare<[string], DebitRow>('SELECT * FROM debits WHERE state = ? ORDER BY created_at'),
    allDebits: db.prepare<[], DebitRow>('SELECT * FROM debits ORDER BY created_at, out_debit_no'),
    debitsFinishedOn: db.prepare<[string], DebitRow>(
      'SELECT * FROM debits WHERE finished_at IS NOT NULL AND substr(finished_at, 1, 10) = ? ORDER BY finished_at, out_debit_no',
    ),
    advance: db.prepare<[string], AdvanceRow>('SELECT * FROM advances WHERE out_advance_no = ?'),
    insertAdvance: db.prepare(
      `INSERT INTO advances VALUES (@out_advance_no, @advance_id, @request_json, @id_hash, @amount_fen, @repaid_fen, @due_date,
         @notify_url, @state, @fail_code, @created_at, @paid_at, @overdue_at, @repaid_at, @credit_reported)`,
    ),
    addRepaid: db.prepare('UPDATE advances SET repaid_fen = repaid_fen + ? WHERE out_advance_no = ?'),
    markRepaid: db.prepare("UPDATE advances SET state = 'REPAID', repaid_at = ? WHERE out_advance_no = ?"),
    markOverdue: db.prepare("UPDATE advances SET state = 'OVERDUE', overdue_at = ?, credit_reported = 1 WHERE out_advance_no = ?"),
    advancesDueBefore: db.prepare<[string], AdvanceRow>("SELECT * FROM advances WHERE state = 'PAID' AND due_date < ? ORDER BY due_date"),
    allAdvances: db.prepare<[], AdvanceRow>('SELECT * FROM advances ORDER BY created_at, out_advance_no'),
    advancesPaidOn: db.prepare<[string], AdvanceRow>(
      'SELECT * FROM advances WHERE paid_at IS NOT NULL AND substr(paid_at, 1, 10) = ? ORDER BY paid_at, out_advance_no',
    ),
    repayment: db.prepare<[string], RepaymentRow>('SELECT * FROM repayments WHERE out_repayment_no = ?'),
    repaymentsOf: db.prepare<[string], RepaymentRow>('SELECT * FROM repayments WHERE out_advance_no = ? ORDER BY repaid_at, repayment_id'),
    insertRepayment: db.prepare(
      `INSERT INTO repayments VALUES (@repayment_id, @out_repayment_no, @request_json, @out_advance_no, @amount_fen, @channel, @repaid_at)`,
    ),
    allRepayments: db.prepare<[], RepaymentRow>('SELECT * FROM repayments ORDER BY repaid_at, repayment_id'),
    repaymentsOn: db.prepare<[string], RepaymentRow>(
      'SELECT * FROM repayments WHERE substr(repaid_at, 1, 10) = ? ORDER BY repaid_at, repayment_id',
    ),
    balance: db.prepare<[string], { balance_fen: number }>('SELECT balance_fen FROM accounts WHERE account_token = ?'),
    setBalance: db.prepare(
      'INSERT INTO accounts (account_token, balance_fen) VALUES (?, ?) ON CONFLICT(account_token) DO UPDATE SET balance_fen = excluded.balance_fen',
    ),
    allAccounts: db.prepare<[], { account_token: string; balance_fen: number }>('SELECT * FROM accounts ORDER BY account_token'),
    grade: db.prepare<[string], { grade: string }>('SELECT grade FROM credit_grades WHERE id_hash = ?'),
    setGrade: db.prepare(
      'INSERT INTO credit_grades (id_hash, grade) VALUES (?, ?) ON CONFLICT(id_hash) DO UPDATE SET grade = excluded.grade',
    ),
    insertCallback: db.prepare(
      `INSERT INTO callbacks (id, event_type, subject, notify_url, body, status, attempts, last_result, created_at, seq)
       VALUES (@id, @event_type, @subject, @notify_url, @body, @status, @attempts, @last_result, @created_at,
         (SELECT COALESCE(MAX(seq), 0) + 1 FROM callbacks))`,
    ),
    recordAttempt: db.prepare('UPDATE callbacks SET attempts = attempts + 1, status = ?, last_result = ? WHERE id = ?'),
    pendingCallbacks: db.prepare<[], CallbackRow>("SELECT * FROM callbacks WHERE status = 'pending' ORDER BY seq"),
    allCallbacks: db.prepare<[], CallbackRow>('SELECT * FROM callbacks ORDER BY seq'),
    rememberNonce: db.prepare('INSERT OR IGNORE INTO nonces (nonce, timestamp_seconds) VALUES (?, ?)'),
    forgetNonces: db.prepare('DELETE FROM nonces WHERE timestamp_seconds < ?'),
    setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
  };

  return {
    contract: (no: string) => q.contract.get(no),
    insertContract: (row: ContractRow) => void q.insertContract.run(row),
    setContractState: (no: string, state: ContractState, terminatedAt: string | null, terminatedBy: ContractRow['terminated_by']) =>
      void q.setContractState.run({ out_contract_no: no, state, terminated_at: terminatedAt, terminated_by: terminatedBy }),
    contractsInState: (state: ContractState) => q.contractsInState.all(state),
    allContracts: () => q.allContracts.all(),
    debit: (no: string) => q.debit.get(no),
    insertDebit: (row: DebitRow) => void q.insertDebit.run(row),
    finishDebit: (no: string, state: DebitState, failCode: DebitFailCode | null, finishedAt: string) =>
      void q.finishDebit.run(state, failCode, finishedAt, no),
    debitsInState: (state: DebitState) => q.debitsInState.all(state),
    allDebits: () => q.allDebits.all(),
    debitsFinishedOn: (date: string) => q.debitsFinishedOn.all(date),
    advance: (no: string) => q.advance.get(no),
    insertAdvance: (row: AdvanceRow) => void q.insertAdvance.run(row),
    addRepaid: (no: string, amountFen: number) => void q.addRepaid.run(amountFen, no),
    markRepaid: (no: string, at: string) => void q.markRepaid.run(at, no),
    markOverdue: (no: string, at: string) => void q.markOverdue.run(at, no),
    advancesDueBefore: (date: string) => q.advancesDueBefore.all(date),
    allAdvances: () => q.allAdvances.all(),
    advancesPaidOn: (date: string) => q.advancesPaidOn.all(date),
    repayment: (no: string) => q.repayment.get(no),
    repaymentsOf: (advanceNo: string) => q.repaymentsOf.all(advanceNo),
    insertRepayment: (row: RepaymentRow) => void q.insertRepayment.run(row),
    allRepayments: () => q.allRepayments.all(),
    repaymentsOn: (date: string) => q.repaymentsOn.all(date),
    balance: (token: string) => q.balance.get(token)?.balance_fen,
    setBalance: (token: string, balanceFen: number) => void q.setBalance.run(token, balanceFen),
    allAccounts: () => q.allAccounts.all(),
    grade: (idHash: string) => q.grade.get(idHash)?.grade,
    setGrade: (idHash: string, grade: string) => void q.setGrade.run(idHash, grade),
    insertCallback: (row: CallbackRow) => void q.insertCallback.run(row),
    recordAttempt: (id: string, status: CallbackStatus, result: string) => void q.recordAttempt.run(status, result, id),
    pendingCallbacks: () => q.pendingCallbacks.all(),
    allCallbacks: () => q.allCallbacks.all(),
    /** True the first time a nonce is offered; nonces older than `forgetBeforeSeconds` are dropped. */
    rememberNonce: (nonce: string, timestampSeconds: number, forgetBeforeSeconds: number): boolean => {
      q.forgetNonces.run(forgetBeforeSeconds);
      return q.rememberNonce.run(nonce, timestampSeconds).changes === 1;
    },
    setting: <T>(key: string): T | undefined => {
      const row = q.setting.get(key);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    setSetting: (key: string, value: unknown) => void q.setSetting.run(key, JSON.stringify(value)),
    /** Runs `work` as one SQLite transaction, so a check and the write it guards cannot interleave. */
    transaction: <T>(work: () => T): T => db.transaction(work)(),
    close: () => db.close(),
  };
}
