import { z } from 'zod';
import { UniqueViolation } from '../../errors';
import type { EnterpriseCountRow, SavingsDepositState, SavingsPlanState, SavingsStoreOps } from '../savings.port';
import { attemptSlots } from './attemptSlots';
import { contractedRows } from './contracted';
import { byText, keyed, newestFirst, type FeatureContext } from './keyed';
import { COLLECTIONS as C, enrollmentId, keyOf } from './layout';
import {
  EmployeeContributionRowSchema,
  EnterpriseCountRowSchema,
  GigWorkerRowSchema,
  SavingsDepositRowSchema,
  SavingsPlanRowSchema,
  SavingsSweepRowSchema,
  SavingsWithdrawalRowSchema,
} from './rowSchemas';

const SweepIndexDoc = z.object({ orderIds: z.array(z.string()) });
const ContributionIndexDoc = z.object({ paymentIds: z.array(z.string()), months: z.array(z.string()) });
const SnapshotDoc = z.object({ snapshotDate: z.string(), benefitYear: z.number().int(), takenAt: z.string(), rows: z.array(EnterpriseCountRowSchema) });
const EndedDoc = z.object({ endedAt: z.string().nullable().optional() });

/** Writes that touch more than one document, compare-and-set or read-then-write: each runs in a transaction at the root. */
export const SAVINGS_WRITES = [
  'insertSavingsPlan', 'lockSavingsPlan', 'transitionSavingsPlan', 'updateSavingsPlanTerms', 'insertSavingsDeposit', 'transitionSavingsDeposit',
  'insertSavingsWithdrawal', 'transitionSavingsWithdrawal', 'insertSavingsSweep', 'insertEmployeeContribution',
  'upsertGigWorker',
] as const;

const FINAL_PLAN: readonly SavingsPlanState[] = ['CANCELLED', 'FAILED'];
const LIVE_DEPOSIT: readonly SavingsDepositState[] = ['INIT', 'PENDING', 'UNKNOWN', 'SUCCESS'];

/**
 * 零存整缴 (D17): savings plans, deposits, withdrawals, premiums paid from savings, and the platform enterprises
 * of gig workers. One live plan per person is a key document; one live or paid deposit per (plan, slot) is
 * the slot document (attemptSlots.ts). A person's sweeps are an index document because the sweep service
 * reads them inside its transaction, where CloudBase allows no query.
 */
