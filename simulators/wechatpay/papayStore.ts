/**
 * The simulator's memory of 委托代扣 (papay): signing sessions handed to the signing mini-program, the
 * contracts users signed, and the debits (扣款) made under them. Same SQLite file as orders and refunds, so a
 * restarted simulator still knows every contract and still settles debits it accepted.
 */
import type Database from 'better-sqlite3';

export type SignSessionState = 'PENDING' | 'CONFIRMED' | 'CANCELLED';
export type ContractState = 'ENTRUSTED' | 'TERMINATED';
export type PapayTradeState = 'ACCEPT' | 'SUCCESS' | 'PAY_FAIL';

/** What the merchant asked to sign, carried from the signing session into the contract the user signs. */
export interface ContractTerms {
  out_contract_code: string;
  mchid: string;
  appid: string;
  plan_id: number;
  openid: string;
  contract_display_account: string;
  notify_url: string;
}

export interface SignSessionRow extends ContractTerms {
  pre_entrustweb_id: string;
  request_canonical: string;
  state: SignSessionState;
  expires_at: string;
  created_at: string;
}

export interface ContractRow extends ContractTerms {
  contract_id: string;
  contract_state: ContractState;
  signed_time: string;
  terminated_time: string | null;
  termination_mode: string | null;
  termination_note: string | null;
}

export interface PapayTradeRow {
  out_trade_no: string;
  mchid: string;
  appid: string;
  contract_id: string;
  request_canonical: string;
  description: string;
  attach: string | null;
  notify_url: string;
  total_fen: number;
  trade_state: PapayTradeState;
  transaction_id: string | null;
  fail_code: string | null;
  fail_message: string | null;
  created_at: string;
  success_time: string | null;
}

/** The ContractTerms columns, the same in sessions and contracts. */
const CONTRACT_TERMS_COLUMNS = `out_contract_code TEXT NOT NULL UNIQUE,
  mchid TEXT NOT NULL,
  appid TEXT NOT NULL,
  plan_id INTEGER NOT NULL,
  openid TEXT NOT NULL,
  contract_display_account TEXT NOT NULL,
  notify_url TEXT NOT NULL,`;

export const PAPAY_SCHEMA = `
CREATE TABLE IF NOT EXISTS papay_sign_sessions (
  pre_entrustweb_id TEXT PRIMARY KEY,
  ${CONTRACT_TERMS_COLUMNS}
  request_canonical TEXT NOT NULL,
  state TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS papay_contracts (
  contract_id TEXT PRIMARY KEY,
  ${CONTRACT_TERMS_COLUMNS}
  contract_state TEXT NOT NULL,
  signed_time TEXT NOT NULL,
  terminated_time TEXT,
  termination_mode TEXT,
  termination_note TEXT
);
CREATE TABLE IF NOT EXISTS papay_trades (
  out_trade_no TEXT PRIMARY KEY,
  mchid TEXT NOT NULL,
  appid TEXT NOT NULL,
  contract_id TEXT NOT NULL REFERENCES papay_contracts(contract_id),
  request_canonical TEXT NOT NULL,
  description TEXT NOT NULL,
  attach TEXT,
  notify_url TEXT NOT NULL,
  total_fen INTEGER NOT NULL CHECK (total_fen > 0),
  trade_state TEXT NOT NULL,
  transaction_id TEXT UNIQUE,
  fail_code TEXT,
  fail_message TEXT,
  created_at TEXT NOT NULL,
  success_time TEXT
);
`;

