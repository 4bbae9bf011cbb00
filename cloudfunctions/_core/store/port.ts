/**
 * The store port: what application services need from storage, in their own terms. Two adapters implement
 * it (SQLite for local runs and tests, CloudBase in production); `contract.ts` is the one test suite both
 * must pass. Writes that must not happen twice rely on unique keys here, not on checks in the services.
 */
import type { Relation, Role } from '../../../shared/api/contract';
import type { LedgerReport } from '../ledger/check';
import type { TransferInput } from '../ledger/transfer';
import type { BulkStoreOps } from './bulk.port';
import type { ContractEndStoreOps } from './contractEnds.port';
import type { CreditStoreOps } from './credit.port';
import type { SavingsStoreOps } from './savings.port';

export interface AccountRow {
  openid: string;
  personId: string | null;
  roles: Role[];
  createdAt: string;
}

export interface PersonRow {
  personId: string;
  idHash: string;
  idMasked: string;
  idSealed: string;
  name: string;
  birthDate: string;
  sex: 'M' | 'F';
  createdAt: string;
}

/** Facts other departments hold about a person, as imported (aid status, student, employer insurance...). */
export interface PersonFacts {
  aidCategories?: string[];
  student?: boolean;
  parentInEmployeeInsurance?: boolean;
  villageSubsidy?: { kind: 'fixed'; fen: number } | { kind: 'full' };
  /** Benefit years with basic medical insurance anywhere, as the platform's import reports them (D9 breaks). */
  coveredYears?: number[];
}

/** One person in the imported population registry (公安人口库), keyed by ID hash. */
export interface RegistryRow {
  idHash: string;
  name: string;
  birthDate: string;
  sex: 'M' | 'F';
  householdNo: string;
  fatherHash: string | null;
  motherHash: string | null;
  spouseHash: string | null;
  facts: PersonFacts;
  importedAt: string;
}

export interface LinkRow {
  linkId: string;
  ownerPersonId: string;
  relativePersonId: string;
  relation: Relation;
  verified: boolean;
  verifyNote: string | null;
  createdAt: string;
}

export interface EnrollmentRow {
  personId: string;
  benefitYear: number;
  /** Where the year's coverage came from: a payment of ours, an import of another scheme, a waiver. */
  source: string;
  enrolledAt: string;
  /**
   * The year's suspensions (D15) lifted at the counter (coverage/restore.ts), oldest first: each suspended from `from`,
   * restored on `restoredOn` (Hefei dates). Benefits stay suspended between the two; absent when the year never was restored.
   */
  liftedSuspensions?: LiftedSuspension[];
}

export interface LiftedSuspension {
  from: string;
  restoredOn: string;
}

/** An enrollment that ended and was not taken up again: refunded (`refunded:<reason>`) or suspended (`suspended:<reason>`). */
export interface EndedEnrollmentRow extends EnrollmentRow {
  endedAt: string;
  endedReason: string;
}

export interface AuditRow {
  at: string;
  actor: string;
  action: string;
  subjectPersonId: string | null;
  detail: Record<string, unknown>;
}

export type OrderStateName = 'INIT' | 'PENDING' | 'UNKNOWN' | 'SUCCESS' | 'FAILED';

