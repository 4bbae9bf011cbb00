/**
 * The store operations of the credit feature (信用参保, D16), merged into StoreOps (port.ts). Owned by that
 * feature: its rows, its unique keys, its documentation.
 */

/**
 * A bank advance's life on our side:
 *
 *   INIT ──bank paid──▶ PAID ──due date passed unpaid──▶ OVERDUE ──repaid──▶ REPAID
 *     │ ╲                 └──────────repaid on time──────────────────────────▲
 *     │  ╲ timeout / 5xx
 *     │   ▼
 *     │  UNKNOWN ──settled by query──▶ PAID | REFUSED | FAILED
 *     └──credit refused──▶ REFUSED;  refused request (4xx) / never reached the bank──▶ FAILED
 *
 * REFUSED and FAILED free the person-year (`live` 0): the person may pay another way.
 */
export type CreditAdvanceState = 'INIT' | 'UNKNOWN' | 'PAID' | 'OVERDUE' | 'REPAID' | 'REFUSED' | 'FAILED';

export interface CreditAdvanceRow {
  /** Also the bank's out_advance_no: generated and stored before the advance call. */
  advanceId: string;
  /** Whose premium the bank pays: the signer or a verified relative. */
  personId: string;
  benefitYear: number;
  signerPersonId: string;
  signerOpenid: string;
  /** The payment order (channel 'bank') that holds the person-year and books the premium when the bank pays. */
  orderId: string;
  amountFen: number;
  /** Asia/Shanghai dates: the agreement day and the last interest-free day. */
  signDate: string;
  dueDate: string;
  state: CreditAdvanceState;
  /** 1 while the advance may still be (or was) paid: one per person and benefit year. */
  live: boolean;
  bankAdvanceId: string | null;
  failure: string | null;
  paidAt: string | null;
  overdueAt: string | null;
  /** The Asia/Shanghai day the advance was repaid in full: benefits resume the day after (D16). */
  repaidDate: string | null;
  /**
   * What the bank last told us was repaid, through us or at its own counter; amountFen − repaidFen is still owed.
   * Only ever grows. A repayment at the counter may be partial and no notification tells of it: we learn it when
   * we ask about the advance (before a reminder, before a repayment, when its statement line is reconciled).
   */
  repaidFen: number;
  createdAt: string;
  updatedAt: string;
}

export type CreditAdvancePatch = Partial<Pick<CreditAdvanceRow, 'bankAdvanceId' | 'failure' | 'paidAt' | 'overdueAt' | 'repaidDate' | 'orderId' | 'repaidFen'>>;

/**
 * A repayment of an advance, by one of two ways (pilot §三(二) "由个人按约定偿还"; issue 5: "repayment by WeChat Pay or bank"):
 *
 *   bank:      INIT ──bank's answer──▶ SUCCESS | FAILED;  timeout / 5xx ──▶ UNKNOWN ──settled by query──▶ SUCCESS | FAILED
 *   wechatpay: INIT ──sheet opened──▶ PENDING ──paid at WeChat──▶ COLLECTED ──remitted to the bank──▶ SUCCESS
 *                │                      └──closed / expired unpaid──▶ FAILED
 *                └──WeChat refused the order (or never had it)──▶ FAILED
 *              COLLECTED ──the bank refused the remittance──▶ REFUNDING ──WeChat refunded──▶ REFUNDED
 *              PENDING (paid, but not the amount asked) / REFUNDING (WeChat ended the refund unpaid) ──▶ MANUAL
 *
 * MANUAL: money whose path code cannot finish; fund staff settle it (the audit trail and the logs say which).
 * INIT, PENDING, UNKNOWN and COLLECTED are open: one per advance, so a second tap never pays twice. COLLECTED
 * holds the person's money until the bank has it (the credit-remittance ledger account).
 */
export type CreditRepaymentState = 'INIT' | 'PENDING' | 'UNKNOWN' | 'COLLECTED' | 'SUCCESS' | 'FAILED' | 'REFUNDING' | 'REFUNDED' | 'MANUAL';
export const OPEN_REPAYMENT_STATES = ['INIT', 'PENDING', 'UNKNOWN', 'COLLECTED'] as const satisfies readonly CreditRepaymentState[];

export type CreditRepaymentChannel = 'bank' | 'wechatpay';

