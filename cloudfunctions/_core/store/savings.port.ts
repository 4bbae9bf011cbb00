/**
 * The store operations of the savings feature (零存整缴, D17), merged into StoreOps (port.ts). Owned by that
 * feature: its rows, its unique keys, its documentation.
 */

/**
 * A gig worker's savings plan, one live per person:
 *
 *   SIGNING ──bank signed──▶ ACTIVE ⇄ PAUSED
 *      │                       │        │
 *      └─bank refused─▶ FAILED └──cancel / contract ended at the bank──▶ CANCELLED
 *
 * CANCELLED and FAILED free the person for a new plan; the savings stay theirs and remain withdrawable.
 */
export type SavingsPlanState = 'SIGNING' | 'ACTIVE' | 'PAUSED' | 'CANCELLED' | 'FAILED';

/** Weekly on an ISO weekday (1 = Monday … 7 = Sunday), or monthly on a day 1–28 (every month has it). */
export type DepositSchedule = { kind: 'weekly'; weekday: number } | { kind: 'monthly'; day: number };

/**
 * What a plan saves for (pilot §三(三)4: "以“零存整缴”的形式缴纳职工医保或居民医保费"): the next resident premium
 * (the default; a row without a target is one), or flexible-employment employee insurance contributions for
 * months the worker chose, at the monthly amount on their own contribution bill (their chosen base times the rate,
 * set by the collecting authority; we hold no table of it).
 */
export type SavingsTargetChoice = { kind: 'resident' } | { kind: 'employee-months'; months: string[]; monthlyFen: number };

export interface SavingsPlanRow {
  planId: string;
  personId: string;
  /** The worker's own account: the plan is for their own premium, never a relative's. */
  openid: string;
  /** Our out_contract_no at the bank, stored before the signing call. */
  contractNo: string;
  accountMasked: string;
  /** The per-debit limit agreed in the bank contract: no deposit or top-up may exceed it. */
  maxDebitFen: number;
  depositFen: number;
  schedule: DepositSchedule;
  /** The worker agreed to one extra debit of the shortfall near the end of the concentrated period. */
  topUp: boolean;
  /** Absent: the resident premium. */
  target?: SavingsTargetChoice;
  state: SavingsPlanState;
  live: boolean;
  /** The first Asia/Shanghai day whose scheduled deposit counts (the signing or resume day). */
  activeSince: string;
  createdAt: string;
  updatedAt: string;
}

export type SavingsDepositState = 'INIT' | 'PENDING' | 'UNKNOWN' | 'SUCCESS' | 'FAILED';

export interface SavingsDepositRow {
  /** Also the bank's out_debit_no: generated and stored before the debit call. */
  depositId: string;
  planId: string;
  personId: string;
  /** What the deposit is for: a scheduled date `YYYY-MM-DD`, or `topup:<benefit year>`; one live or paid per (plan, slot). */
  slot: string;
  kind: 'scheduled' | 'top-up';
  attempt: number;
  amountFen: number;
  state: SavingsDepositState;
  failure: string | null;
  bankDebitId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type SavingsWithdrawalState = 'REQUESTED' | 'PAID' | 'RETURNED';

export interface SavingsWithdrawalRow {
  /** Our payout number, stored (with the ledger transfer) before the payout is asked for. */
  withdrawalId: string;
  planId: string;
  personId: string;
  openid: string;
  amountFen: number;
  accountMasked: string;
  state: SavingsWithdrawalState;
  createdAt: string;
  updatedAt: string;
}

/** A premium paid from savings: the order that booked it. */
export interface SavingsSweepRow {
  orderId: string;
  planId: string;
  personId: string;
  benefitYear: number;
  amountFen: number;
  sweptAt: string;
}

/**
 * Flexible-employment employee insurance months paid from savings at once: the savings go to one ledger account
 * per month (`employee-contribution:<person>:<YYYY-MM>`), and a month is paid once per person.
 */
export interface EmployeeContributionRow {
  paymentId: string;
  planId: string;
  personId: string;
  /** `YYYY-MM`, ascending. */
  months: string[];
  monthlyFen: number;
  amountFen: number;
  paidAt: string;
}

/** The platforms the pilot names (§三(三)4: 快递员、平台外卖员、网约车司机), and other gig work. */
export type EnterpriseType = 'courier' | 'food-delivery' | 'ride-hailing' | 'other';

export interface GigWorkerRow {
  personId: string;
  /** Type and normalised name: the same company typed twice counts once. */
  enterpriseKey: string;
  enterpriseName: string;
  enterpriseType: EnterpriseType;
  recordedAt: string;
  updatedAt: string;
}

/** Workers recorded per enterprise and how many of them are enrolled for a benefit year. */
export interface EnterpriseCountRow {
  enterpriseKey: string;
  enterpriseName: string;
  enterpriseType: EnterpriseType;
  workers: number;
  enrolled: number;
}

export interface EnterpriseSnapshotRow extends EnterpriseCountRow {
  snapshotDate: string;
  benefitYear: number;
  takenAt: string;
}

export interface SavingsStoreOps {
  /** UniqueViolation('savings_plan_live') when the person already has a live plan. */
  insertSavingsPlan(row: SavingsPlanRow): Promise<void>;
  getSavingsPlan(planId: string): Promise<SavingsPlanRow | null>;
  /**
   * The plan as a write transaction about to take a deposit for it sees it, locked as lockAgreement locks an agreement
   * (port.ts): a pause or cancel committed meanwhile makes that transaction run again and see it.
   */
  lockSavingsPlan(planId: string): Promise<SavingsPlanRow | null>;
  findLiveSavingsPlan(personId: string): Promise<SavingsPlanRow | null>;
  findSavingsPlanByContract(contractNo: string): Promise<SavingsPlanRow | null>;
  /** Every plan of the person, newest first. */
  listSavingsPlans(personId: string): Promise<SavingsPlanRow[]>;
  /**
   * Compare-and-set: moves the plan to `to` only from one of `from` (recording the event); CANCELLED and FAILED
   * free the person. `activeSince` moves the first counted scheduled day (resume). False when not in `from`.
   */
  transitionSavingsPlan(t: { planId: string; from: readonly SavingsPlanState[]; to: SavingsPlanState; cause: string; at: string; activeSince?: string }): Promise<boolean>;
  /** Changes amount, schedule, top-up and target (absent: the resident premium) of a live plan; false when the plan is not live. */
  updateSavingsPlanTerms(t: { planId: string; depositFen: number; schedule: DepositSchedule; topUp: boolean; target?: SavingsTargetChoice; at: string }): Promise<boolean>;
  /** Plans in `states` in id order after `afterId`: the deposit run's cursor. */
  listSavingsPlansInStates(states: readonly SavingsPlanState[], afterId: string, limit: number): Promise<SavingsPlanRow[]>;

