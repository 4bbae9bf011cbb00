/**
 * The store contract: every adapter must pass these. The SQLite adapter runs them in `npm test`; the
 * CloudBase adapter runs them through `npm run test:cloudbase` when credentials are configured.
 */
import { UniqueViolation } from '../errors';
import { accounts } from '../ledger/accounts';
import { InsufficientBalance, LedgerRuleViolation, type TransferInput } from '../ledger/transfer';
import type { PersonRow, RegistryRow, Store } from './port';

const AT = '2026-11-26T08:00:00.000Z';

export function person(n: number): PersonRow {
  return {
    personId: `per_${n}`,
    idHash: `hash_${n}`,
    idMasked: `3401**********${String(n).padStart(4, '0')}`,
    idSealed: `sealed_${n}`,
    name: `测试${n}`,
    birthDate: '1990-01-01',
    sex: n % 2 ? 'M' : 'F',
    createdAt: AT,
  };
}

function registry(n: number, extra: Partial<RegistryRow> = {}): RegistryRow {
  return {
    idHash: `hash_${n}`,
    name: `测试${n}`,
    birthDate: '1990-01-01',
    sex: 'M',
    householdNo: 'H1',
    fatherHash: null,
    motherHash: null,
    spouseHash: null,
    facts: {},
    importedAt: AT,
    ...extra,
  };
}