export interface PaymentOrderRow {
  orderId: string;
  payerPersonId: string;
  payerOpenid: string;
  /** Hash of what was asked for (payer, items, account use): the same order id with another body is refused. */
  requestHash: string;
  totalFen: number;
  accountFen: number;
  wechatFen: number;
  state: OrderStateName;
  prepayId: string | null;
  channelTxnId: string | null;
  failure: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the money arrived, by the channel's clock (WeChat's success_time), Asia/Shanghai ISO; set with SUCCESS. */
  paidAt?: string | null;
  /** Which channel carries the non-account leg (`wechatFen`): WeChat Pay, or the bank for scheduled debits. */
  /** papay: a debit under a WeChat 委托代扣 agreement (settled through its debit, never by the JSAPI order API). */
  channel?: 'wechatpay' | 'papay' | 'bank' | 'cash';
  /**
   * The part of `accountFen` (the held leg) that came from 零存整缴 savings rather than the employee personal
   * account, so a refund returns it to savings; 0 when absent.
   */
  savingsFen?: number;
  /**
   * When WeChat took money for this order that could not be booked (another amount than the order's, or a payment
   * after the order had failed): the order is FAILED and the money is put before fund staff (待人工处理款项).
   * Absent on every other order.
   */
  heldAt?: string;
  /** When fund staff recorded paying that money back by another route (reconciliation/payOut.ts). */
  paidOutAt?: string;
}

export interface PaymentItemRow {
  orderId: string;
  itemNo: number;
  personId: string;
  benefitYear: number;
  standardFen: number;
  dueFen: number;
  /** The server's quote at ordering time, as JSON: what the ledger posts when the order succeeds. */
  quote: string;
  live: boolean;
}

export interface PaymentEventRow {
  orderId: string;
  fromState: OrderStateName | null;
  toState: OrderStateName;
  cause: string;
  at: string;
}

export interface OrderTransition {
  orderId: string;
  from: readonly OrderStateName[];
  to: OrderStateName;
  cause: string;
  at: string;
  patch?: Partial<Pick<PaymentOrderRow, 'prepayId' | 'channelTxnId' | 'failure' | 'paidAt' | 'heldAt' | 'paidOutAt'>>;
}

export type RefundStateName = 'PENDING' | 'UNKNOWN' | 'SUCCESS' | 'FAILED';

export interface RefundRow {
  /** Also WeChat's out_refund_no: generated and stored before the refund call. */
  refundId: string;
  orderId: string;
  personId: string;
  benefitYear: number;
  reason: string;
  requestedBy: string;
  accountFen: number;
  wechatFen: number;
  state: RefundStateName;
  channelRefundId: string | null;
  failure: string | null;
  createdAt: string;
  updatedAt: string;
  refundedAt?: string | null;
  /** When fund staff recorded paying a FAILED refund's WeChat part another way (reconciliation/payOut.ts). */
  paidOutAt?: string | null;
  /** The part of `accountFen` that goes back to 零存整缴 savings rather than the personal account; 0 when absent. */
  savingsFen?: number;
  /** The rules engine's explanation given when the refund was decided, shown again on later views. */
  message?: string | null;
}

export type ReconciliationStatus = 'MATCHED' | 'MISSING_ON_OUR_SIDE' | 'MISSING_ON_CHANNEL_SIDE' | 'AMOUNT_MISMATCH' | 'STATUS_MISMATCH';

/** Whose statement a report reconciles: WeChat Pay's trade bill or the partner bank's statement. */
export type ReconciliationChannel = 'wechatpay' | 'bank';

export interface ReconciliationLine {
  billDate: string;
  /** WeChat: payment, refund. Bank: debit (auto-renewal), deposit (savings), advance and repayment (credit). */
  kind: 'payment' | 'refund' | 'debit' | 'deposit' | 'advance' | 'repayment';
  /** Our number (out_trade_no, out_refund_no, out_debit_no...); `bank:<bank's number>` for a bank-counter repayment. */
  ref: string;
  status: ReconciliationStatus;
  ourFen: number | null;
  channelFen: number | null;
  detail: string;
  checkedAt: string;
}

/**
 * One movement we booked as done at the bank: an auto-renewal debit (at its order's paidAt, the bank's finish
 * time), a savings deposit, a credit advance (its paidAt) or a repayment (when we learned it succeeded).
 */
export interface BankMovementRow {
  kind: 'debit' | 'deposit' | 'advance' | 'repayment';
  /** Our out_debit_no / out_advance_no / out_repayment_no. */
  ref: string;
  amountFen: number;
  at: string;
}