export function papayOperations(db: Database.Database) {
  db.exec(PAPAY_SCHEMA);
  const s = {
    session: db.prepare<[string], SignSessionRow>('SELECT * FROM papay_sign_sessions WHERE pre_entrustweb_id = ?'),
    sessionByCode: db.prepare<[string], SignSessionRow>('SELECT * FROM papay_sign_sessions WHERE out_contract_code = ?'),
    insertSession: db.prepare(
      `INSERT INTO papay_sign_sessions (pre_entrustweb_id, out_contract_code, mchid, appid, plan_id, openid, contract_display_account,
         notify_url, request_canonical, state, expires_at, created_at)
       VALUES (@pre_entrustweb_id, @out_contract_code, @mchid, @appid, @plan_id, @openid, @contract_display_account,
         @notify_url, @request_canonical, @state, @expires_at, @created_at)`,
    ),
    setSessionState: db.prepare('UPDATE papay_sign_sessions SET state = ? WHERE pre_entrustweb_id = ?'),
    deleteSession: db.prepare('DELETE FROM papay_sign_sessions WHERE pre_entrustweb_id = ?'),
    contract: db.prepare<[string], ContractRow>('SELECT * FROM papay_contracts WHERE contract_id = ?'),
    contractByCode: db.prepare<[string], ContractRow>('SELECT * FROM papay_contracts WHERE out_contract_code = ?'),
    insertContract: db.prepare(
      `INSERT INTO papay_contracts (contract_id, out_contract_code, mchid, appid, plan_id, openid, contract_display_account, notify_url,
         contract_state, signed_time, terminated_time, termination_mode, termination_note)
       VALUES (@contract_id, @out_contract_code, @mchid, @appid, @plan_id, @openid, @contract_display_account, @notify_url,
         @contract_state, @signed_time, @terminated_time, @termination_mode, @termination_note)`,
    ),
    terminate: db.prepare(
      "UPDATE papay_contracts SET contract_state = 'TERMINATED', terminated_time = ?, termination_mode = ?, termination_note = ? WHERE contract_id = ? AND contract_state = 'ENTRUSTED'",
    ),
    trade: db.prepare<[string], PapayTradeRow>('SELECT * FROM papay_trades WHERE out_trade_no = ?'),
    insertTrade: db.prepare(
      `INSERT INTO papay_trades (out_trade_no, mchid, appid, contract_id, request_canonical, description, attach, notify_url, total_fen,
         trade_state, transaction_id, fail_code, fail_message, created_at, success_time)
       VALUES (@out_trade_no, @mchid, @appid, @contract_id, @request_canonical, @description, @attach, @notify_url, @total_fen,
         @trade_state, @transaction_id, @fail_code, @fail_message, @created_at, @success_time)`,
    ),
    settleTrade: db.prepare(
      "UPDATE papay_trades SET trade_state = ?, transaction_id = ?, success_time = ?, fail_code = ?, fail_message = ? WHERE out_trade_no = ? AND trade_state = 'ACCEPT'",
    ),
    acceptedTrades: db.prepare<[], PapayTradeRow>("SELECT * FROM papay_trades WHERE trade_state = 'ACCEPT' ORDER BY created_at"),
    tradesPaidOn: db.prepare<[string], PapayTradeRow>(
      "SELECT * FROM papay_trades WHERE trade_state = 'SUCCESS' AND substr(success_time, 1, 10) = ? ORDER BY success_time, out_trade_no",
    ),
    allContracts: db.prepare<[], ContractRow>('SELECT * FROM papay_contracts ORDER BY signed_time, contract_id'),
    allSessions: db.prepare<[], SignSessionRow>('SELECT * FROM papay_sign_sessions ORDER BY created_at, pre_entrustweb_id'),
    allTrades: db.prepare<[], PapayTradeRow>('SELECT * FROM papay_trades ORDER BY created_at, out_trade_no'),
  };
  return {
    session: (id: string) => s.session.get(id),
    sessionByCode: (code: string) => s.sessionByCode.get(code),
    insertSession: (row: SignSessionRow) => void s.insertSession.run(row),
    setSessionState: (id: string, state: SignSessionState) => void s.setSessionState.run(state, id),
    /** A closed (cancelled or expired) session gives way to a new one for the same contract code. */
    replaceSession: (oldId: string, row: SignSessionRow) => {
      s.deleteSession.run(oldId);
      s.insertSession.run(row);
    },
    contract: (id: string) => s.contract.get(id),
    contractByCode: (code: string) => s.contractByCode.get(code),
    insertContract: (row: ContractRow) => void s.insertContract.run(row),
    /** True when this call ended the contract; false when it was already terminated. */
    terminate: (id: string, at: string, mode: string, note: string | null) => s.terminate.run(at, mode, note, id).changes === 1,
    trade: (no: string) => s.trade.get(no),
    insertTrade: (row: PapayTradeRow) => void s.insertTrade.run(row),
    settleTrade: (no: string, state: Exclude<PapayTradeState, 'ACCEPT'>, transactionId: string | null, successTime: string | null, failCode: string | null, failMessage: string | null) =>
      s.settleTrade.run(state, transactionId, successTime, failCode, failMessage, no).changes === 1,
    acceptedTrades: () => s.acceptedTrades.all(),
    /** Debits that succeeded on a day (its +08:00 date): they are on that day's trade bill with the other payments. */
    tradesPaidOn: (date: string) => s.tradesPaidOn.all(date),
    allContracts: () => s.allContracts.all(),
    allSessions: () => s.allSessions.all(),
    allTrades: () => s.allTrades.all(),
  };
}

export type PapayStore = ReturnType<typeof papayOperations>;
