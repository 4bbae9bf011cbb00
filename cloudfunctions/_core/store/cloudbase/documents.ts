import { z } from 'zod';
import { RelationSchema, RoleSchema } from '../../../../shared/api/contract';
import type { AccountRow, AuditRow, EnrollmentRow, LiftedSuspension, LinkRow, PersonRow, RegistryRow } from '../port';

/**
 * The documents as stored, and their mapping to the port's rows. What comes back from the database is a
 * boundary like any other: a document that no longer fits its schema fails loudly here instead of handing
 * a malformed row to a service. The SDK adds `_id` to every document it returns; the schemas drop it.
 */
const sex = z.enum(['M', 'F']);
const nullableString = z.string().nullable();

export const AccountDoc = z.object({
  openid: z.string(),
  personId: nullableString,
  roles: z.array(RoleSchema),
  createdAt: z.string(),
});

export const PersonDoc = z.object({
  personId: z.string(),
  idHash: z.string(),
  idMasked: z.string(),
  idSealed: z.string(),
  name: z.string(),
  birthDate: z.string(),
  sex,
  createdAt: z.string(),
});

// Loose: facts a newer importer adds must survive a read by this version, not be silently dropped.
const PersonFactsDoc = z.looseObject({
  aidCategories: z.array(z.string()).optional(),
  student: z.boolean().optional(),
  parentInEmployeeInsurance: z.boolean().optional(),
  villageSubsidy: z
    .union([z.object({ kind: z.literal('fixed'), fen: z.number().int() }), z.object({ kind: z.literal('full') })])
    .optional(),
});

export const RegistryDoc = z.object({
  idHash: z.string(),
  name: z.string(),
  birthDate: z.string(),
  sex,
  householdNo: z.string(),
  fatherHash: nullableString,
  motherHash: nullableString,
  spouseHash: nullableString,
  facts: PersonFactsDoc,
  importedAt: z.string(),
});

export const LinkDoc = z.object({
  linkId: z.string(),
  ownerPersonId: z.string(),
  relativePersonId: z.string(),
  relation: RelationSchema,
  verified: z.boolean(),
  verifyNote: nullableString,
  createdAt: z.string(),
});

const LiftedSuspensionDoc = z.object({ from: z.string(), restoredOn: z.string() });

export const EnrollmentDoc = z.object({
  /** The namespace, stored so the per-year count can be filtered by it. */
  ns: z.string(),
  personId: z.string(),
  benefitYear: z.number().int(),
  source: z.string(),
  enrolledAt: z.string(),
  /** Set when the enrollment ended (refund, suspension); absent in documents written before layout 2. */
  endedAt: nullableString.optional(),
  endedReason: nullableString.optional(),
  /** Every suspension lifted at the counter, oldest first (layout 9): Hefei dates; absent when the year never was restored. */
  liftedSuspensions: z.array(LiftedSuspensionDoc).optional(),
  /** Layout 8 kept only the last one; read as a list of one, and dropped when the document is next written. */
  lastSuspension: LiftedSuspensionDoc.optional(),
});

/** The suspensions lifted of an enrollment document, of either layout. */
export const liftedSuspensionsOf = (d: z.infer<typeof EnrollmentDoc>): LiftedSuspension[] =>
  d.liftedSuspensions ?? (d.lastSuspension ? [d.lastSuspension] : []);

/**
 * Audit details are free-form; they are stored as JSON text so any key survives (MongoDB rejects keys with
 * `.` or a leading `$`) and a row reads back exactly as it was written.
 */
export const AuditDoc = z.object({
  ns: z.string(),
  orderKey: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subjectPersonId: nullableString,
  detailJson: z.string(),
});

export const TransferDoc = z.object({
  ns: z.string(),
  transferId: z.string(),
  kind: z.string(),
  ref: z.string(),
  at: z.string(),
  /** `floored` marks legs on accounts with a balance document, so the ledger check can compare them. */
  legs: z.array(z.object({ accountId: z.string(), amountFen: z.number().int(), floored: z.boolean() })).min(2),
});