/** A debit that succeeded, at its order's paidAt (the channel's finish time, the clock its statement is cut by). */
export interface PaidDebitRow {
  debitId: string;
  orderId: string;
  amountFen: number;
  paidAt: string;
}

export type AgreementState = 'SIGNING' | 'ACTIVE' | 'PAUSED' | 'CANCELLED' | 'FAILED';

export interface AgreementRow {
  agreementId: string;
  kind: 'auto-renew';
  signerPersonId: string;
  signerOpenid: string;
  /** Whose premium the agreement pays: the signer or a verified relative. */
  personId: string;
  channel: 'bank' | 'wechat';
  /** Our contract number (bank out_contract_no, WeChat out_contract_code), stored before the signing call. */
  contractNo: string;
  accountMasked: string;
  state: AgreementState;
  live: boolean;
  createdAt: string;
  updatedAt: string;
  /** The cause of its move to CANCELLED or FAILED (as its event records it), so its card can say why; absent while it lives. */
  endCause?: string;
}

export type DebitState = 'INIT' | 'PENDING' | 'UNKNOWN' | 'SUCCESS' | 'FAILED';

export interface DebitRow {
  /** Also the bank's out_debit_no. */
  debitId: string;
  agreementId: string;
  /** The benefit year the debit pays, as text: one live attempt per (agreement, period). */
  periodKey: string;
  attempt: number;
  amountFen: number;
  /** The payment order that books the money when the debit succeeds. */
  orderId: string;
  state: DebitState;
  failure: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NoticeRow {
  noticeId: string;
  personId: string;
  openid: string;
  /** e.g. debit.upcoming, debit.failed; with `ref`, unique: a notice is sent once. */
  kind: string;
  ref: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface StoreOps extends CreditStoreOps, SavingsStoreOps, BulkStoreOps, ContractEndStoreOps {
  getAccount(openid: string): Promise<AccountRow | null>;
  /** Creates the account if it is missing; returns the stored one either way. */
  ensureAccount(row: AccountRow): Promise<AccountRow>;
  /** Binds a person to an account; UniqueViolation('account_person') if another account has them. */
  bindAccountPerson(openid: string, personId: string): Promise<void>;
  findAccountByPerson(personId: string): Promise<AccountRow | null>;

  getPerson(personId: string): Promise<PersonRow | null>;
  findPersonByIdHash(idHash: string): Promise<PersonRow | null>;
  /** UniqueViolation('person_id_hash') when the ID number is already stored. */
  insertPerson(row: PersonRow): Promise<void>;

  getRegistry(idHash: string): Promise<RegistryRow | null>;
  upsertRegistry(rows: RegistryRow[]): Promise<void>;

  listLinks(ownerPersonId: string): Promise<LinkRow[]>;
  getLink(linkId: string): Promise<LinkRow | null>;
  /** UniqueViolation('link_owner_relative') for a second link between the same two people. */
  insertLink(row: LinkRow): Promise<void>;
  deleteLink(linkId: string): Promise<void>;

  listEnrollments(personIds: string[]): Promise<EnrollmentRow[]>;
  /** The person-years whose enrollment ended and stays ended, ordered by person and year: a suspended year is one. */
  listEndedEnrollments(personIds: string[]): Promise<EndedEnrollmentRow[]>;
  /** UniqueViolation('enrollment_person_year') when the person-year is already enrolled. */
  insertEnrollment(row: EnrollmentRow): Promise<void>;

  /** Enrolled persons per benefit year, for the daily snapshot staff compare against the D18 targets. */
  countEnrollmentsByYear(): Promise<Record<number, number>>;

  /** Ends an enrollment (refund, suspension): it no longer counts as enrolled. Returns false if none was active. */
  endEnrollment(personId: string, benefitYear: number, reason: string, at: string): Promise<boolean>;
  /**
   * Takes up a suspended enrollment again (`suspended:` reason), adding the gap to `liftedSuspensions`. False when the
   * person-year is not suspended (enrolled, refunded, or never there).
   */
  restoreEnrollment(personId: string, benefitYear: number, gap: LiftedSuspension): Promise<boolean>;

  appendAudit(row: AuditRow): Promise<void>;
  listAudit(subjectPersonId: string): Promise<AuditRow[]>;

  /**
   * Records a double-entry transfer once per (kind, ref): 'replayed' when the same transfer is already there.
   * Throws LedgerRuleViolation (unbalanced, or the key reused with other legs) or InsufficientBalance (an
   * account would go below its floor); nothing is written then.
   */
  postTransfer(t: TransferInput): Promise<'recorded' | 'replayed'>;
  balanceOf(accountId: string): Promise<number>;
  /** Verifies the ledger's invariants over the whole store. */
  ledgerCheck(): Promise<LedgerReport>;

  /** UniqueViolation('payment_item_live') when a person-year already has a live order. */
  insertOrder(order: PaymentOrderRow, items: PaymentItemRow[]): Promise<void>;
  getOrder(orderId: string): Promise<{ order: PaymentOrderRow; items: PaymentItemRow[] } | null>;
  findLiveOrder(personId: string, benefitYear: number): Promise<PaymentOrderRow | null>;
  /** The cash (counter) order recorded under this request hash (a paper receipt's number), if any. */
  findCounterOrder(requestHash: string): Promise<PaymentOrderRow | null>;
  /**
   * Compare-and-set: moves the order to `to` only from one of `from`, records the event, and frees the items
   * when the order fails. Returns false (and changes nothing) when the order was not in `from`.
   */
  transitionOrder(t: OrderTransition): Promise<boolean>;
  /** WeChat Pay orders in `states` last touched before `updatedBefore`, oldest first: the janitor's work list. */
  listOrdersToSettle(states: readonly OrderStateName[], updatedBefore: string, limit: number): Promise<PaymentOrderRow[]>;
  listOrdersOfPayer(payerPersonId: string, limit: number): Promise<PaymentOrderRow[]>;
  /** FAILED orders holding money WeChat took that nobody has paid out by another route yet (heldAt), oldest first. */
  listHeldOrders(limit: number): Promise<PaymentOrderRow[]>;
  listOrderEvents(orderId: string): Promise<PaymentEventRow[]>;
  /** True the first time (channel, event id) is seen: a re-delivered callback is handled once. */
  recordNotification(channel: string, eventId: string, ref: string, at: string): Promise<boolean>;
  /** True the first time (channel, nonce) is seen: a replayed signed message is refused. */
  rememberNonce(channel: string, nonce: string, timestampS: number): Promise<boolean>;

  /** Frees one paid item so the person-year can be paid again after a refund. */
  freeOrderItem(orderId: string, personId: string, benefitYear: number): Promise<void>;
  /** UniqueViolation('refund_item') when that paid person-year already has a refund. */
  insertRefund(row: RefundRow): Promise<void>;
  getRefund(refundId: string): Promise<RefundRow | null>;
  findRefund(orderId: string, personId: string, benefitYear: number): Promise<RefundRow | null>;
  /** Compare-and-set, like transitionOrder. */
  transitionRefund(t: { refundId: string; from: readonly RefundStateName[]; to: RefundStateName; at: string; patch?: Partial<Pick<RefundRow, 'channelRefundId' | 'failure' | 'refundedAt' | 'paidOutAt'>> }): Promise<boolean>;
  /** SUCCESS orders with a WeChat leg whose paidAt falls in [from, to): our side of a statement day. */
  listOrdersPaidBetween(from: string, to: string): Promise<PaymentOrderRow[]>;
  listRefundsPaidBetween(from: string, to: string): Promise<RefundRow[]>;
  /** Replaces the (channel, day) reconciliation report; the channel is WeChat Pay when left out. */
  saveReconciliation(billDate: string, lines: ReconciliationLine[], channel?: ReconciliationChannel): Promise<void>;
  listReconciliation(billDate: string, channel?: ReconciliationChannel): Promise<ReconciliationLine[]>;
  /** What we booked as moved through the bank in [from, to): our side of a bank statement day (read only). */
  listBankMovementsBetween(from: string, to: string): Promise<BankMovementRow[]>;
  /** Debits paid in [from, to) through WeChat's 委托代扣 (their orders' channel 'papay'): on WeChat's trade bill (read only). */
  listPapayDebitsPaidBetween(from: string, to: string): Promise<PaidDebitRow[]>;
  listRefundsToSettle(states: readonly RefundStateName[], updatedBefore: string, limit: number): Promise<RefundRow[]>;
  /** FAILED refunds with a WeChat part nobody has paid out by another route yet, oldest first: 待人工处理款项. */
  listHeldRefunds(limit: number): Promise<RefundRow[]>;
  listRefundsRequestedBy(openid: string, limit: number): Promise<RefundRow[]>;

  /** UniqueViolation('agreement_live') when the person already has a live agreement of that kind. */
  insertAgreement(row: AgreementRow): Promise<void>;
  getAgreement(agreementId: string): Promise<AgreementRow | null>;
  /**
   * getAgreement for a transaction about to act on the agreement (the deduction batch): a change to it committed by
   * anyone else meanwhile conflicts with that transaction, which then runs again and sees it. SQLite's single writer
   * gives this already; on CloudBase (snapshot isolation, write locks only) the agreement is written back.
   */
  lockAgreement(agreementId: string): Promise<AgreementRow | null>;
  findAgreementByContract(contractNo: string): Promise<AgreementRow | null>;
  listAgreementsSignedBy(signerPersonId: string): Promise<AgreementRow[]>;
  /** The person's live agreement of this kind (SIGNING, ACTIVE or PAUSED), whoever signed it; null when none. */
  findLiveAgreement(personId: string, kind: AgreementRow['kind']): Promise<AgreementRow | null>;
  /** Compare-and-set; a final state (CANCELLED, FAILED) frees the person for a new agreement. */
  transitionAgreement(t: { agreementId: string; from: readonly AgreementState[]; to: AgreementState; cause: string; at: string }): Promise<boolean>;
  /** ACTIVE agreements in id order after `afterId`: the deduction batch's cursor. */
  listActiveAgreements(afterId: string, limit: number): Promise<AgreementRow[]>;
  /** SIGNING agreements in id order after `afterId`: signings whose answer was lost, for the timer to settle. */
  listSigningAgreements(afterId: string, limit: number): Promise<AgreementRow[]>;
  /** UniqueViolation('debit_live') when the (agreement, period) already has a live or paid debit. */
  insertDebit(row: DebitRow): Promise<void>;
  getDebit(debitId: string): Promise<DebitRow | null>;
  listDebits(agreementId: string, periodKey: string): Promise<DebitRow[]>;
  transitionDebit(t: { debitId: string; from: readonly DebitState[]; to: DebitState; at: string; failure?: string }): Promise<boolean>;
  listDebitsToSettle(states: readonly DebitState[], updatedBefore: string, limit: number): Promise<DebitRow[]>;
  /** True when the notice was new; a notice with the same (kind, ref) is never sent twice. */
  insertNotice(row: NoticeRow): Promise<boolean>;
  listNotices(openid: string, limit: number): Promise<NoticeRow[]>;
  findNotice(kind: string, ref: string): Promise<NoticeRow | null>;

  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
}

export interface Store extends StoreOps {
  readonly kind: 'sqlite' | 'cloudbase';
  /** Runs `work` atomically: all its writes land or none do. Do no external calls inside. */
  transaction<T>(work: (tx: StoreOps) => Promise<T>): Promise<T>;
  /** The schema version after migrations ran (SQLite) or the collections were checked (CloudBase). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
