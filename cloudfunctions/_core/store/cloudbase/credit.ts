import { UniqueViolation } from '../../errors';
import { OPEN_REPAYMENT_STATES, type CreditAdvanceState, type CreditRecordRow, type CreditRepaymentState, type CreditStoreOps } from '../credit.port';
import { chunks, keyed, newestFirst, type FeatureContext } from './keyed';
import { COLLECTIONS as C, keyOf } from './layout';
import { CreditAdvanceRowSchema, CreditRecordRowSchema, CreditRepaymentRowSchema } from './rowSchemas';

/** Writes that touch more than one document or compare-and-set: the root store runs each in a transaction. */
export const CREDIT_WRITES = ['insertCreditAdvance', 'transitionCreditAdvance', 'insertCreditRepayment', 'transitionCreditRepayment', 'resolveCreditRecords'] as const;

const FINAL_DEAD: readonly CreditAdvanceState[] = ['REFUSED', 'FAILED'];
const OPEN_REPAYMENT: readonly CreditRepaymentState[] = OPEN_REPAYMENT_STATES;
/** Every kind of credit record: a record's `_id` is (advance, kind), so resolving reads each kind's document. */
const RECORD_KINDS = ['advance-overdue'] as const satisfies readonly CreditRecordRow['kind'][];
const ADVANCE_LIVE = 'credit_advance_live';
const REPAYMENT_OPEN = 'credit_repayment_open';

/**
 * Bank advances (信用参保, D16), their repayments and the credit file. One live advance per person-year and
 * one repayment awaiting the bank per advance are key documents written in the row's transaction; a credit
 * record's `_id` is its (advance, kind), so it is recorded once without a transaction.
 */
