import type Database from 'better-sqlite3';
import type {
  DepositSchedule,
  EnterpriseCountRow,
  EnterpriseSnapshotRow,
  EnterpriseType,
  GigWorkerRow,
  SavingsDepositRow,
  SavingsDepositState,
  SavingsPlanRow,
  SavingsPlanState,
  SavingsSweepRow,
  SavingsTargetChoice,
  EmployeeContributionRow,
  SavingsWithdrawalRow,
  SavingsWithdrawalState,
} from '../savings.port';
import type { Migration } from './migrations';
import { prepared } from './prepared';
import { unique } from './unique';

/** The savings feature's schema, applied in order with the others (see migrations.ts). */
export const SAVINGS_MIGRATIONS: Migration[] = [
  {
    version: 8,
    name: 'gig workers: savings plans, deposits, withdrawals, premiums paid from savings, platform enterprises (D17)',
    sql: `
      CREATE TABLE savings_plans (
        plan_id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        openid TEXT NOT NULL,
        contract_no TEXT NOT NULL UNIQUE,
        account_masked TEXT NOT NULL,
        max_debit_fen INTEGER NOT NULL CHECK (max_debit_fen > 0),
        deposit_fen INTEGER NOT NULL CHECK (deposit_fen > 0),
        schedule_kind TEXT NOT NULL CHECK (schedule_kind IN ('weekly','monthly')),
        schedule_day INTEGER NOT NULL,
        top_up INTEGER NOT NULL CHECK (top_up IN (0, 1)),
        state TEXT NOT NULL CHECK (state IN ('SIGNING','ACTIVE','PAUSED','CANCELLED','FAILED')),
        -- 1 while the plan may still deposit: one per person.
        live INTEGER NOT NULL CHECK (live IN (0, 1)),
        active_since TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((schedule_kind = 'weekly' AND schedule_day BETWEEN 1 AND 7) OR (schedule_kind = 'monthly' AND schedule_day BETWEEN 1 AND 28)),
        CHECK (deposit_fen <= max_debit_fen)
      );
      CREATE UNIQUE INDEX savings_plans_live ON savings_plans (person_id) WHERE live = 1;
      CREATE INDEX savings_plans_state ON savings_plans (state, plan_id);
      CREATE INDEX savings_plans_person ON savings_plans (person_id, created_at);
      CREATE TABLE savings_plan_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        plan_id TEXT NOT NULL REFERENCES savings_plans(plan_id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        cause TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE TABLE savings_deposits (
        deposit_id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES savings_plans(plan_id),
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        slot TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('scheduled','top-up')),
        attempt INTEGER NOT NULL CHECK (attempt >= 1),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        state TEXT NOT NULL CHECK (state IN ('INIT','PENDING','UNKNOWN','SUCCESS','FAILED')),
        failure TEXT,
        bank_debit_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (plan_id, slot, attempt)
      );
      -- The key that makes a second deposit for the same plan and scheduled date impossible: one live or paid attempt.
      CREATE UNIQUE INDEX savings_deposits_live ON savings_deposits (plan_id, slot) WHERE state IN ('INIT','PENDING','UNKNOWN','SUCCESS');
      CREATE INDEX savings_deposits_open ON savings_deposits (state, updated_at);
      CREATE INDEX savings_deposits_plan ON savings_deposits (plan_id, created_at);
      CREATE TABLE savings_withdrawals (
        withdrawal_id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES savings_plans(plan_id),
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        openid TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        account_masked TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('REQUESTED','PAID','RETURNED')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX savings_withdrawals_person ON savings_withdrawals (person_id, created_at);
      CREATE TABLE savings_sweeps (
        order_id TEXT PRIMARY KEY REFERENCES payment_orders(order_id),
        plan_id TEXT NOT NULL REFERENCES savings_plans(plan_id),
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        benefit_year INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
        swept_at TEXT NOT NULL
      );
      CREATE INDEX savings_sweeps_person ON savings_sweeps (person_id, swept_at);
      CREATE TABLE gig_workers (
        person_id TEXT PRIMARY KEY REFERENCES persons(person_id),
        enterprise_key TEXT NOT NULL,
        enterprise_name TEXT NOT NULL,
        enterprise_type TEXT NOT NULL CHECK (enterprise_type IN ('courier','food-delivery','ride-hailing','other')),
        recorded_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX gig_workers_enterprise ON gig_workers (enterprise_key);
      -- One row per day, year and enterprise: a re-run of the day replaces its rows.
      CREATE TABLE enterprise_rate_snapshots (
        snapshot_date TEXT NOT NULL,
        benefit_year INTEGER NOT NULL,
        enterprise_key TEXT NOT NULL,
        enterprise_name TEXT NOT NULL,
        enterprise_type TEXT NOT NULL,
        workers INTEGER NOT NULL CHECK (workers >= 0),
        enrolled INTEGER NOT NULL CHECK (enrolled >= 0 AND enrolled <= workers),
        taken_at TEXT NOT NULL,
        PRIMARY KEY (snapshot_date, benefit_year, enterprise_key)
      );
      CREATE INDEX enterprise_rate_snapshots_year ON enterprise_rate_snapshots (benefit_year, snapshot_date);
    `,
  },
  {
    version: 16,
    name: 'savings plans may save for flexible-employment employee insurance months (D17, pilot §三(三)4)',
    sql: `
      -- JSON of the target when it is not the resident premium (NULL).
      ALTER TABLE savings_plans ADD COLUMN target TEXT;
      CREATE TABLE employee_contributions (
        payment_id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES savings_plans(plan_id),
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        monthly_fen INTEGER NOT NULL CHECK (monthly_fen > 0),
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        paid_at TEXT NOT NULL
      );
      CREATE INDEX employee_contributions_person ON employee_contributions (person_id, paid_at);
      -- The key that pays a month once per person, whichever plan or run pays it.
      CREATE TABLE employee_contribution_months (
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        payment_id TEXT NOT NULL REFERENCES employee_contributions(payment_id),
        PRIMARY KEY (person_id, month)
      );
    `,
  },
];