export function savingsOps(ctx: FeatureContext): SavingsStoreOps {
  const { access, namespace: ns } = ctx;
  const k = keyed(ctx);
  const slots = attemptSlots(ctx, C.savingsDepositSlots, 'savings_deposit_live');
  const planRows = (docs: Array<Record<string, unknown>>) => k.rows(SavingsPlanRowSchema, C.savingsPlans, docs);
  const plans = contractedRows(ctx, {
    schema: SavingsPlanRowSchema,
    collection: C.savingsPlans,
    contracts: C.savingsPlanContracts,
    lives: C.liveSavingsPlans,
    idField: 'planId',
    liveKey: (p) => p.personId,
    final: FINAL_PLAN,
    constraint: 'savings_plan_live',
  });
  const deposits = (docs: Array<Record<string, unknown>>) => k.rows(SavingsDepositRowSchema, C.savingsDeposits, docs);

  const ops: SavingsStoreOps = {
    insertSavingsPlan: (plan) => plans.insert(plan),
    getSavingsPlan: (planId) => plans.get(planId),

    // Written back with a bumped lockSeq, as lockAgreement does (agreements.ts): only a write conflicts.
    async lockSavingsPlan(planId) {
      const doc = await access.get(C.savingsPlans, planId);
      if (!doc) return null;
      const { _id: _ignored, ...data } = doc;
      await access.put(C.savingsPlans, planId, { ...data, lockSeq: Number(data.lockSeq ?? 0) + 1 });
      return planRows([doc])[0];
    },

    async findLiveSavingsPlan(personId) {
      const planId = await k.holder(C.liveSavingsPlans, personId, 'planId');
      return planId ? plans.get(planId) : null;
    },

    findSavingsPlanByContract: (contractNo) => plans.byContract(contractNo),

    async listSavingsPlans(personId) {
      return planRows(await ctx.query(C.savingsPlans, { personId }, [['createdAt', 'desc'], ['planId', 'desc']]));
    },

    // A resume moves the first counted scheduled day; other moves keep it.
    transitionSavingsPlan: (t) => plans.transition(t.planId, t, t.activeSince ? { activeSince: t.activeSince } : {}),

    async updateSavingsPlanTerms(t) {
      const plan = await plans.get(t.planId);
      // As the SQLite adapter: only a live plan, and never above the per-debit limit agreed with the bank.
      if (!plan || !plan.live || t.depositFen > plan.maxDebitFen) return false;
      const { target: _previous, ...rest } = plan;
      await plans.update({ ...rest, depositFen: t.depositFen, schedule: t.schedule, topUp: t.topUp, ...(t.target && t.target.kind !== 'resident' ? { target: t.target } : {}), updatedAt: t.at });
      return true;
    },

    async listSavingsPlansInStates(states, afterId, limit) {
      if (states.length === 0) return [];
      return planRows(await ctx.query(C.savingsPlans, { state: { $in: [...states] }, planId: { $gt: afterId } }, [['planId', 'asc']], limit));
    },

    async insertSavingsDeposit(deposit) {
      const row = SavingsDepositRowSchema.parse(deposit);
      if (await access.get(C.savingsDeposits, row.depositId)) throw new UniqueViolation('savings_deposit_live');
      await slots.add(keyOf(row.planId, row.slot), row.depositId, row.attempt, LIVE_DEPOSIT.includes(row.state));
      await access.create(C.savingsDeposits, row.depositId, { ns, ...row });
    },

    getSavingsDeposit: (depositId) => k.read(SavingsDepositRowSchema, C.savingsDeposits, depositId),

    async listSavingsDeposits(planId, slot) {
      if (slot === undefined) return deposits(await ctx.query(C.savingsDeposits, { planId }, [['createdAt', 'asc'], ['depositId', 'asc']]));
      const found = await access.map(await slots.ids(keyOf(planId, slot)), (id) => ops.getSavingsDeposit(id));
      return found.filter((d) => d !== null).sort((a, b) => a.attempt - b.attempt);
    },

    async transitionSavingsDeposit(t) {
      const row = await ops.getSavingsDeposit(t.depositId);
      if (!row || !t.from.includes(row.state)) return false;
      await slots.moved(keyOf(row.planId, row.slot), row.depositId, LIVE_DEPOSIT.includes(row.state), LIVE_DEPOSIT.includes(t.to));
      const next = { ...row, state: t.to, updatedAt: t.at, failure: t.failure ?? row.failure, bankDebitId: t.bankDebitId ?? row.bankDebitId };
      await access.put(C.savingsDeposits, row.depositId, { ns, ...next });
      return true;
    },

    async listSavingsDepositsToSettle(states, updatedBefore, limit) {
      if (states.length === 0) return [];
      const filter = { state: { $in: [...states] }, updatedAt: { $lt: updatedBefore } };
      return deposits(await ctx.query(C.savingsDeposits, filter, [['updatedAt', 'asc'], ['depositId', 'asc']], limit));
    },

    async insertSavingsWithdrawal(withdrawal) {
      const row = SavingsWithdrawalRowSchema.parse(withdrawal);
      if (await access.get(C.savingsWithdrawals, row.withdrawalId)) throw new UniqueViolation('savings_withdrawal_id');
      await access.create(C.savingsWithdrawals, row.withdrawalId, { ns, ...row });
    },

    async transitionSavingsWithdrawal(t) {
      const row = await k.read(SavingsWithdrawalRowSchema, C.savingsWithdrawals, t.withdrawalId);
      if (!row || !t.from.includes(row.state)) return false;
      await access.put(C.savingsWithdrawals, row.withdrawalId, { ns, ...row, state: t.to, updatedAt: t.at });
      return true;
    },

    async listSavingsWithdrawals(personId) {
      const docs = await ctx.query(C.savingsWithdrawals, { personId }, [['createdAt', 'desc'], ['withdrawalId', 'desc']]);
      return k.rows(SavingsWithdrawalRowSchema, C.savingsWithdrawals, docs);
    },

    async insertSavingsSweep(sweep) {
      const row = SavingsSweepRowSchema.parse(sweep);
      if (await access.get(C.savingsSweeps, row.orderId)) throw new UniqueViolation('savings_sweep_order');
      await access.create(C.savingsSweeps, row.orderId, { ns, ...row });
      const index = await k.read(SweepIndexDoc, C.savingsSweepPersons, row.personId);
      await access.put(C.savingsSweepPersons, row.personId, { ns, orderIds: [...(index?.orderIds ?? []), row.orderId] });
    },

    async listSavingsSweeps(personId) {
      const index = await k.read(SweepIndexDoc, C.savingsSweepPersons, personId);
      const found = await access.map(index?.orderIds ?? [], (orderId) => k.read(SavingsSweepRowSchema, C.savingsSweeps, orderId));
      return found.filter((s) => s !== null).sort(newestFirst((s) => s.sweptAt, (s) => s.orderId));
    },

    async insertEmployeeContribution(payment) {
      const row = EmployeeContributionRowSchema.parse(payment);
      const index = await k.read(ContributionIndexDoc, C.employeeContributionPersons, row.personId);
      if (row.months.some((m) => index?.months.includes(m))) throw new UniqueViolation('employee_contribution_month');
      await access.create(C.employeeContributions, row.paymentId, { ns, ...row });
      await access.put(C.employeeContributionPersons, row.personId, {
        ns, paymentIds: [...(index?.paymentIds ?? []), row.paymentId], months: [...(index?.months ?? []), ...row.months],
      });
    },

    async listEmployeeContributions(personId) {
      const index = await k.read(ContributionIndexDoc, C.employeeContributionPersons, personId);
      const found = await access.map(index?.paymentIds ?? [], (id) => k.read(EmployeeContributionRowSchema, C.employeeContributions, id));
      return found.filter((c) => c !== null).sort(newestFirst((c) => c.paidAt, (c) => c.paymentId));
    },

    async upsertGigWorker(worker) {
      const row = GigWorkerRowSchema.parse(worker);
      const existing = await ops.getGigWorker(row.personId);
      // The first recording time is kept: it says since when the worker is on the enterprise's list.
      await access.put(C.gigWorkers, row.personId, { ns, ...row, recordedAt: existing?.recordedAt ?? row.recordedAt });
    },

    getGigWorker: (personId) => k.read(GigWorkerRowSchema, C.gigWorkers, personId),

    async countEnterpriseEnrollment(benefitYear) {
      // A daily job: every worker's enrollment document for the year is read (eight at a time). CloudBase has
      // no join that could do it in one request; the pilot's gig workers number in the thousands, not millions.
      const workers = k.rows(GigWorkerRowSchema, C.gigWorkers, await ctx.query(C.gigWorkers, {}, [['personId', 'asc']]));
      const enrolled = await access.map(workers, async (w) => {
        const doc = await k.read(EndedDoc, C.enrollments, enrollmentId(w.personId, benefitYear));
        return doc !== null && !doc.endedAt;
      });
      const counts = new Map<string, EnterpriseCountRow>();
      workers.forEach((w, i) => {
        const c = counts.get(w.enterpriseKey) ?? { enterpriseKey: w.enterpriseKey, enterpriseName: w.enterpriseName, enterpriseType: w.enterpriseType, workers: 0, enrolled: 0 };
        // SQLite's MAX() of the name and type recorded for the enterprise.
        if (byText(w.enterpriseName, c.enterpriseName) > 0) c.enterpriseName = w.enterpriseName;
        if (byText(w.enterpriseType, c.enterpriseType) > 0) c.enterpriseType = w.enterpriseType;
        c.workers += 1;
        if (enrolled[i]) c.enrolled += 1;
        counts.set(w.enterpriseKey, c);
      });
      return [...counts.values()].sort((a, b) => byText(a.enterpriseKey, b.enterpriseKey));
    },

    async saveEnterpriseSnapshot(snapshotDate, benefitYear, rows, takenAt) {
      // One document per (day, year) holds every enterprise's row, so a re-run replaces it in one write.
      const doc = SnapshotDoc.parse({ snapshotDate, benefitYear, takenAt, rows });
      await access.put(C.enterpriseSnapshots, keyOf(snapshotDate, benefitYear), { ns, ...doc });
    },

    async listEnterpriseSnapshots(benefitYear, fromDate, toDate) {
      const docs = await ctx.query(C.enterpriseSnapshots, { benefitYear, snapshotDate: { $gte: fromDate, $lte: toDate } }, [['snapshotDate', 'asc']]);
      return k.rows(SnapshotDoc, C.enterpriseSnapshots, docs).flatMap((s) =>
        [...s.rows]
          .sort((a, b) => byText(a.enterpriseKey, b.enterpriseKey))
          .map((r) => ({ ...r, snapshotDate: s.snapshotDate, benefitYear: s.benefitYear, takenAt: s.takenAt })),
      );
    },
  };
  return ops;
}