export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('reports a migrated schema', async () => {
      expect(await store.schemaVersion()).toBeGreaterThanOrEqual(1);
    });

    it('creates an account once and returns the stored one on a second ensure', async () => {
      const first = await store.ensureAccount({ openid: 'o1', personId: null, roles: ['resident'], createdAt: AT });
      const again = await store.ensureAccount({ openid: 'o1', personId: null, roles: ['staff'], createdAt: 'later' });
      expect(again).toEqual(first);
      expect(await store.getAccount('missing')).toBeNull();
    });

    it('binds a person to one account only', async () => {
      await store.insertPerson(person(1));
      await store.ensureAccount({ openid: 'o1', personId: null, roles: ['resident'], createdAt: AT });
      await store.ensureAccount({ openid: 'o2', personId: null, roles: ['resident'], createdAt: AT });
      await store.bindAccountPerson('o1', 'per_1');
      await expect(store.bindAccountPerson('o2', 'per_1')).rejects.toEqual(new UniqueViolation('account_person'));
      expect((await store.findAccountByPerson('per_1'))?.openid).toBe('o1');
    });

    it('refuses a second person with the same ID hash', async () => {
      await store.insertPerson(person(1));
      await expect(store.insertPerson({ ...person(1), personId: 'per_other' })).rejects.toEqual(new UniqueViolation('person_id_hash'));
      expect(await store.findPersonByIdHash('hash_1')).toEqual(person(1));
    });

    it('upserts registry rows and keeps their facts', async () => {
      await store.upsertRegistry([registry(1), registry(2, { fatherHash: 'hash_1' })]);
      await store.upsertRegistry([registry(2, { fatherHash: 'hash_1', facts: { aidCategories: ['dibao'] } })]);
      expect(await store.getRegistry('hash_2')).toEqual(registry(2, { fatherHash: 'hash_1', facts: { aidCategories: ['dibao'] } }));
    });

    it('keeps one link per pair of people and lists them in creation order', async () => {
      for (const n of [1, 2, 3]) await store.insertPerson(person(n));
      const link = { linkId: 'lnk_a', ownerPersonId: 'per_1', relativePersonId: 'per_2', relation: 'spouse' as const, verified: true, verifyNote: null, createdAt: AT };
      await store.insertLink(link);
      await store.insertLink({ ...link, linkId: 'lnk_b', relativePersonId: 'per_3', relation: 'child', verified: false, verifyNote: '待核验' });
      await expect(store.insertLink({ ...link, linkId: 'lnk_c' })).rejects.toEqual(new UniqueViolation('link_owner_relative'));
      expect((await store.listLinks('per_1')).map((l) => l.linkId)).toEqual(['lnk_a', 'lnk_b']);
      await store.deleteLink('lnk_a');
      expect(await store.getLink('lnk_a')).toBeNull();
    });

    it('enrolls a person-year once', async () => {
      await store.insertPerson(person(1));
      await store.insertEnrollment({ personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: AT });
      await expect(
        store.insertEnrollment({ personId: 'per_1', benefitYear: 2026, source: 'payment:ord_2', enrolledAt: AT }),
      ).rejects.toEqual(new UniqueViolation('enrollment_person_year'));
      expect(await store.listEnrollments(['per_1', 'per_none'])).toHaveLength(1);
    });

    it('counts enrolled persons per benefit year', async () => {
      for (const n of [1, 2]) await store.insertPerson(person(n));
      await store.insertEnrollment({ personId: 'per_1', benefitYear: 2026, source: 's', enrolledAt: AT });
      await store.insertEnrollment({ personId: 'per_2', benefitYear: 2026, source: 's', enrolledAt: AT });
      await store.insertEnrollment({ personId: 'per_2', benefitYear: 2027, source: 's', enrolledAt: AT });
      expect(await store.countEnrollmentsByYear()).toEqual({ 2026: 2, 2027: 1 });
    });

    it('rolls back every write of a failed transaction', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.insertPerson(person(1));
          await tx.appendAudit({ at: AT, actor: 'o1', action: 'test', subjectPersonId: 'per_1', detail: {} });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getPerson('per_1')).toBeNull();
      expect(await store.listAudit('per_1')).toEqual([]);
    });

    it('serialises concurrent transactions so a check-then-write cannot double up', async () => {
      await store.insertPerson(person(1));
      const attempt = (source: string) =>
        store.transaction(async (tx) => {
          const existing = await tx.listEnrollments(['per_1']);
          if (existing.length > 0) return 'refused';
          await tx.insertEnrollment({ personId: 'per_1', benefitYear: 2026, source, enrolledAt: AT });
          return 'enrolled';
        });
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(`s${i}`)));
      expect(results.filter((r) => r === 'enrolled')).toHaveLength(1);
    });

    const pay = (ref: string, fen: number, from = accounts.channel('wechatpay')): TransferInput => ({
      transferId: `trf_${ref}`, kind: 'premium.paid', ref, at: AT,
      legs: [{ account: from, amountFen: -fen }, { account: accounts.premium('per_1', 2026), amountFen: fen }],
    });

    it('records a balanced transfer once; a replay moves nothing', async () => {
      expect(await store.postTransfer(pay('ord_1', 40000))).toBe('recorded');
      expect(await store.postTransfer(pay('ord_1', 40000))).toBe('replayed');
      expect(await store.balanceOf(accounts.premium('per_1', 2026).id)).toBe(40000);
      expect(await store.balanceOf(accounts.channel('wechatpay').id)).toBe(-40000);
      expect(await store.ledgerCheck()).toMatchObject({ ok: true, totalFen: 0, transfers: 1, postings: 2 });
    });

    it('refuses the same key with other legs, and unbalanced or fractional legs', async () => {
      await store.postTransfer(pay('ord_1', 40000));
      await expect(store.postTransfer(pay('ord_1', 39999))).rejects.toBeInstanceOf(LedgerRuleViolation);
      const unbalanced = { ...pay('ord_2', 100), legs: [{ account: accounts.cityFinance(), amountFen: -100 }, { account: accounts.premium('per_1', 2026), amountFen: 99 }] };
      await expect(store.postTransfer(unbalanced)).rejects.toBeInstanceOf(LedgerRuleViolation);
      await expect(store.postTransfer(pay('ord_3', 0.5))).rejects.toBeInstanceOf(LedgerRuleViolation);
      expect(await store.ledgerCheck()).toMatchObject({ ok: true, transfers: 1 });
    });

    it('never lets a personal account go below zero', async () => {
      const load: TransferInput = {
        transferId: 'trf_load', kind: 'personal.loaded', ref: 'import_1', at: AT,
        legs: [{ account: accounts.importSource('personal-accounts'), amountFen: -30000 }, { account: accounts.personal('per_1'), amountFen: 30000 }],
      };
      await store.postTransfer(load);
      await expect(store.postTransfer(pay('ord_9', 40000, accounts.personal('per_1')))).rejects.toBeInstanceOf(InsufficientBalance);
      expect(await store.balanceOf(accounts.personal('per_1').id)).toBe(30000);
      expect(await store.postTransfer(pay('ord_10', 30000, accounts.personal('per_1')))).toBe('recorded');
      expect(await store.balanceOf(accounts.personal('per_1').id)).toBe(0);
      expect((await store.ledgerCheck()).ok).toBe(true);
    });

    it('keeps the ledger writes of a failed transaction out', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.postTransfer(pay('ord_1', 40000));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.ledgerCheck()).toMatchObject({ ok: true, transfers: 0 });
    });

    it('appends audit entries in order and stores meta values', async () => {
      await store.appendAudit({ at: AT, actor: 'o1', action: 'first', subjectPersonId: 'per_9', detail: { a: 1 } });
      await store.appendAudit({ at: AT, actor: 'o1', action: 'second', subjectPersonId: 'per_9', detail: {} });
      expect((await store.listAudit('per_9')).map((a) => a.action)).toEqual(['first', 'second']);
      await store.setMeta('k', 'v1');
      await store.setMeta('k', 'v2');
      expect(await store.getMeta('k')).toBe('v2');
    });
  });
}
