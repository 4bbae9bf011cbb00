import type Database from 'better-sqlite3';
import { prepared } from './prepared';
import { OPEN_STATES_TERM } from './openIndexes';
import type { AgreementRow, AgreementState, DebitRow, DebitState, NoticeRow } from '../port';
import { unique } from './unique';

type Row = Record<string, unknown>;

export const toAgreement = (r: Row): AgreementRow => ({
  agreementId: r.agreement_id as string,
  kind: r.kind as 'auto-renew',
  signerPersonId: r.signer_person_id as string,
  signerOpenid: r.signer_openid as string,
  personId: r.person_id as string,
  channel: r.channel as AgreementRow['channel'],
  contractNo: r.contract_no as string,
  accountMasked: r.account_masked as string,
  state: r.state as AgreementState,
  live: r.live === 1,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  ...(r.end_cause ? { endCause: r.end_cause as string } : {}),
});

export const toDebit = (r: Row): DebitRow => ({
  debitId: r.debit_id as string,
  agreementId: r.agreement_id as string,
  periodKey: r.period_key as string,
  attempt: r.attempt as number,
  amountFen: r.amount_fen as number,
  orderId: r.order_id as string,
  state: r.state as DebitState,
  failure: (r.failure as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const toNotice = (r: Row): NoticeRow => ({
  noticeId: r.notice_id as string, personId: r.person_id as string, openid: r.openid as string, kind: r.kind as string,
  ref: r.ref as string, title: r.title as string, body: r.body as string, createdAt: r.created_at as string,
});

const FINAL_AGREEMENT: readonly AgreementState[] = ['CANCELLED', 'FAILED'];


/** Agreements, scheduled debits and notices on one SQLite connection. */
export function agreementOperations(db: Database.Database) {
  const q = (sql: string) => db.prepare(sql);
  const stmts = {
    insertAgreement: q(`INSERT INTO agreements (agreement_id, kind, signer_person_id, signer_openid, person_id, channel, contract_no, account_masked,
      state, live, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    agreementEvent: q('INSERT INTO agreement_events (agreement_id, from_state, to_state, cause, at) VALUES (?, ?, ?, ?, ?)'),
    agreement: q('SELECT * FROM agreements WHERE agreement_id = ?'),
    byContract: q('SELECT * FROM agreements WHERE contract_no = ?'),
    bySigner: q('SELECT * FROM agreements WHERE signer_person_id = ? ORDER BY created_at DESC, agreement_id DESC'),
    live: q('SELECT * FROM agreements WHERE person_id = ? AND kind = ? AND live = 1'),
    setAgreementState: q('UPDATE agreements SET state = ?, live = ?, updated_at = ?, end_cause = ? WHERE agreement_id = ? AND state = ?'),
    active: q("SELECT * FROM agreements WHERE state = 'ACTIVE' AND agreement_id > ? ORDER BY agreement_id LIMIT ?"),
    // The partial index agreements_signing (openIndexes.ts): a handful of rows among a city's agreements.
    signing: q("SELECT * FROM agreements WHERE state = 'SIGNING' AND agreement_id > ? ORDER BY agreement_id LIMIT ?"),
    debit: q('SELECT * FROM debits WHERE debit_id = ?'),
    debits: q('SELECT * FROM debits WHERE agreement_id = ? AND period_key = ? ORDER BY attempt'),
    notices: q('SELECT * FROM notices WHERE openid = ? ORDER BY created_at DESC, notice_id DESC LIMIT ?'),
    notice: q('SELECT * FROM notices WHERE kind = ? AND ref = ?'),
  };
  return {
    insertAgreement(a: AgreementRow): void {
      unique('agreement_live', () =>
        stmts.insertAgreement.run(a.agreementId, a.kind, a.signerPersonId, a.signerOpenid, a.personId, a.channel, a.contractNo, a.accountMasked,
          a.state, a.live ? 1 : 0, a.createdAt, a.updatedAt),
      );
      stmts.agreementEvent.run(a.agreementId, null, a.state, 'created', a.createdAt);
    },
    getAgreement(id: string) {
      const r = stmts.agreement.get(id) as Row | undefined;
      return r ? toAgreement(r) : null;
    },
    lockAgreement(id: string) {
      const r = stmts.agreement.get(id) as Row | undefined;
      return r ? toAgreement(r) : null;
    },
    findAgreementByContract(contractNo: string) {
      const r = stmts.byContract.get(contractNo) as Row | undefined;
      return r ? toAgreement(r) : null;
    },
    listAgreementsSignedBy(signer: string) {
      return (stmts.bySigner.all(signer) as Row[]).map(toAgreement);
    },
    findLiveAgreement(personId: string, kind: AgreementRow['kind']) {
      const r = stmts.live.get(personId, kind) as Row | undefined;
      return r ? toAgreement(r) : null;
    },
    transitionAgreement(t: { agreementId: string; from: readonly AgreementState[]; to: AgreementState; cause: string; at: string }): boolean {
      const current = stmts.agreement.get(t.agreementId) as Row | undefined;
      if (!current || !t.from.includes(current.state as AgreementState)) return false;
      const final = FINAL_AGREEMENT.includes(t.to);
      stmts.setAgreementState.run(t.to, final ? 0 : 1, t.at, final ? t.cause : null, t.agreementId, current.state);
      stmts.agreementEvent.run(t.agreementId, current.state, t.to, t.cause, t.at);
      return true;
    },
    listActiveAgreements(afterId: string, limit: number) {
      return (stmts.active.all(afterId, limit) as Row[]).map(toAgreement);
    },
    listSigningAgreements(afterId: string, limit: number) {
      return (stmts.signing.all(afterId, limit) as Row[]).map(toAgreement);
    },
    getDebit(id: string) {
      const r = stmts.debit.get(id) as Row | undefined;
      return r ? toDebit(r) : null;
    },
    listDebits(agreementId: string, periodKey: string) {
      return (stmts.debits.all(agreementId, periodKey) as Row[]).map(toDebit);
    },
    listDebitsToSettle(states: readonly DebitState[], updatedBefore: string, limit: number) {
      const rows = prepared(db, `SELECT * FROM debits WHERE ${OPEN_STATES_TERM} AND state IN (${states.map(() => '?').join(',')}) AND updated_at < ? ORDER BY updated_at LIMIT ?`)
        .all(...states, updatedBefore, limit) as Row[];
      return rows.map(toDebit);
    },
    listNotices(openid: string, limit: number): NoticeRow[] {
      return (stmts.notices.all(openid, limit) as Row[]).map(toNotice);
    },
    findNotice(kind: string, ref: string): NoticeRow | null {
      const r = stmts.notice.get(kind, ref) as Row | undefined;
      return r ? toNotice(r) : null;
    },
  };
}
