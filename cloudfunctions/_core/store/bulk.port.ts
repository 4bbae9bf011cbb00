/**
 * Page-sized store operations, merged into StoreOps (port.ts). The deduction batch walks up to a million
 * agreements; asking the store one row at a time costs it a round trip (and in SQLite a statement step)
 * per row, which is most of the batch's time. These take and return whole pages; each means exactly what
 * the single-row operation of the same name means, row by row, in the order given. Reads and returned ids
 * come in no particular order: callers index them.
 */
import type { TransferInput } from '../ledger/transfer';
import type { AgreementRow, AuditRow, DebitRow, DebitState, EnrollmentRow, NoticeRow, OrderTransition, PaymentItemRow, PaymentOrderRow, PersonRow, RegistryRow } from './port';

export interface DebitTransitions {
  debitIds: readonly string[];
  from: readonly DebitState[];
  to: DebitState;
  at: string;
  failure?: string;
}

export interface BulkStoreOps {
  /** lockAgreement for each (port.ts): the agreements a page's write transaction is about to debit. */
  lockAgreements(agreementIds: readonly string[]): Promise<AgreementRow[]>;
  getPersons(personIds: readonly string[]): Promise<PersonRow[]>;
  getRegistries(idHashes: readonly string[]): Promise<RegistryRow[]>;
  /** Every debit of these agreements for the period, ordered by agreement and attempt. */
  listDebitsOf(agreementIds: readonly string[], periodKey: string): Promise<DebitRow[]>;
  findNotices(kind: string, refs: readonly string[]): Promise<NoticeRow[]>;
  /** The live order items of these people for the year: a person-year held by any order, paid or open. */
  listLiveItems(personIds: readonly string[], benefitYear: number): Promise<PaymentItemRow[]>;

  /** insertNotice for each; returns the ids of the notices that were new. */
  insertNotices(rows: readonly NoticeRow[]): Promise<string[]>;
  /** insertOrder for each (UniqueViolation('payment_item_live') fails the whole call). */
  insertOrders(orders: readonly { order: PaymentOrderRow; items: PaymentItemRow[] }[]): Promise<void>;
  /** insertDebit for each (UniqueViolation('debit_live') fails the whole call). */
  insertDebits(rows: readonly DebitRow[]): Promise<void>;
  /** transitionDebit for each id with the same move; returns the ids that moved. */
  transitionDebits(t: DebitTransitions): Promise<string[]>;
  /** transitionOrder for each; returns the ids of the orders that moved. */
  transitionOrders(ts: readonly OrderTransition[]): Promise<string[]>;
  /** postTransfer for each; a throw (floor, reused key) means the caller's transaction must not commit. */
  postTransfers(ts: readonly TransferInput[]): Promise<('recorded' | 'replayed')[]>;
  /** insertEnrollment for each; returns the rows that were already enrolled (and so were not written). */
  insertEnrollments(rows: readonly EnrollmentRow[]): Promise<EnrollmentRow[]>;
  appendAudits(rows: readonly AuditRow[]): Promise<void>;
}