export function creditOps(ctx: FeatureContext): CreditStoreOps {
  const { access, namespace: ns } = ctx;
  const k = keyed(ctx);
  const advances = (docs: Array<Record<string, unknown>>) => k.rows(CreditAdvanceRowSchema, C.creditAdvances, docs);
  const repayments = (docs: Array<Record<string, unknown>>) => k.rows(CreditRepaymentRowSchema, C.creditRepayments, docs);
  const liveKey = (a: { personId: string; benefitYear: number }) => keyOf(a.personId, a.benefitYear);

  const ops: CreditStoreOps = {
    async insertCreditAdvance(advance) {
      const row = CreditAdvanceRowSchema.parse(advance);
      if (await access.get(C.creditAdvances, row.advanceId)) throw new UniqueViolation(ADVANCE_LIVE);
      if (row.live) await k.claim(C.liveCreditAdvances, liveKey(row), 'advanceId', row.advanceId, ADVANCE_LIVE);
      await access.create(C.creditAdvances, row.advanceId, { ns, ...row });
    },

    getCreditAdvance: (advanceId) => k.read(CreditAdvanceRowSchema, C.creditAdvances, advanceId),

    async listCreditAdvances(personIds) {
      const pages = await access.map(chunks([...new Set(personIds)]), (ids) => ctx.query(C.creditAdvances, { personId: { $in: ids } }, [['advanceId', 'asc']]));
      return advances(pages.flat()).sort(newestFirst((a) => a.createdAt, (a) => a.advanceId));
    },

    async transitionCreditAdvance(t) {
      const row = await ops.getCreditAdvance(t.advanceId);
      if (!row || !t.from.includes(row.state)) return false;
      // As the SQLite adapter: REFUSED and FAILED free the person-year, every other state holds it.
      const live = !FINAL_DEAD.includes(t.to);
      await k.follow(C.liveCreditAdvances, liveKey(row), 'advanceId', row.advanceId, row.live, live, ADVANCE_LIVE);
      const patch = Object.fromEntries(Object.entries(t.patch ?? {}).filter(([, value]) => value !== undefined));
      await access.put(C.creditAdvances, row.advanceId, { ns, ...CreditAdvanceRowSchema.parse({ ...row, ...patch, state: t.to, live, updatedAt: t.at }) });
      return true;
    },

    async listCreditAdvancesToSettle(states, updatedBefore, limit) {
      if (states.length === 0) return [];
      const filter = { state: { $in: [...states] }, updatedAt: { $lt: updatedBefore } };
      return advances(await ctx.query(C.creditAdvances, filter, [['updatedAt', 'asc'], ['advanceId', 'asc']], limit));
    },

    async listCreditAdvancesInStates(states, afterId, limit) {
      if (states.length === 0) return [];
      return advances(await ctx.query(C.creditAdvances, { state: { $in: [...states] }, advanceId: { $gt: afterId } }, [['advanceId', 'asc']], limit));
    },

    async insertCreditRepayment(repayment) {
      const row = CreditRepaymentRowSchema.parse(repayment);
      if (await access.get(C.creditRepayments, row.repaymentId)) throw new UniqueViolation(REPAYMENT_OPEN);
      if (OPEN_REPAYMENT.includes(row.state)) await k.claim(C.openCreditRepayments, row.advanceId, 'repaymentId', row.repaymentId, REPAYMENT_OPEN);
      await access.create(C.creditRepayments, row.repaymentId, { ns, ...row });
    },

    getCreditRepayment: (repaymentId) => k.read(CreditRepaymentRowSchema, C.creditRepayments, repaymentId),

    async listWechatRepaymentsBetween(from, to) {
      const between = (field: 'collectedAt' | 'refundedAt') =>
        ctx.query(C.creditRepayments, { channel: 'wechatpay', [field]: { $gte: from, $lt: to } }, [[field, 'asc'], ['repaymentId', 'asc']]);
      return { collected: repayments(await between('collectedAt')), refunded: repayments(await between('refundedAt')) };
    },

    async listCreditRepayments(advanceId) {
      const docs = await ctx.query(C.creditRepayments, { advanceId }, [['createdAt', 'asc'], ['repaymentId', 'asc']]);
      return repayments(docs);
    },

    async transitionCreditRepayment(t) {
      const row = await k.read(CreditRepaymentRowSchema, C.creditRepayments, t.repaymentId);
      if (!row || !t.from.includes(row.state)) return false;
      const was = OPEN_REPAYMENT.includes(row.state);
      await k.follow(C.openCreditRepayments, row.advanceId, 'repaymentId', row.repaymentId, was, OPEN_REPAYMENT.includes(t.to), REPAYMENT_OPEN);
      const patch = Object.fromEntries(Object.entries({ ...t.patch, ...(t.failure !== undefined ? { failure: t.failure } : {}) }).filter(([, value]) => value !== undefined));
      await access.put(C.creditRepayments, row.repaymentId, { ns, ...CreditRepaymentRowSchema.parse({ ...row, ...patch, state: t.to, updatedAt: t.at }) });
      return true;
    },

    async listHeldCreditRepayments(limit) {
      // A missing paidOutAt (documents written before it existed) matches null, as in MongoDB.
      return repayments(await ctx.query(C.creditRepayments, { state: 'MANUAL', paidOutAt: null }, [['updatedAt', 'asc'], ['repaymentId', 'asc']], limit));
    },

    async listCreditRepaymentsToSettle(states, updatedBefore, limit, channel) {
      if (states.length === 0) return [];
      const filter = { state: { $in: [...states] }, updatedAt: { $lt: updatedBefore }, ...(channel ? { channel } : {}) };
      return repayments(await ctx.query(C.creditRepayments, filter, [['updatedAt', 'asc'], ['repaymentId', 'asc']], limit));
    },

    insertCreditRecord: (record) => {
      const row = CreditRecordRowSchema.parse(record);
      return k.createOnce(C.creditRecords, keyOf(row.advanceId, row.kind), { ns, ...row });
    },

    async resolveCreditRecords(advanceId, at) {
      let resolved = 0;
      for (const kind of RECORD_KINDS) {
        const row = await k.read(CreditRecordRowSchema, C.creditRecords, keyOf(advanceId, kind));
        if (!row || row.resolvedAt !== null) continue;
        await access.put(C.creditRecords, keyOf(advanceId, kind), { ns, ...row, resolvedAt: at });
        resolved += 1;
      }
      return resolved;
    },

    async listCreditRecords(personId) {
      const docs = await ctx.query(C.creditRecords, { personId }, [['recordedAt', 'asc'], ['recordId', 'asc']]);
      return k.rows(CreditRecordRowSchema, C.creditRecords, docs);
    },
  };
  return ops;
}
