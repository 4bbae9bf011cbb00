import type { z } from 'zod';
import type { BindIdentityInput, MeOutput, RelativesInput, RelativeView } from '../../../shared/api/contract';
import { ID_PROBLEM_MESSAGES, maskIdNumber, parseIdNumber, type ParsedIdNumber } from '../../../shared/identity/idNumber';
import type { App } from '../app';
import type { Caller } from '../caller';
import { isoInstant, todayIn } from '../clock';
import { cancelAgreement } from '../agreements/cancel';
import { RELATIVE_REMOVED } from '../agreements/endNotes';
import { closeSheetsOpenedBy } from '../credit/wechatRepayment';
import { AppError, UniqueViolation } from '../errors';
import type { PersonRow, RegistryRow, StoreOps } from '../store/port';
import { encryptId, idHash } from './pii';
import { registryConfirms } from './relations';
import { personView, relativeView } from './views';

function parseOrRefuse(app: App, idNumber: string): ParsedIdNumber {
  const parsed = parseIdNumber(idNumber, todayIn(app.clock));
  if (!parsed.ok) throw new AppError('INVALID_INPUT', ID_PROBLEM_MESSAGES[parsed.problem]);
  return parsed.id;
}

/** Registry names are compared without surrounding or inner spaces, which people type by accident. */
const sameName = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/**
 * Finds the person stored for an ID number, creating them from what the registry (or the caller) says. A new
 * person's years of coverage the registry import records (coveredYears: insured in any scheme, before they ever
 * used this service) become their enrollments, so the benefit status a hospital asks for such a year, "我的参保"
 * and the continuity the rules price by all read the same facts (the demo seed does the same for its households).
 */
async function personFor(tx: StoreOps, app: App, id: ParsedIdNumber, name: string, hash: string): Promise<PersonRow> {
  const existing = await tx.findPersonByIdHash(hash);
  if (existing) return existing;
  const row: PersonRow = {
    personId: app.ids('per'),
    idHash: hash,
    idMasked: maskIdNumber(id.canonical),
    idSealed: encryptId(app.pii, id.canonical),
    name,
    birthDate: id.birthDate,
    sex: id.sex,
    createdAt: isoInstant(app.clock),
  };
  await tx.insertPerson(row);
  const registry = await tx.getRegistry(hash);
  for (const benefitYear of registry?.facts.coveredYears ?? []) {
    await tx.insertEnrollment({ personId: row.personId, benefitYear, source: 'import:registry', enrolledAt: row.createdAt });
  }
  return row;
}

export async function ensureAccount(app: App, caller: Caller) {
  return app.store.ensureAccount({ openid: caller.openid, personId: null, roles: ['resident'], createdAt: isoInstant(app.clock) });
}

/** The caller's bound person, or NOT_BOUND: every family and payment action starts here. */
export async function requireBoundPerson(app: App, caller: Caller, tx: StoreOps = app.store): Promise<PersonRow> {
  const account = await tx.getAccount(caller.openid);
  const person = account?.personId ? await tx.getPerson(account.personId) : null;
  if (!person) throw new AppError('NOT_BOUND');
  return person;
}

export async function me(app: App, caller: Caller): Promise<MeOutput> {
  const account = await ensureAccount(app, caller);
  const person = account.personId ? await app.store.getPerson(account.personId) : null;
  return { bound: person !== null, person: person ? personView(person) : null, roles: account.roles };
}

/**
 * Real-name binding: the name and ID number must match the population registry. Binding is idempotent
 * for the same person; another person needs the counter (ALREADY_BOUND), and a person already bound to
 * another WeChat account is refused (CONFLICT) so nobody can take over someone else's coverage.
 */
export async function bindIdentity(app: App, caller: Caller, input: z.infer<typeof BindIdentityInput>) {
  const id = parseOrRefuse(app, input.idNumber);
  const hash = idHash(app.pii, id.canonical);
  const registry = await app.store.getRegistry(hash);
  if (!registry || !sameName(registry.name, input.name)) throw new AppError('REGISTRY_MISMATCH');
  await ensureAccount(app, caller);
  return app.store.transaction(async (tx) => {
    const account = await tx.getAccount(caller.openid);
    const person = await personFor(tx, app, id, registry.name, hash);
    if (account?.personId === person.personId) return { person: personView(person) };
    if (account?.personId) throw new AppError('ALREADY_BOUND');
    try {
      await tx.bindAccountPerson(caller.openid, person.personId);
    } catch (error) {
      if (error instanceof UniqueViolation) throw new AppError('CONFLICT', '该身份已被其他微信账号绑定，如有疑问请到经办窗口办理');
      throw error;
    }
    await tx.appendAudit({ at: isoInstant(app.clock), actor: caller.openid, action: 'identity.bound', subjectPersonId: person.personId, detail: {} });
    return { person: personView(person) };
  });
}

const NOTE_NOT_IN_REGISTRY = '该亲属不在本市人口库中，请携带户口簿到经办窗口核验';
const NOTE_NOT_CONFIRMED = '人口库中未查到该亲属关系，请携带户口簿或关系证明到经办窗口核验';

