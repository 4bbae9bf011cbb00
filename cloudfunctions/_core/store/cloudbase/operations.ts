import { UniqueViolation } from '../../errors';
import type { AccountRow, EnrollmentRow, LinkRow, PersonRow, StoreOps } from '../port';
import type { DocAccess } from './docAccess';
import {
  AccountDoc,
  AccountHolderDoc,
  EnrollmentDoc,
  EnrollmentYearsDoc,
  LinkDoc,
  LinkOwnerDoc,
  LinkRefDoc,
  MetaDoc,
  PersonDoc,
  PersonRefDoc,
  RegistryDoc,
  accountDoc,
  auditDoc,
  enrollmentDoc,
  liftedSuspensionsOf,
  enrollmentRow,
  linkDoc,
  personDoc,
  readDoc,
  registryDoc,
} from './documents';
import { COLLECTIONS as C, enrollmentId, linkPairId, type CollectionName } from './layout';
import { ledgerOps, type LedgerContext } from './ledger';
import { bulkFromSingles } from '../bulkFromSingles';
import { agreementOps } from './agreements';
import { bankMovementOps } from './bankMovements';
import { creditOps } from './credit';
import type { FeatureContext } from './keyed';
import { paymentOps } from './payments';
import { savingsOps } from './savings';
import { contractEndOps } from './contractEnds';
import type { OrderedAudit } from './queries';
import type { z } from 'zod';

export interface OpsContext extends LedgerContext, FeatureContext {
  access: DocAccess;
  namespace: string;
  nextOrderKey: () => string;
  /** Committed data only: queries never run inside a transaction (see queries.ts). */
  listCommittedAudit: (subjectPersonId: string) => Promise<OrderedAudit[]>;
  countCommittedEnrollments: () => Promise<Record<number, number>>;
}

/**
 * The port's operations written once over single-document access. Multi-document writes read every
 * document they will create first, so inside a transaction they see their own earlier writes and raise the
 * port's UniqueViolation from that read; the root store runs each of them in its own transaction.
 */
