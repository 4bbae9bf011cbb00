import { UniqueViolation } from '../../errors';
import type { AgreementState, DebitState, StoreOps } from '../port';
import { attemptSlots } from './attemptSlots';
import { contractedRows } from './contracted';
import { keyed, type FeatureContext } from './keyed';
import { COLLECTIONS as C, keyOf } from './layout';
import { AgreementRowSchema, DebitRowSchema, NoticeRowSchema } from './rowSchemas';

type AgreementOps = Pick<
  StoreOps,
  | 'insertAgreement' | 'getAgreement' | 'lockAgreement' | 'findAgreementByContract' | 'listAgreementsSignedBy' | 'findLiveAgreement' | 'transitionAgreement' | 'listActiveAgreements' | 'listSigningAgreements'
  | 'insertDebit' | 'getDebit' | 'listDebits' | 'transitionDebit' | 'listDebitsToSettle' | 'insertNotice' | 'listNotices' | 'findNotice'
>;

/** Writes that touch more than one document or compare-and-set: the root store runs each in a transaction. */
export const AGREEMENT_WRITES = ['insertAgreement', 'lockAgreement', 'transitionAgreement', 'insertDebit', 'transitionDebit'] as const;

const FINAL_AGREEMENT: readonly AgreementState[] = ['CANCELLED', 'FAILED'];
const LIVE_DEBIT: readonly DebitState[] = ['INIT', 'PENDING', 'UNKNOWN', 'SUCCESS'];

/**
 * Auto-renewal agreements, their scheduled debits and the notices sent about them. One live agreement per
 * (person, kind) is the key document agreement_live; one live or paid debit per (agreement, period) is the
 * period document (attemptSlots.ts); a notice's `_id` is its (kind, ref), so it is written once without a
 * transaction. The deduction batch walks ACTIVE agreements by id with a query (index: ns, state, agreementId).
 */
export function agreementOps(ctx: FeatureContext): AgreementOps {
  const { access, namespace: ns } = ctx;
  const k = keyed(ctx);
  const periods = attemptSlots(ctx, C.debitPeriods, 'debit_live');
  const agreements = contractedRows(ctx, {
    schema: AgreementRowSchema,
    collection: C.agreements,
    contracts: C.agreementContracts,
    lives: C.liveAgreements,
    idField: 'agreementId',
    liveKey: (a) => keyOf(a.personId, a.kind),
    final: FINAL_AGREEMENT,
    constraint: 'agreement_live',
  });

  const ops: AgreementOps = {
    insertAgreement: (agreement) => agreements.insert(agreement),
    getAgreement: (agreementId) => agreements.get(agreementId),

    // Written back with a bumped lockSeq: CloudBase locks documents a transaction writes, not those it reads, so only
    // a write makes a pause or cancel committed meanwhile conflict with the batch's transaction (which then reruns).
    async lockAgreement(agreementId) {
      const doc = await access.get(C.agreements, agreementId);
      if (!doc) return null;
      const { _id: _ignored, ...data } = doc;
      await access.put(C.agreements, agreementId, { ...data, lockSeq: Number(data.lockSeq ?? 0) + 1 });
      return k.rows(AgreementRowSchema, C.agreements, [doc])[0];
    },
    findAgreementByContract: (contractNo) => agreements.byContract(contractNo),

    async listAgreementsSignedBy(signerPersonId) {
      const docs = await ctx.query(C.agreements, { signerPersonId }, [['createdAt', 'desc'], ['agreementId', 'desc']]);
      return k.rows(AgreementRowSchema, C.agreements, docs);
    },

    // The live key document (agreement_live) names the person's live agreement of the kind.
    async findLiveAgreement(personId, kind) {
      const agreementId = await k.holder(C.liveAgreements, keyOf(personId, kind), 'agreementId');
      return agreementId ? agreements.get(agreementId) : null;
    },

    transitionAgreement: (t) => agreements.transition(t.agreementId, t, FINAL_AGREEMENT.includes(t.to) ? { endCause: t.cause } : {}),

    async listActiveAgreements(afterId, limit) {
      const docs = await ctx.query(C.agreements, { state: 'ACTIVE', agreementId: { $gt: afterId } }, [['agreementId', 'asc']], limit);
      return k.rows(AgreementRowSchema, C.agreements, docs);
    },

    async listSigningAgreements(afterId, limit) {
      const docs = await ctx.query(C.agreements, { state: 'SIGNING', agreementId: { $gt: afterId } }, [['agreementId', 'asc']], limit);
      return k.rows(AgreementRowSchema, C.agreements, docs);
    },

    async insertDebit(debit) {
      const row = DebitRowSchema.parse(debit);
      if (await access.get(C.debits, row.debitId)) throw new UniqueViolation('debit_live');
      await periods.add(keyOf(row.agreementId, row.periodKey), row.debitId, row.attempt, LIVE_DEBIT.includes(row.state));
      await access.create(C.debits, row.debitId, { ns, ...row });
    },

    getDebit: (debitId) => k.read(DebitRowSchema, C.debits, debitId),

    async listDebits(agreementId, periodKey) {
      const ids = await periods.ids(keyOf(agreementId, periodKey));
      const debits = await access.map(ids, (id) => ops.getDebit(id));
      return debits.filter((d) => d !== null).sort((a, b) => a.attempt - b.attempt);
    },

    async transitionDebit(t) {
      const row = await ops.getDebit(t.debitId);
      if (!row || !t.from.includes(row.state)) return false;
      await periods.moved(keyOf(row.agreementId, row.periodKey), row.debitId, LIVE_DEBIT.includes(row.state), LIVE_DEBIT.includes(t.to));
      await access.put(C.debits, row.debitId, { ns, ...row, state: t.to, updatedAt: t.at, failure: t.failure ?? row.failure });
      return true;
    },

    async listDebitsToSettle(states, updatedBefore, limit) {
      if (states.length === 0) return [];
      const filter = { state: { $in: [...states] }, updatedAt: { $lt: updatedBefore } };
      return k.rows(DebitRowSchema, C.debits, await ctx.query(C.debits, filter, [['updatedAt', 'asc'], ['debitId', 'asc']], limit));
    },

    insertNotice: (notice) => {
      const row = NoticeRowSchema.parse(notice);
      return k.createOnce(C.notices, keyOf(row.kind, row.ref), { ns, ...row });
    },

    async listNotices(openid, limit) {
      const docs = await ctx.query(C.notices, { openid }, [['createdAt', 'desc'], ['noticeId', 'desc']], limit);
      return k.rows(NoticeRowSchema, C.notices, docs);
    },

    findNotice: (kind, ref) => k.read(NoticeRowSchema, C.notices, keyOf(kind, ref)),
  };
  return ops;
}