  /** UniqueViolation('savings_deposit_live') when the (plan, slot) already has a live or paid deposit. */
  insertSavingsDeposit(row: SavingsDepositRow): Promise<void>;
  getSavingsDeposit(depositId: string): Promise<SavingsDepositRow | null>;
  /** The plan's deposits (of one slot when given), oldest first. */
  listSavingsDeposits(planId: string, slot?: string): Promise<SavingsDepositRow[]>;
  transitionSavingsDeposit(t: { depositId: string; from: readonly SavingsDepositState[]; to: SavingsDepositState; at: string; failure?: string; bankDebitId?: string }): Promise<boolean>;
  /** Deposits in `states` last touched before `updatedBefore`, oldest first: answers still to ask the bank for. */
  listSavingsDepositsToSettle(states: readonly SavingsDepositState[], updatedBefore: string, limit: number): Promise<SavingsDepositRow[]>;

  insertSavingsWithdrawal(row: SavingsWithdrawalRow): Promise<void>;
  transitionSavingsWithdrawal(t: { withdrawalId: string; from: readonly SavingsWithdrawalState[]; to: SavingsWithdrawalState; at: string }): Promise<boolean>;
  /** The person's withdrawals, newest first. */
  listSavingsWithdrawals(personId: string): Promise<SavingsWithdrawalRow[]>;

  insertSavingsSweep(row: SavingsSweepRow): Promise<void>;
  /** The person's premiums paid from savings, newest first. */
  listSavingsSweeps(personId: string): Promise<SavingsSweepRow[]>;

  /** UniqueViolation('employee_contribution_month') when one of the months is already paid for the person. */
  insertEmployeeContribution(row: EmployeeContributionRow): Promise<void>;
  /** The person's employee insurance months paid from savings, newest first. */
  listEmployeeContributions(personId: string): Promise<EmployeeContributionRow[]>;

  /** Records (or changes) the worker's platform enterprise; the first recording time is kept. */
  upsertGigWorker(row: GigWorkerRow): Promise<void>;
  getGigWorker(personId: string): Promise<GigWorkerRow | null>;
  /**
   * Per enterprise: workers recorded, and those with an active enrollment for the year (any route). Employee insurance
   * months paid from savings do not count: they are insured once the employee insurance system has the money.
   */
  countEnterpriseEnrollment(benefitYear: number): Promise<EnterpriseCountRow[]>;
  /** Replaces the (day, year) snapshot: a second run on the same day overwrites the first. */
  saveEnterpriseSnapshot(snapshotDate: string, benefitYear: number, rows: EnterpriseCountRow[], takenAt: string): Promise<void>;
  /** Snapshots of the year with fromDate ≤ date ≤ toDate, by date then enterprise. */
  listEnterpriseSnapshots(benefitYear: number, fromDate: string, toDate: string): Promise<EnterpriseSnapshotRow[]>;
}