async function verifyRelation(app: App, owner: PersonRow, relative: RegistryRow | null, relation: RelativeView['relation']) {
  const ownerRegistry = await app.store.getRegistry(owner.idHash);
  if (!ownerRegistry || !relative) return { verified: false, note: NOTE_NOT_IN_REGISTRY };
  const confirmed = await registryConfirms(ownerRegistry, relative, relation, (h) => app.store.getRegistry(h));
  return confirmed ? { verified: true, note: null } : { verified: false, note: NOTE_NOT_CONFIRMED };
}

async function listRelatives(app: App, owner: PersonRow): Promise<RelativeView[]> {
  const links = await app.store.listLinks(owner.personId);
  const views: RelativeView[] = [];
  for (const link of links) {
    const relative = await app.store.getPerson(link.relativePersonId);
    if (relative) views.push(relativeView(link, relative));
  }
  return views;
}

/**
 * A resident declares relatives (D13's 近亲属 only: the relation enum admits nothing else); the registry
 * confirms the relation or the link stays unverified, and no money may move for an unverified relative.
 */
export async function relatives(app: App, caller: Caller, input: z.infer<typeof RelativesInput>) {
  const owner = await requireBoundPerson(app, caller);
  if (input.action === 'list') return { relatives: await listRelatives(app, owner) };

  if (input.action === 'remove') {
    const link = await app.store.getLink(input.linkId);
    // Someone else's link answers exactly like a missing one, so link ids reveal nothing.
    if (!link || link.ownerPersonId !== owner.personId) throw new AppError('NOT_FOUND');
    // A live bank advance the owner signed for this relative, owed or still awaiting the bank's answer (it may yet be paid),
    // stays theirs to see and repay: removing the link would leave it reachable only at the bank counter.
    const owed = (await app.store.listCreditAdvances([link.relativePersonId]))
      .some((a) => a.signerPersonId === owner.personId && a.live && a.state !== 'REPAID');
    if (owed) throw new AppError('CONFLICT', '您为该家人签约的银行代缴（信用参保）尚未还清，请还清后再移除');
    // Auto-renewals the owner signed for this relative end first: the owner may no longer pay for them, and the
    // relative, who does not see an agreement someone else signed, could neither end it nor sign their own. Ended
    // before the link goes, so a crash in between leaves the link to remove again, never an orphaned debit.
    // WeChat repayment sheets the owner opened for them are closed too: no longer theirs to pay or cancel.
    await closeSheetsOpenedBy(app, caller.openid, link.relativePersonId);
    const signed = await app.store.listAgreementsSignedBy(owner.personId);
    for (const a of signed.filter((x) => x.live && x.personId === link.relativePersonId)) {
      await cancelAgreement(app, a, { abandoned: RELATIVE_REMOVED, cancelled: RELATIVE_REMOVED, note: '签约人已移除该家人' });
    }
    await app.store.transaction(async (tx) => {
      await tx.deleteLink(link.linkId);
      await tx.appendAudit({ at: isoInstant(app.clock), actor: caller.openid, action: 'relative.removed', subjectPersonId: owner.personId, detail: { linkId: link.linkId } });
    });
    return { relatives: await listRelatives(app, owner) };
  }

  const id = parseOrRefuse(app, input.idNumber);
  const hash = idHash(app.pii, id.canonical);
  if (hash === owner.idHash) throw new AppError('INVALID_INPUT', '不能把本人添加为家人');
  const registry = await app.store.getRegistry(hash);
  if (registry && !sameName(registry.name, input.name)) throw new AppError('REGISTRY_MISMATCH');
  const check = await verifyRelation(app, owner, registry, input.relation);
  await app.store.transaction(async (tx) => {
    const relative = await personFor(tx, app, id, registry?.name ?? input.name.replace(/\s+/g, ''), hash);
    // Outside the registry the name on file is only what the first person to add them typed: a different name is
    // neither shown (it would tell one user what another typed) nor accepted; the counter settles who is right.
    if (!registry && !sameName(relative.name, input.name)) {
      throw new AppError('CONFLICT', '该身份证号已以其他姓名登记，请核对姓名；如无误，请携带身份证件到经办窗口核验');
    }
    try {
      await tx.insertLink({
        linkId: app.ids('lnk'),
        ownerPersonId: owner.personId,
        relativePersonId: relative.personId,
        relation: input.relation,
        verified: check.verified,
        verifyNote: check.note,
        createdAt: isoInstant(app.clock),
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw new AppError('CONFLICT', '该家人已添加，无需重复添加');
      throw error;
    }
    await tx.appendAudit({
      at: isoInstant(app.clock), actor: caller.openid, action: 'relative.added', subjectPersonId: owner.personId,
      detail: { relativePersonId: relative.personId, relation: input.relation, verified: check.verified },
    });
  });
  return { relatives: await listRelatives(app, owner) };
}