export function storeOps(ctx: OpsContext): StoreOps {
  const { access } = ctx;
  // What this transaction wrote that the committed-data queries cannot see yet; their results merge it in.
  const ownAudit: OrderedAudit[] = [];
  /** Per benefit year, enrollments this transaction started minus those it ended. */
  const ownEnrollmentDelta = new Map<number, number>();
  const countOwn = (year: number, delta: number) => {
    if (access.inTransaction) ownEnrollmentDelta.set(year, (ownEnrollmentDelta.get(year) ?? 0) + delta);
  };

  async function read<S extends z.ZodType>(schema: S, collection: CollectionName, id: string): Promise<z.infer<S> | null> {
    const doc = await access.get(collection, id);
    return doc ? readDoc(schema, collection, id, doc) : null;
  }

  /** Every enrollment document of these people, live or ended, in the SQLite adapter's order: person, then year. */
  async function enrollmentDocsOf(personIds: string[]): Promise<z.infer<typeof EnrollmentDoc>[]> {
    const perPerson = await access.map([...new Set(personIds)], async (personId) => {
      const index = await read(EnrollmentYearsDoc, C.enrollmentYears, personId);
      return access.map(index?.years ?? [], (year) => read(EnrollmentDoc, C.enrollments, enrollmentId(personId, year)));
    });
    return perPerson
      .flat()
      .filter((d): d is z.infer<typeof EnrollmentDoc> => d !== null)
      .sort((a, b) => a.personId.localeCompare(b.personId) || a.benefitYear - b.benefitYear);
  }

  const ops: StoreOps = {
    getAccount: (openid) => read(AccountDoc, C.accounts, openid),

    async ensureAccount(row) {
      const existing = await ops.getAccount(row.openid);
      if (existing) return existing;
      const doc = accountDoc(row);
      await access.create(C.accounts, row.openid, doc);
      return { ...doc };
    },

    async bindAccountPerson(openid, personId) {
      const account = await ops.getAccount(openid);
      // As in the SQLite adapter, binding an account that does not exist changes nothing.
      if (!account || account.personId === personId) return;
      const holder = await read(AccountHolderDoc, C.accountPersons, personId);
      if (holder && holder.openid !== openid) throw new UniqueViolation('account_person');
      if (!holder) await access.create(C.accountPersons, personId, { openid });
      if (account.personId) await access.remove(C.accountPersons, account.personId);
      await access.put(C.accounts, openid, accountDoc({ ...account, personId } satisfies AccountRow));
    },

    async findAccountByPerson(personId) {
      const holder = await read(AccountHolderDoc, C.accountPersons, personId);
      return holder ? ops.getAccount(holder.openid) : null;
    },

    getPerson: (personId) => read(PersonDoc, C.persons, personId),

    async findPersonByIdHash(idHash) {
      const ref = await read(PersonRefDoc, C.personIdHashes, idHash);
      return ref ? ops.getPerson(ref.personId) : null;
    },

    async insertPerson(row: PersonRow) {
      if (await access.get(C.personIdHashes, row.idHash)) throw new UniqueViolation('person_id_hash');
      if (await access.get(C.persons, row.personId)) throw new UniqueViolation('person_id');
      await access.create(C.personIdHashes, row.idHash, { personId: row.personId });
      await access.create(C.persons, row.personId, personDoc(row));
    },

    getRegistry: (idHash) => read(RegistryDoc, C.registry, idHash),

    async upsertRegistry(rows) {
      // Each row is one document replaced whole; an interrupted import is finished by running it again.
      await access.map(rows, (r) => access.put(C.registry, r.idHash, registryDoc(r)));
    },

    async listLinks(ownerPersonId) {
      const index = await read(LinkOwnerDoc, C.linkOwners, ownerPersonId);
      const links = await access.map(index?.linkIds ?? [], (linkId) => ops.getLink(linkId));
      // The SQLite adapter's order: creation time, then id.
      return links
        .filter((l): l is LinkRow => l !== null)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.linkId.localeCompare(b.linkId));
    },

    getLink: (linkId) => read(LinkDoc, C.links, linkId),

    async insertLink(row) {
      const pairId = linkPairId(row.ownerPersonId, row.relativePersonId);
      if (await access.get(C.linkPairs, pairId)) throw new UniqueViolation('link_owner_relative');
      if (await access.get(C.links, row.linkId)) throw new UniqueViolation('link_id');
      await access.create(C.linkPairs, pairId, { linkId: row.linkId });
      await access.create(C.links, row.linkId, linkDoc(row));
      const index = await read(LinkOwnerDoc, C.linkOwners, row.ownerPersonId);
      await access.put(C.linkOwners, row.ownerPersonId, { linkIds: [...(index?.linkIds ?? []), row.linkId] });
    },

    async deleteLink(linkId) {
      const link = await ops.getLink(linkId);
      if (!link) return;
      await access.remove(C.links, linkId);
      const pairId = linkPairId(link.ownerPersonId, link.relativePersonId);
      const pair = await read(LinkRefDoc, C.linkPairs, pairId);
      if (pair?.linkId === linkId) await access.remove(C.linkPairs, pairId);
      const index = await read(LinkOwnerDoc, C.linkOwners, link.ownerPersonId);
      if (index) await access.put(C.linkOwners, link.ownerPersonId, { linkIds: index.linkIds.filter((id) => id !== linkId) });
    },

    async listEnrollments(personIds) {
      return (await enrollmentDocsOf(personIds)).filter((d) => !d.endedAt).map(enrollmentRow);
    },

    async listEndedEnrollments(personIds) {
      return (await enrollmentDocsOf(personIds)).flatMap((d) => (d.endedAt ? [{ ...enrollmentRow(d), endedAt: d.endedAt, endedReason: d.endedReason ?? '' }] : []));
    },

    async insertEnrollment(row) {
      const id = enrollmentId(row.personId, row.benefitYear);
      const existing = await read(EnrollmentDoc, C.enrollments, id);
      if (existing && !existing.endedAt) throw new UniqueViolation('enrollment_person_year');
      // An ended enrollment (refunded) may be taken up again, in the same document: the key stays the person-year.
      if (existing) await access.put(C.enrollments, id, enrollmentDoc(row, ctx.namespace));
      else await access.create(C.enrollments, id, enrollmentDoc(row, ctx.namespace));
      const index = await read(EnrollmentYearsDoc, C.enrollmentYears, row.personId);
      const years = [...new Set([...(index?.years ?? []), row.benefitYear])].sort((a, b) => a - b);
      await access.put(C.enrollmentYears, row.personId, { years });
      countOwn(row.benefitYear, 1);
    },

    async endEnrollment(personId, benefitYear, reason, at) {
      const id = enrollmentId(personId, benefitYear);
      const existing = await read(EnrollmentDoc, C.enrollments, id);
      if (!existing || existing.endedAt) return false;
      await access.put(C.enrollments, id, { ...existing, endedAt: at, endedReason: reason });
      countOwn(benefitYear, -1);
      return true;
    },

    async restoreEnrollment(personId, benefitYear, gap) {
      const id = enrollmentId(personId, benefitYear);
      const existing = await read(EnrollmentDoc, C.enrollments, id);
      if (!existing?.endedAt || !existing.endedReason?.startsWith('suspended:')) return false;
      const { lastSuspension: _layout8, ...rest } = existing;
      const liftedSuspensions = [...liftedSuspensionsOf(existing), { from: gap.from, restoredOn: gap.restoredOn }];
      await access.put(C.enrollments, id, { ...rest, endedAt: null, endedReason: null, liftedSuspensions });
      countOwn(benefitYear, 1);
      return true;
    },

    async countEnrollmentsByYear() {
      const counts = await ctx.countCommittedEnrollments();
      for (const [year, delta] of ownEnrollmentDelta) counts[year] = (counts[year] ?? 0) + delta;
      // As the SQLite adapter's GROUP BY: a year nobody is enrolled in is not listed.
      return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)) as Record<number, number>;
    },

    async appendAudit(row) {
      const orderKey = ctx.nextOrderKey();
      await access.create(C.audit, orderKey, auditDoc(row, ctx.namespace, orderKey));
      if (access.inTransaction) ownAudit.push({ orderKey, row });
    },

    async listAudit(subjectPersonId) {
      const committed = await ctx.listCommittedAudit(subjectPersonId);
      const own = ownAudit.filter((e) => e.row.subjectPersonId === subjectPersonId);
      return [...committed, ...own].sort((a, b) => a.orderKey.localeCompare(b.orderKey)).map((e) => e.row);
    },

    ...ledgerOps(ctx),
    ...paymentOps(ctx),
    ...agreementOps(ctx),
    ...creditOps(ctx),
    ...savingsOps(ctx),
    ...contractEndOps(ctx),
    ...bankMovementOps(ctx),
    // Page operations as loops over the single-document ones: every write is a document call here anyway.
    ...bulkFromSingles(() => ops),

    async getMeta(key) {
      return (await read(MetaDoc, C.meta, key))?.value ?? null;
    },

    async setMeta(key, value) {
      await access.put(C.meta, key, { value });
    },
  };
  return ops;
}
