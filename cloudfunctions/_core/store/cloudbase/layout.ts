/**
 * How the port's rows are laid out in CloudBase's document database.
 *
 * CloudBase has no secondary unique indexes we can rely on from code, and its transactions accept only
 * single-document operations (doc get/set/remove and add; no `where`). So every unique key of the port is
 * a document `_id`, and every list a service may read inside a transaction is an index document holding the
 * ids in order. Writing the row, its key documents and its index document in one transaction makes two
 * concurrent writers touch the same document, which CloudBase resolves by failing one of them.
 *
 * What the layouts below rely on from CloudBase's transactions (transaction.ts; docs.cloudbase.net, database
 * transactions): snapshot reads plus the transaction's own writes; a write lock per document, so a second
 * transaction writing a locked or since-changed document fails with DATABASE_TRANSACTION_CONFLICT (we retry
 * it whole); single-document operations only, so a transaction cannot query (lists read inside one are index
 * or key documents: link_owners, enrollment_years, debit_periods, savings_deposit_slots, savings_sweep_persons);
 * and a lifetime of 30 seconds, which bounds how much one transaction may do: one row with its keys, or one
 * page of the deduction batch (index.ts), never a whole report (reconciliation writes its lines outside a
 * transaction and publishes them with one pointer document). Compare-and-set transitions run in a
 * transaction too: a read, a check and a whole-document write are only atomic because a concurrent writer
 * of the same document fails. Documents are MongoDB documents (16 MB at most), so nothing unbounded is
 * embedded: an order's items and events, an agreement's or plan's events, a day snapshot's enterprises are.
 */