/** Operations that write, so the store runs them under its write lock outside a transaction. */
export const SAVINGS_WRITES: string[] = [
  'insertSavingsPlan',
  'transitionSavingsPlan',
  'updateSavingsPlanTerms',
  'insertSavingsDeposit',
  'transitionSavingsDeposit',
  'insertSavingsWithdrawal',
  'transitionSavingsWithdrawal',
  'insertSavingsSweep',
  'insertEmployeeContribution',
  'upsertGigWorker',
  'saveEnterpriseSnapshot',
];

type Row = Record<string, unknown>;

const FINAL_PLAN: readonly SavingsPlanState[] = ['CANCELLED', 'FAILED'];

const scheduleOf = (r: Row): DepositSchedule =>
  r.schedule_kind === 'weekly' ? { kind: 'weekly', weekday: r.schedule_day as number } : { kind: 'monthly', day: r.schedule_day as number };
const scheduleDay = (s: DepositSchedule) => (s.kind === 'weekly' ? s.weekday : s.day);

const toPlan = (r: Row): SavingsPlanRow => ({
  planId: r.plan_id as string,
  personId: r.person_id as string,
  openid: r.openid as string,
  contractNo: r.contract_no as string,
  accountMasked: r.account_masked as string,
  maxDebitFen: r.max_debit_fen as number,
  depositFen: r.deposit_fen as number,
  schedule: scheduleOf(r),
  topUp: r.top_up === 1,
  ...(r.target ? { target: JSON.parse(r.target as string) as SavingsTargetChoice } : {}),
  state: r.state as SavingsPlanState,
  live: r.live === 1,
  activeSince: r.active_since as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const toDeposit = (r: Row): SavingsDepositRow => ({
  depositId: r.deposit_id as string,
  planId: r.plan_id as string,
  personId: r.person_id as string,
  slot: r.slot as string,
  kind: r.kind as SavingsDepositRow['kind'],
  attempt: r.attempt as number,
  amountFen: r.amount_fen as number,
  state: r.state as SavingsDepositState,
  failure: (r.failure as string | null) ?? null,
  bankDebitId: (r.bank_debit_id as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const toWithdrawal = (r: Row): SavingsWithdrawalRow => ({
  withdrawalId: r.withdrawal_id as string,
  planId: r.plan_id as string,
  personId: r.person_id as string,
  openid: r.openid as string,
  amountFen: r.amount_fen as number,
  accountMasked: r.account_masked as string,
  state: r.state as SavingsWithdrawalState,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const toSweep = (r: Row): SavingsSweepRow => ({
  orderId: r.order_id as string,
  planId: r.plan_id as string,
  personId: r.person_id as string,
  benefitYear: r.benefit_year as number,
  amountFen: r.amount_fen as number,
  sweptAt: r.swept_at as string,
});

const toGigWorker = (r: Row): GigWorkerRow => ({
  personId: r.person_id as string,
  enterpriseKey: r.enterprise_key as string,
  enterpriseName: r.enterprise_name as string,
  enterpriseType: r.enterprise_type as EnterpriseType,
  recordedAt: r.recorded_at as string,
  updatedAt: r.updated_at as string,
});

const toCount = (r: Row): EnterpriseCountRow => ({
  enterpriseKey: r.enterprise_key as string,
  enterpriseName: r.enterprise_name as string,
  enterpriseType: r.enterprise_type as EnterpriseType,
  workers: r.workers as number,
  enrolled: r.enrolled as number,
});


/** NULL for the resident premium, which every plan saved for before targets could be chosen. */
const targetColumn = (target: SavingsTargetChoice | undefined): string | null => (!target || target.kind === 'resident' ? null : JSON.stringify(target));

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(',');

/** Savings plans, deposits, withdrawals, premiums paid from savings and platform enterprises on one SQLite connection. */
export function savingsOperations(db: Database.Database) {
  const q = (sql: string) => db.prepare(sql);
  const stmts = {
    insertPlan: q(`INSERT INTO savings_plans (plan_id, person_id, openid, contract_no, account_masked, max_debit_fen, deposit_fen, schedule_kind,
      schedule_day, top_up, target, state, live, active_since, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    planEvent: q('INSERT INTO savings_plan_events (plan_id, from_state, to_state, cause, at) VALUES (?, ?, ?, ?, ?)'),
    plan: q('SELECT * FROM savings_plans WHERE plan_id = ?'),
    livePlan: q('SELECT * FROM savings_plans WHERE person_id = ? AND live = 1'),
    planByContract: q('SELECT * FROM savings_plans WHERE contract_no = ?'),
    plansOf: q('SELECT * FROM savings_plans WHERE person_id = ? ORDER BY created_at DESC, plan_id DESC'),
    updateTerms: q(`UPDATE savings_plans SET deposit_fen = ?, schedule_kind = ?, schedule_day = ?, top_up = ?, target = ?, updated_at = ?
      WHERE plan_id = ? AND live = 1 AND ? <= max_debit_fen`),
    insertDeposit: q(`INSERT INTO savings_deposits (deposit_id, plan_id, person_id, slot, kind, attempt, amount_fen, state, failure, bank_debit_id,
      created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    deposit: q('SELECT * FROM savings_deposits WHERE deposit_id = ?'),
    depositsOfPlan: q('SELECT * FROM savings_deposits WHERE plan_id = ? ORDER BY created_at, deposit_id'),
    depositsOfSlot: q('SELECT * FROM savings_deposits WHERE plan_id = ? AND slot = ? ORDER BY attempt'),
    insertWithdrawal: q(`INSERT INTO savings_withdrawals (withdrawal_id, plan_id, person_id, openid, amount_fen, account_masked, state, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    withdrawalsOf: q('SELECT * FROM savings_withdrawals WHERE person_id = ? ORDER BY created_at DESC, withdrawal_id DESC'),
    insertSweep: q('INSERT INTO savings_sweeps (order_id, plan_id, person_id, benefit_year, amount_fen, swept_at) VALUES (?, ?, ?, ?, ?, ?)'),
    insertContribution: q('INSERT INTO employee_contributions (payment_id, plan_id, person_id, monthly_fen, amount_fen, paid_at) VALUES (?, ?, ?, ?, ?, ?)'),
    insertContributionMonth: q('INSERT INTO employee_contribution_months (person_id, month, payment_id) VALUES (?, ?, ?)'),
    contributionsOf: q(`SELECT c.*, json_group_array(m.month) AS months FROM employee_contributions c
      JOIN (SELECT * FROM employee_contribution_months ORDER BY month) m ON m.payment_id = c.payment_id
      WHERE c.person_id = ? GROUP BY c.payment_id ORDER BY c.paid_at DESC, c.payment_id DESC`),
    sweepsOf: q('SELECT * FROM savings_sweeps WHERE person_id = ? ORDER BY swept_at DESC, order_id DESC'),
    upsertWorker: q(`INSERT INTO gig_workers (person_id, enterprise_key, enterprise_name, enterprise_type, recorded_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (person_id) DO UPDATE SET enterprise_key = excluded.enterprise_key, enterprise_name = excluded.enterprise_name,
        enterprise_type = excluded.enterprise_type, updated_at = excluded.updated_at`),
    worker: q('SELECT * FROM gig_workers WHERE person_id = ?'),
    // Ended enrollments (refunded, suspended) do not count, as in the city-wide snapshot.
    counts: q(`SELECT w.enterprise_key, MAX(w.enterprise_name) AS enterprise_name, MAX(w.enterprise_type) AS enterprise_type,
        COUNT(*) AS workers, COUNT(e.person_id) AS enrolled
      FROM gig_workers w
      LEFT JOIN enrollments e ON e.person_id = w.person_id AND e.benefit_year = ? AND e.ended_at IS NULL
      GROUP BY w.enterprise_key ORDER BY w.enterprise_key`),
    clearSnapshot: q('DELETE FROM enterprise_rate_snapshots WHERE snapshot_date = ? AND benefit_year = ?'),
    insertSnapshot: q(`INSERT INTO enterprise_rate_snapshots (snapshot_date, benefit_year, enterprise_key, enterprise_name, enterprise_type, workers, enrolled, taken_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    snapshots: q(`SELECT * FROM enterprise_rate_snapshots WHERE benefit_year = ? AND snapshot_date >= ? AND snapshot_date <= ?
      ORDER BY snapshot_date, enterprise_key`),
  };
  const planById = (planId: string): SavingsPlanRow | null => {
    const r = stmts.plan.get(planId) as Row | undefined;
    return r ? toPlan(r) : null;
  };
  return {
    insertSavingsPlan(p: SavingsPlanRow): void {
      unique('savings_plan_live', () =>
        stmts.insertPlan.run(p.planId, p.personId, p.openid, p.contractNo, p.accountMasked, p.maxDebitFen, p.depositFen, p.schedule.kind,
          scheduleDay(p.schedule), p.topUp ? 1 : 0, targetColumn(p.target), p.state, p.live ? 1 : 0, p.activeSince, p.createdAt, p.updatedAt),
      );
      stmts.planEvent.run(p.planId, null, p.state, 'created', p.createdAt);
    },
    getSavingsPlan: planById,
    // SQLite has one writer: a read inside the write transaction is already locked.
    lockSavingsPlan: planById,
    findLiveSavingsPlan(personId: string): SavingsPlanRow | null {
      const r = stmts.livePlan.get(personId) as Row | undefined;
      return r ? toPlan(r) : null;
    },
    findSavingsPlanByContract(contractNo: string): SavingsPlanRow | null {
      const r = stmts.planByContract.get(contractNo) as Row | undefined;
      return r ? toPlan(r) : null;
    },
    listSavingsPlans(personId: string): SavingsPlanRow[] {
      return (stmts.plansOf.all(personId) as Row[]).map(toPlan);
    },
    transitionSavingsPlan(t: { planId: string; from: readonly SavingsPlanState[]; to: SavingsPlanState; cause: string; at: string; activeSince?: string }): boolean {
      if (t.from.length === 0) return false;
      const before = stmts.plan.get(t.planId) as Row | undefined;
      if (!before || !t.from.includes(before.state as SavingsPlanState)) return false;
      const result = prepared(db, `UPDATE savings_plans SET state = ?, live = ?, updated_at = ?, active_since = COALESCE(?, active_since)
        WHERE plan_id = ? AND state IN (${placeholders(t.from)})`)
        .run(t.to, FINAL_PLAN.includes(t.to) ? 0 : 1, t.at, t.activeSince ?? null, t.planId, ...t.from);
      if (result.changes !== 1) return false;
      stmts.planEvent.run(t.planId, before.state, t.to, t.cause, t.at);
      return true;
    },
    updateSavingsPlanTerms(t: { planId: string; depositFen: number; schedule: DepositSchedule; topUp: boolean; target?: SavingsTargetChoice; at: string }): boolean {
      return stmts.updateTerms.run(t.depositFen, t.schedule.kind, scheduleDay(t.schedule), t.topUp ? 1 : 0, targetColumn(t.target), t.at, t.planId, t.depositFen).changes === 1;
    },
    listSavingsPlansInStates(states: readonly SavingsPlanState[], afterId: string, limit: number): SavingsPlanRow[] {
      if (states.length === 0) return [];
      return (prepared(db, `SELECT * FROM savings_plans WHERE state IN (${placeholders(states)}) AND plan_id > ? ORDER BY plan_id LIMIT ?`)
        .all(...states, afterId, limit) as Row[]).map(toPlan);
    },
    insertSavingsDeposit(d: SavingsDepositRow): void {
      unique('savings_deposit_live', () =>
        stmts.insertDeposit.run(d.depositId, d.planId, d.personId, d.slot, d.kind, d.attempt, d.amountFen, d.state, d.failure, d.bankDebitId,
          d.createdAt, d.updatedAt),
      );
    },
    getSavingsDeposit(depositId: string): SavingsDepositRow | null {
      const r = stmts.deposit.get(depositId) as Row | undefined;
      return r ? toDeposit(r) : null;
    },
    listSavingsDeposits(planId: string, slot?: string): SavingsDepositRow[] {
      const rows = slot === undefined ? stmts.depositsOfPlan.all(planId) : stmts.depositsOfSlot.all(planId, slot);
      return (rows as Row[]).map(toDeposit);
    },
    transitionSavingsDeposit(t: { depositId: string; from: readonly SavingsDepositState[]; to: SavingsDepositState; at: string; failure?: string; bankDebitId?: string }): boolean {
      if (t.from.length === 0) return false;
      const result = prepared(db, `UPDATE savings_deposits SET state = ?, updated_at = ?, failure = COALESCE(?, failure), bank_debit_id = COALESCE(?, bank_debit_id)
        WHERE deposit_id = ? AND state IN (${placeholders(t.from)})`)
        .run(t.to, t.at, t.failure ?? null, t.bankDebitId ?? null, t.depositId, ...t.from);
      return result.changes === 1;
    },
    listSavingsDepositsToSettle(states: readonly SavingsDepositState[], updatedBefore: string, limit: number): SavingsDepositRow[] {
      if (states.length === 0) return [];
      return (prepared(db, `SELECT * FROM savings_deposits WHERE state IN (${placeholders(states)}) AND updated_at < ? ORDER BY updated_at, deposit_id LIMIT ?`)
        .all(...states, updatedBefore, limit) as Row[]).map(toDeposit);
    },
    insertSavingsWithdrawal(w: SavingsWithdrawalRow): void {
      unique('savings_withdrawal_id', () =>
        stmts.insertWithdrawal.run(w.withdrawalId, w.planId, w.personId, w.openid, w.amountFen, w.accountMasked, w.state, w.createdAt, w.updatedAt),
      );
    },
    transitionSavingsWithdrawal(t: { withdrawalId: string; from: readonly SavingsWithdrawalState[]; to: SavingsWithdrawalState; at: string }): boolean {
      if (t.from.length === 0) return false;
      return prepared(db, `UPDATE savings_withdrawals SET state = ?, updated_at = ? WHERE withdrawal_id = ? AND state IN (${placeholders(t.from)})`)
        .run(t.to, t.at, t.withdrawalId, ...t.from).changes === 1;
    },
    listSavingsWithdrawals(personId: string): SavingsWithdrawalRow[] {
      return (stmts.withdrawalsOf.all(personId) as Row[]).map(toWithdrawal);
    },
    insertSavingsSweep(s: SavingsSweepRow): void {
      unique('savings_sweep_order', () => stmts.insertSweep.run(s.orderId, s.planId, s.personId, s.benefitYear, s.amountFen, s.sweptAt));
    },
    listSavingsSweeps(personId: string): SavingsSweepRow[] {
      return (stmts.sweepsOf.all(personId) as Row[]).map(toSweep);
    },
    insertEmployeeContribution(c: EmployeeContributionRow): void {
      // As the CloudBase adapter's schema: a payment names at least one month, each once.
      if (c.months.length === 0 || new Set(c.months).size !== c.months.length) throw new Error(`employee contribution ${c.paymentId}: months must be given, each once`);
      stmts.insertContribution.run(c.paymentId, c.planId, c.personId, c.monthlyFen, c.amountFen, c.paidAt);
      for (const month of c.months) unique('employee_contribution_month', () => stmts.insertContributionMonth.run(c.personId, month, c.paymentId));
    },
    listEmployeeContributions(personId: string): EmployeeContributionRow[] {
      return (stmts.contributionsOf.all(personId) as Row[]).map((r) => ({
        paymentId: r.payment_id as string,
        planId: r.plan_id as string,
        personId: r.person_id as string,
        months: (JSON.parse(r.months as string) as string[]).sort(),
        monthlyFen: r.monthly_fen as number,
        amountFen: r.amount_fen as number,
        paidAt: r.paid_at as string,
      }));
    },
    upsertGigWorker(w: GigWorkerRow): void {
      stmts.upsertWorker.run(w.personId, w.enterpriseKey, w.enterpriseName, w.enterpriseType, w.recordedAt, w.updatedAt);
    },
    getGigWorker(personId: string): GigWorkerRow | null {
      const r = stmts.worker.get(personId) as Row | undefined;
      return r ? toGigWorker(r) : null;
    },
    countEnterpriseEnrollment(benefitYear: number): EnterpriseCountRow[] {
      return (stmts.counts.all(benefitYear) as Row[]).map(toCount);
    },
    saveEnterpriseSnapshot(snapshotDate: string, benefitYear: number, rows: EnterpriseCountRow[], takenAt: string): void {
      stmts.clearSnapshot.run(snapshotDate, benefitYear);
      for (const r of rows) {
        stmts.insertSnapshot.run(snapshotDate, benefitYear, r.enterpriseKey, r.enterpriseName, r.enterpriseType, r.workers, r.enrolled, takenAt);
      }
    },
    listEnterpriseSnapshots(benefitYear: number, fromDate: string, toDate: string): EnterpriseSnapshotRow[] {
      return (stmts.snapshots.all(benefitYear, fromDate, toDate) as Row[]).map((r) => ({
        ...toCount(r),
        snapshotDate: r.snapshot_date as string,
        benefitYear: r.benefit_year as number,
        takenAt: r.taken_at as string,
      }));
    },
  };
}
