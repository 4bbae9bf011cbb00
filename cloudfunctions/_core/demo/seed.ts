import { z } from 'zod';
import { RelationSchema } from '../../../shared/api/contract';
import { maskIdNumber, parseIdNumber } from '../../../shared/identity/idNumber';
import type { App } from '../app';
import { isoInstant, todayIn } from '../clock';
import { encryptId, idHash } from '../identity/pii';
import { accounts } from '../ledger/accounts';
import type { PersonRow, RegistryRow } from '../store/port';
import demo from './registry.json';

const DemoSchema = z.object({
  householdOpenid: z.string(),
  /** Accounts given the staff and fund roles, for trying the staff functions locally. */
  staffOpenids: z.array(z.string()).default([]),
  /** Accounts given the hospital role alone: benefit status at settlement, no counter functions. */
  hospitalOpenids: z.array(z.string()).default([]),
  people: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      idNumber: z.string(),
      householdNo: z.string(),
      spouse: z.string().optional(),
      father: z.string().optional(),
      mother: z.string().optional(),
      facts: z.record(z.string(), z.unknown()).optional(),
      coveredYears: z.array(z.number().int()).optional(),
      /** Employee personal account balance (职工医保个人账户), as the platform's import would load it. */
      personalAccountFen: z.number().int().positive().optional(),
    }),
  ),
  householdLinks: z.array(z.object({ owner: z.string(), relative: z.string(), relation: RelationSchema })),
});

const SEEDED_KEY = 'demo.seeded';

/**
 * First start of a local runtime: load the synthetic registry and a demo household (a resident, a spouse,
 * a child, a parent) bound to the `demo-resident` openid. Runs once per data folder.
 */
export async function seedDemo(app: App): Promise<boolean> {
  if (await app.store.getMeta(SEEDED_KEY)) return false;
  const data = DemoSchema.parse(demo);
  const today = todayIn(app.clock);
  const at = isoInstant(app.clock);
  const hashes = new Map<string, string>();
  const parsed = data.people.map((p) => {
    const id = parseIdNumber(p.idNumber, today);
    if (!id.ok) throw new Error(`demo registry: ${p.key} has an invalid ID number (${id.problem})`);
    hashes.set(p.key, idHash(app.pii, id.id.canonical));
    return { p, id: id.id };
  });
  const ref = (key?: string) => (key ? hashes.get(key) ?? null : null);
  const registry: RegistryRow[] = parsed.map(({ p, id }) => ({
    idHash: hashes.get(p.key)!, name: p.name, birthDate: id.birthDate, sex: id.sex, householdNo: p.householdNo,
    fatherHash: ref(p.father), motherHash: ref(p.mother), spouseHash: ref(p.spouse),
    facts: { ...(p.facts ?? {}), ...(p.coveredYears ? { coveredYears: p.coveredYears } : {}) }, importedAt: at,
  }));
  await app.store.transaction(async (tx) => {
    await tx.upsertRegistry(registry);
    const household = new Set([...data.householdLinks.flatMap((l) => [l.owner, l.relative])]);
    const personIds = new Map<string, string>();
    for (const { p, id } of parsed.filter(({ p }) => household.has(p.key))) {
      const row: PersonRow = {
        personId: app.ids('per'), idHash: hashes.get(p.key)!, idMasked: maskIdNumber(id.canonical),
        idSealed: encryptId(app.pii, id.canonical), name: p.name, birthDate: id.birthDate, sex: id.sex, createdAt: at,
      };
      await tx.insertPerson(row);
      personIds.set(p.key, row.personId);
      if (p.personalAccountFen) {
        await tx.postTransfer({
          transferId: app.ids('trf'), kind: 'personal-account.loaded', ref: `demo:${p.key}`, at,
          legs: [
            { account: accounts.importSource('personal-accounts'), amountFen: -p.personalAccountFen },
            { account: accounts.personal(row.personId), amountFen: p.personalAccountFen },
          ],
        });
      }
      for (const year of p.coveredYears ?? []) {
        await tx.insertEnrollment({ personId: row.personId, benefitYear: year, source: 'import:demo', enrolledAt: at });
      }
    }
    const owner = personIds.get(data.householdLinks[0].owner)!;
    await tx.ensureAccount({ openid: data.householdOpenid, personId: null, roles: ['resident'], createdAt: at });
    await tx.bindAccountPerson(data.householdOpenid, owner);
    for (const link of data.householdLinks) {
      await tx.insertLink({
        linkId: app.ids('lnk'), ownerPersonId: personIds.get(link.owner)!, relativePersonId: personIds.get(link.relative)!,
        relation: link.relation, verified: true, verifyNote: null, createdAt: at,
      });
    }
    for (const openid of data.staffOpenids) await tx.ensureAccount({ openid, personId: null, roles: ['staff', 'fund'], createdAt: at });
    for (const openid of data.hospitalOpenids) await tx.ensureAccount({ openid, personId: null, roles: ['hospital'], createdAt: at });
    await tx.setMeta(SEEDED_KEY, at);
  });
  return true;
}