export const BalanceDoc = z.object({
  ns: z.string(),
  accountId: z.string(),
  kind: z.string(),
  floorFen: z.number().int(),
  balanceFen: z.number().int(),
  createdAt: z.string(),
});

export const AccountHolderDoc = z.object({ openid: z.string() });
export const PersonRefDoc = z.object({ personId: z.string() });
export const LinkRefDoc = z.object({ linkId: z.string() });
export const LinkOwnerDoc = z.object({ linkIds: z.array(z.string()) });
export const EnrollmentYearsDoc = z.object({ years: z.array(z.number().int()) });
export const MetaDoc = z.object({ value: z.string() });

/** Parses a stored document, naming the collection and id when it does not fit. */
export function readDoc<S extends z.ZodType>(schema: S, collection: string, id: string, doc: unknown): z.infer<S> {
  const parsed = schema.safeParse(doc);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`stored document ${collection}/${id} does not fit its schema (${fields})`);
  }
  return parsed.data;
}

// Rows and documents have the same fields except for audit entries; the copies below pin exactly which
// fields are written, so a row object carrying extra properties never leaks them into the database.
export const accountDoc = (r: AccountRow): z.infer<typeof AccountDoc> => ({
  openid: r.openid,
  personId: r.personId,
  roles: [...r.roles],
  createdAt: r.createdAt,
});
export const personDoc = (r: PersonRow): z.infer<typeof PersonDoc> => ({
  personId: r.personId,
  idHash: r.idHash,
  idMasked: r.idMasked,
  idSealed: r.idSealed,
  name: r.name,
  birthDate: r.birthDate,
  sex: r.sex,
  createdAt: r.createdAt,
});
export const registryDoc = (r: RegistryRow): z.infer<typeof RegistryDoc> => ({
  idHash: r.idHash,
  name: r.name,
  birthDate: r.birthDate,
  sex: r.sex,
  householdNo: r.householdNo,
  fatherHash: r.fatherHash,
  motherHash: r.motherHash,
  spouseHash: r.spouseHash,
  facts: { ...r.facts },
  importedAt: r.importedAt,
});
export const linkDoc = (r: LinkRow): z.infer<typeof LinkDoc> => ({
  linkId: r.linkId,
  ownerPersonId: r.ownerPersonId,
  relativePersonId: r.relativePersonId,
  relation: r.relation,
  verified: r.verified,
  verifyNote: r.verifyNote,
  createdAt: r.createdAt,
});
export const enrollmentDoc = (r: EnrollmentRow, ns: string): z.infer<typeof EnrollmentDoc> => ({
  ns,
  personId: r.personId,
  benefitYear: r.benefitYear,
  source: r.source,
  enrolledAt: r.enrolledAt,
  endedAt: null,
  endedReason: null,
});
export const auditDoc = (r: AuditRow, ns: string, orderKey: string): z.infer<typeof AuditDoc> => ({
  ns,
  orderKey,
  at: r.at,
  actor: r.actor,
  action: r.action,
  subjectPersonId: r.subjectPersonId,
  detailJson: JSON.stringify(r.detail),
});
export const enrollmentRow = (d: z.infer<typeof EnrollmentDoc>): EnrollmentRow => ({
  personId: d.personId,
  benefitYear: d.benefitYear,
  source: d.source,
  enrolledAt: d.enrolledAt,
  ...(liftedSuspensionsOf(d).length > 0 ? { liftedSuspensions: liftedSuspensionsOf(d) } : {}),
});
export const auditRow = (d: z.infer<typeof AuditDoc>): AuditRow => ({
  at: d.at,
  actor: d.actor,
  action: d.action,
  subjectPersonId: d.subjectPersonId,
  detail: JSON.parse(d.detailJson) as Record<string, unknown>,
});