export const COLLECTIONS = {
  /** `_id` = openid. */
  accounts: 'accounts',
  /** `_id` = personId, `{ openid }`: at most one account per person (constraint account_person). */
  accountPersons: 'account_persons',
  /** `_id` = personId. */
  persons: 'persons',
  /** `_id` = idHash, `{ personId }`: one person per ID number (constraint person_id_hash). */
  personIdHashes: 'person_id_hashes',
  /** `_id` = idHash. */
  registry: 'registry',
  /** `_id` = linkId. */
  links: 'person_links',
  /** `_id` = `${owner}:${relative}`, `{ linkId }` (constraint link_owner_relative). */
  linkPairs: 'link_pairs',
  /** `_id` = owner personId, `{ linkIds }` in creation order: listLinks without a query. */
  linkOwners: 'link_owners',
  /** `_id` = `${personId}:${benefitYear}` (constraint enrollment_person_year). */
  enrollments: 'enrollments',
  /** `_id` = personId, `{ years }`: listEnrollments without a query, and the document concurrent enrolments collide on. */
  enrollmentYears: 'enrollment_years',
  /** `_id` = an order key (see audit.ts); listed by a query on subjectPersonId, ordered by `orderKey`. */
  audit: 'audit_log',
  /**
   * `_id` = `${kind}:${ref}` (one transfer per business operation), legs embedded: a transfer is written
   * once and never changed, so its postings need no documents of their own.
   */
  ledgerTransfers: 'ledger_transfers',
  /**
   * `_id` = ledger account id: the running balance of each account that has a floor (a person's own
   * money), updated in the transfer's transaction so the floor check and the write cannot interleave.
   * Accounts without a floor (channel clearing, funds, city finance) have no balance document: every
   * payment would otherwise contend on, say, the WeChat Pay clearing account; their balance is summed
   * from postings when asked.
   */
  ledgerBalances: 'ledger_balances',
  /** `_id` = meta key, `{ value }`; also holds the schema version. */
  meta: 'meta',

  // Payments (payments.ts). Lists nobody reads inside a transaction are queries on `ns` plus the fields named.
  /**
   * `_id` = orderId: the order with its items and its events embedded. Items never change after the order is
   * created except their `live` flag, and an order sees a handful of events, so neither needs documents of
   * its own; every transition rewrites this one document, which is what makes two transitions collide.
   * Queried by (payerPersonId, createdAt), (channel, state, updatedAt), (state, channel, paidAt) and, for
   * 待人工处理款项, (heldAt, paidOutAt, orderId).
   */
  orders: 'payment_orders',
  /** `_id` = `${personId}:${benefitYear}`, `{ orderId }` while an item of that order holds it (constraint payment_item_live). */
  liveOrderItems: 'payment_live_items',
  /** `_id` = requestHash of a cash (counter) order, `{ orderId }`: one order per receipt (constraint counter_receipt). */
  counterReceipts: 'payment_counter_receipts',
  /** `_id` = `${channel}:${eventId}`: a delivered callback, written once. */
  notifications: 'channel_notifications',
  /** `_id` = `${channel}:${nonce}`: a signed message's nonce, written once. */
  nonces: 'channel_nonces',
  /**
   * `_id` = refundId; queried by (state, updatedAt), (requestedBy, createdAt), (state, refundedAt) and, for
   * 待人工处理款项, (state, wechatFen, paidOutAt, updatedAt, refundId).
   */
  refunds: 'refunds',
  /** `_id` = `${orderId}:${personId}:${benefitYear}`, `{ refundId }`: one refund per paid item (constraint refund_item). */
  refundItems: 'refund_items',
  /**
   * `_id` = `${channel}:${billDate}`, `{ run }`: which run's lines make up the day's report. A report can hold
   * tens of thousands of lines, more than fits one document (16 MB) or one transaction (30 s), so a save
   * writes its lines under a new run and then flips this pointer: readers see the old report or the new one.
   */
  reconciliationReports: 'reconciliation_reports',
  /** `_id` = `${channel}:${billDate}:${run}:${kind}:${ref}`; queried by (channel, billDate, run). */
  reconciliationLines: 'reconciliation_lines',

  // Scheduled debits (agreements.ts).
  /** `_id` = agreementId, events embedded; queried by (signerPersonId, createdAt) and (state, agreementId). */
  agreements: 'agreements',
  /** `_id` = contractNo, `{ agreementId }` (our out_contract_no is unique). */
  agreementContracts: 'agreement_contracts',
  /** `_id` = `${personId}:${kind}`, `{ agreementId }` while the agreement is live (constraint agreement_live). */
  liveAgreements: 'agreement_live',
  /** `_id` = debitId; queried by (state, updatedAt) and (state, orderId). */
  debits: 'debits',
  /**
   * `_id` = `${agreementId}:${periodKey}`, `{ debitIds, liveDebitId }`: the period's attempts in order and the
   * one live or paid attempt (constraint debit_live). Every debit write of the period touches it.
   */
  debitPeriods: 'debit_periods',
  /** `_id` = `${kind}:${ref}`: a notice is its own unique key (sent once); queried by (openid, createdAt). */
  notices: 'notices',

  // Credit enrollment (credit.ts).
  /** `_id` = advanceId; queried by (personId), (state, updatedAt), (state, advanceId) and (paidAt). */
  creditAdvances: 'credit_advances',
  /** `_id` = `${personId}:${benefitYear}`, `{ advanceId }` while live (constraint credit_advance_live). */
  liveCreditAdvances: 'credit_advance_live',
  /**
   * `_id` = repaymentId; queried by (advanceId, createdAt), (state, updatedAt), (channel, collectedAt), (channel,
   * refundedAt) and, for 待人工处理款项, (state, paidOutAt, updatedAt, repaymentId).
   */
  creditRepayments: 'credit_repayments',
  /** `_id` = advanceId, `{ repaymentId }` while a repayment is open (OPEN_REPAYMENT_STATES; constraint credit_repayment_open). */
  openCreditRepayments: 'credit_repayment_open',
  /** `_id` = `${advanceId}:${kind}`: one entry per (advance, kind); queried by (personId, recordedAt). */
  creditRecords: 'credit_records',

  // Savings (savings.ts).
  /** `_id` = planId, events embedded; queried by (personId, createdAt) and (state, planId). */
  savingsPlans: 'savings_plans',
  /** `_id` = contractNo, `{ planId }`. */
  savingsPlanContracts: 'savings_plan_contracts',
  /** `_id` = personId, `{ planId }` while the plan is live (constraint savings_plan_live). */
  liveSavingsPlans: 'savings_plan_live',
  /** `_id` = depositId; queried by (planId, createdAt), (state, updatedAt). */
  savingsDeposits: 'savings_deposits',
  /** `_id` = `${planId}:${slot}`, `{ depositIds, liveDepositId }`, as debit_periods (constraint savings_deposit_live). */
  savingsDepositSlots: 'savings_deposit_slots',
  /** `_id` = withdrawalId; queried by (personId, createdAt). */
  savingsWithdrawals: 'savings_withdrawals',
  /** `_id` = orderId (one sweep per order). */
  savingsSweeps: 'savings_sweeps',
  /** `_id` = personId, `{ orderIds }`: the sweep service reads a person's sweeps inside its transaction. */
  savingsSweepPersons: 'savings_sweep_persons',
  /** `_id` = paymentId: employee insurance months paid from savings. */
  employeeContributions: 'employee_contributions',
  /**
   * `_id` = personId, `{ paymentIds, months }`: the months paid (constraint employee_contribution_month), read by
   * the sweep inside its transaction.
   */
  employeeContributionPersons: 'employee_contribution_persons',
  /**
   * `_id` = `${channel}:${contractNo}`, `open` while unconfirmed; queried by (open, requestedAt) (contractEnds.ts).
   */
  contractEnds: 'contract_ends',
  /** `_id` = personId; queried by ns only (the per-enterprise count reads them all). */
  gigWorkers: 'gig_workers',
  /** `_id` = `${snapshotDate}:${benefitYear}`, rows embedded (one per enterprise); queried by (benefitYear, snapshotDate). */
  enterpriseSnapshots: 'enterprise_snapshots',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

export const ALL_COLLECTIONS: CollectionName[] = Object.values(COLLECTIONS);

/**
 * The layout version this code writes. Raise it with a note here when the layout changes; `schemaVersion()`
 * records it in the meta collection so an older deployment can see it is behind.
 * 1: identity, registry, links, enrollments, audit, ledger, meta.
 * 2: payments, refunds, reconciliation, agreements, debits, notices, credit, savings; enrollments may carry
 *    `endedAt` (an ended enrollment no longer counts and may be taken up again).
 * 3: contract_ends (termination requests kept open until the channel confirms them).
 * 4: savings plans may carry `target`; employee_contributions and employee_contribution_persons (employee insurance months paid from savings).
 * 5: credit repayments carry `channel` (bank / wechatpay) and the WeChat leg (prepayId, channelTxnId, collectedAt,
 *    refundedAt); new states PENDING, COLLECTED, REFUNDING, REFUNDED, MANUAL; PENDING and COLLECTED hold the
 *    credit_repayment_open key too. Code of version 4 cannot read such rows.
 * 6: refunds and credit repayments may carry `paidOutAt` (fund staff paid the money out by another route); a
 *    missing one reads as null. Code of version 5 reads such rows but would drop the field when it moves them.
 * 7: payment orders may carry `heldAt` (WeChat took money for them that could not be booked) and `paidOutAt`;
 *    both absent on every other order. Code of version 6 reads such orders but would drop both when it moves them.
 * 8: enrollments may carry `lastSuspension` { from, restoredOn } (a suspended year restored at the counter). Code of
 *    version 7 reads them but would drop it when it ends or restores the year.
 * 9: enrollments carry `liftedSuspensions` [{ from, restoredOn }], every suspension lifted, instead of `lastSuspension`
 *    (read as a list of one, and replaced when the year is next restored). Code of version 8 reads such years as never
 *    restored.
 */
export const LAYOUT_VERSION = 9;

/** The meta document holding the layout version; a name services' meta keys will not use. */
export const SCHEMA_VERSION_KEY = '__schema_version';

export const linkPairId = (owner: string, relative: string) => `${owner}:${relative}`;
export const enrollmentId = (personId: string, benefitYear: number) => `${personId}:${benefitYear}`;
export const transferKey = (kind: string, ref: string) => `${kind}:${ref}`;
/**
 * Joins the parts of a composite key. Only the last part may contain `:` (a notice's ref, a savings slot such
 * as `topup:2027`, a bank reference `bank:…`); ids, years, channels and kinds never do, so keys stay unambiguous.
 */
export const keyOf = (...parts: Array<string | number>) => parts.join(':');