export interface CreditRepaymentRow {
  /** Also the bank's out_repayment_no, and for WeChat Pay the out_trade_no and out_refund_no: stored before any call. */
  repaymentId: string;
  advanceId: string;
  amountFen: number;
  /** The openid that asked for the repayment (for WeChat Pay, the payer of the sheet). */
  requestedBy: string;
  /** bank: the bank collects from the borrower; wechatpay: we collect by WeChat Pay and remit to the bank. */
  channel: CreditRepaymentChannel;
  state: CreditRepaymentState;
  failure: string | null;
  /** WeChat Pay only: the sheet's prepay_id, WeChat's transaction_id, when WeChat took the money and when it went back. */
  prepayId: string | null;
  channelTxnId: string | null;
  collectedAt: string | null;
  refundedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** When fund staff recorded paying a MANUAL repayment's money back another way (reconciliation/payOut.ts). */
  paidOutAt?: string | null;
}

export type CreditRepaymentPatch = Partial<Pick<CreditRepaymentRow, 'failure' | 'prepayId' | 'channelTxnId' | 'collectedAt' | 'refundedAt' | 'paidOutAt'>>;

/** One entry of the 医保信用档案: pilot §三(二) "逾期未还款的，记入个人征信和医保信用档案". */
export interface CreditRecordRow {
  recordId: string;
  personId: string;
  advanceId: string;
  kind: 'advance-overdue';
  detail: string;
  recordedAt: string;
  /** When the obligation behind the entry was met (the advance repaid); the entry itself stays. */
  resolvedAt: string | null;
}

export interface CreditStoreOps {
  /** UniqueViolation('credit_advance_live') when the person-year already has a live advance. */
  insertCreditAdvance(row: CreditAdvanceRow): Promise<void>;
  getCreditAdvance(advanceId: string): Promise<CreditAdvanceRow | null>;
  /** Every advance of these people, newest first. */
  listCreditAdvances(personIds: string[]): Promise<CreditAdvanceRow[]>;
  /**
   * Compare-and-set: moves the advance to `to` only from one of `from`, applying the patch; REFUSED and FAILED
   * free the person-year. Returns false (and changes nothing) when the advance was not in `from`.
   */
  transitionCreditAdvance(t: { advanceId: string; from: readonly CreditAdvanceState[]; to: CreditAdvanceState; at: string; patch?: CreditAdvancePatch }): Promise<boolean>;
  /** Advances in `states` last touched before `updatedBefore`, oldest first: answers still to ask the bank for. */
  listCreditAdvancesToSettle(states: readonly CreditAdvanceState[], updatedBefore: string, limit: number): Promise<CreditAdvanceRow[]>;
  /** Advances in `states` in id order after `afterId`: the reminder job's cursor. */
  listCreditAdvancesInStates(states: readonly CreditAdvanceState[], afterId: string, limit: number): Promise<CreditAdvanceRow[]>;

  /** UniqueViolation('credit_repayment_open') while another repayment of the advance is open (OPEN_REPAYMENT_STATES). */
  insertCreditRepayment(row: CreditRepaymentRow): Promise<void>;
  getCreditRepayment(repaymentId: string): Promise<CreditRepaymentRow | null>;
  listCreditRepayments(advanceId: string): Promise<CreditRepaymentRow[]>;
  /** Compare-and-set, as for advances; `failure` and the patch's fields are set when given. */
  transitionCreditRepayment(t: { repaymentId: string; from: readonly CreditRepaymentState[]; to: CreditRepaymentState; at: string; failure?: string; patch?: CreditRepaymentPatch }): Promise<boolean>;
  /** Repayments in `states` (of one channel, when given) last touched before `updatedBefore`, oldest first. */
  listCreditRepaymentsToSettle(states: readonly CreditRepaymentState[], updatedBefore: string, limit: number, channel?: CreditRepaymentChannel): Promise<CreditRepaymentRow[]>;
  /** WeChat Pay repayments collected, or refunded, in [from, to): our side of a WeChat trade bill day (read only). */
  listWechatRepaymentsBetween(from: string, to: string): Promise<{ collected: CreditRepaymentRow[]; refunded: CreditRepaymentRow[] }>;
  /** MANUAL WeChat repayments nobody has paid back by another route yet, oldest first: 待人工处理款项. */
  listHeldCreditRepayments(limit: number): Promise<CreditRepaymentRow[]>;

  /** True when the entry is new: one entry per (advance, kind), however often the overdue is reported. */
  insertCreditRecord(row: CreditRecordRow): Promise<boolean>;
  /** Marks the advance's open entries resolved; returns how many. */
  resolveCreditRecords(advanceId: string, at: string): Promise<number>;
  listCreditRecords(personId: string): Promise<CreditRecordRow[]>;
}
