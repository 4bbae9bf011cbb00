import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts } from '../../ledger/accounts';
import { InsufficientBalance, LedgerRuleViolation, type TransferInput } from '../../ledger/transfer';
import { bulkFromSingles } from '../bulkFromSingles';
import type { BulkStoreOps } from '../bulk.port';
import type { DebitRow, NoticeRow, OrderTransition, PaymentItemRow, PaymentOrderRow, Store, StoreOps } from '../port';
import { openSqliteStore } from './index';

/**
 * The page operations must mean exactly what the single-row ones mean, row by row: the same random page of
 * work is applied to one store through the set-based statements and to another through a loop of single
 * operations, and every table must end up identical, with the same answers on the way.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshStore(): { store: Store; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bulk-'));
  dirs.push(dir);
  const file = join(dir, 'app.sqlite');
  return { store: openSqliteStore(file), file };
}

function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'sqlite_sequence') ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

const AT = '2026-11-27T02:00:00.000Z';
const PEOPLE = 6;
const person = (i: number) => `per_${i}`;

async function seed(store: Store): Promise<void> {
  for (let i = 0; i < PEOPLE; i += 1) {
    await store.insertPerson({ personId: person(i), idHash: `h${i}`, idMasked: '3401**********0000', idSealed: 'x', name: '测试', birthDate: '1990-01-01', sex: 'M', createdAt: AT });
    await store.insertAgreement({
      agreementId: `agr_${i}`, kind: 'auto-renew', signerPersonId: person(i), signerOpenid: `o${i}`, personId: person(i), channel: 'bank',
      contractNo: `ctr_${i}`, accountMasked: '6222********0000', state: 'ACTIVE', live: true, createdAt: AT, updatedAt: AT,
    });
  }
  // Person 0 already has an enrollment for 2027, person 1 had one that a refund ended: re-enrolling is allowed.
  await store.insertEnrollment({ personId: person(0), benefitYear: 2027, source: 'import', enrolledAt: AT });
  await store.insertEnrollment({ personId: person(1), benefitYear: 2027, source: 'import', enrolledAt: AT });
  await store.endEnrollment(person(1), 2027, 'refund', AT);
  // A personal account with 500 fen: transfers from it are checked against its floor of zero.
  await store.postTransfer({ transferId: 'trf_seed', kind: 'import', ref: 'seed', at: AT, legs: [{ account: accounts.personal(person(2)), amountFen: 500 }, { account: accounts.channel('cash'), amountFen: -500 }] });
}

interface Page {
  people: number[];
  states: ('SUCCESS' | 'FAILED' | 'PENDING')[];
  noticeRefs: number[];
  accountSpends: number[];
}

const pageArb: fc.Arbitrary<Page> = fc.record({
  people: fc.uniqueArray(fc.integer({ min: 0, max: PEOPLE - 1 }), { minLength: 1, maxLength: PEOPLE }),
  states: fc.array(fc.constantFrom('SUCCESS' as const, 'FAILED' as const, 'PENDING' as const), { minLength: PEOPLE, maxLength: PEOPLE }),
  noticeRefs: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 8 }),
  accountSpends: fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 4 }),
});

/** Applies one page through `ops`; returns every answer so the two ways can be compared too. */
async function applyPage(store: Store, opsOf: (tx: StoreOps) => BulkStoreOps, page: Page): Promise<unknown[]> {
  const results = await store.transaction(async (tx) => {
    const ops = opsOf(tx);
    const answers: unknown[] = [];
    const orders: { order: PaymentOrderRow; items: PaymentItemRow[] }[] = page.people.map((i) => ({
      order: {
        orderId: `ord_${i}`, payerPersonId: person(i), payerOpenid: `o${i}`, requestHash: `h${i}`, totalFen: 40000, accountFen: 0, wechatFen: 40000,
        state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
      },
      items: [{ orderId: `ord_${i}`, itemNo: 0, personId: person(i), benefitYear: 2027, standardFen: 40000, dueFen: 40000, quote: '{}', live: true }],
    }));
    await ops.insertOrders(orders);
    const debits: DebitRow[] = page.people.map((i) => ({
      debitId: `dbt_${i}`, agreementId: `agr_${i}`, periodKey: '2027', attempt: 1, amountFen: 40000, orderId: `ord_${i}`, state: 'INIT', failure: null, createdAt: AT, updatedAt: AT,
    }));
    await ops.insertDebits(debits);
    const notices: NoticeRow[] = page.noticeRefs.map((ref, k) => ({ noticeId: `ntc_${k}`, personId: person(0), openid: 'o0', kind: 'debit.upcoming', ref: `r${ref}`, title: 't', body: 'b', createdAt: AT }));
    answers.push(await ops.insertNotices(notices));
    answers.push(await ops.findNotices('debit.upcoming', ['r0', 'r1', 'r2', 'r3']));
    answers.push(await ops.transitionDebits({ debitIds: debits.map((d) => d.debitId), from: ['INIT'], to: 'UNKNOWN', at: AT }));
    answers.push(await ops.transitionDebits({ debitIds: debits.filter((_, k) => k % 2 === 0).map((d) => d.debitId), from: ['UNKNOWN'], to: 'SUCCESS', at: AT, failure: 'x' }));
    const moves: OrderTransition[] = page.people.map((i) => ({
      orderId: `ord_${i}`, from: ['INIT'], to: page.states[i], cause: 'test', at: AT,
      ...(page.states[i] === 'SUCCESS' ? { patch: { channelTxnId: `txn_${i}`, paidAt: AT } } : page.states[i] === 'FAILED' ? { patch: { failure: 'f' } } : {}),
    }));
    // The second move of each order finds it moved already: nothing changes for it.
    answers.push(await ops.transitionOrders([...moves, ...moves]));
    answers.push(await ops.listLiveItems(page.people.map(person), 2027));
    answers.push(await ops.listDebitsOf(page.people.map((i) => `agr_${i}`), '2027'));
    const transfers: TransferInput[] = page.people.map((i) => ({
      transferId: `trf_${i}`, kind: 'order.paid', ref: `ord_${i}`, at: AT,
      legs: [{ account: accounts.channel('bank'), amountFen: -40000 }, { account: accounts.premium(person(i), 2027), amountFen: 40000 }],
    }));
    // A replay inside the page books nothing the second time.
    answers.push(await ops.postTransfers([...transfers, transfers[0]]));
    answers.push(await ops.insertEnrollments(page.people.map((i) => ({ personId: person(i), benefitYear: 2027, source: `payment:ord_${i}`, enrolledAt: AT }))));
    await ops.appendAudits(page.people.map((i) => ({ at: AT, actor: 'system', action: 'test', subjectPersonId: person(i), detail: { i } })));
    answers.push(await ops.getPersons(page.people.map(person)));
    answers.push(await ops.lockAgreements([...page.people.map((i) => `agr_${i}`), 'agr_missing']));
    return answers;
  });
  const spends = page.accountSpends.map((fen, k) => ({
    transferId: `trf_spend_${k}`, kind: 'spend', ref: `s${k}`, at: AT,
    legs: [{ account: accounts.personal(person(2)), amountFen: -fen }, { account: accounts.channel('cash'), amountFen: fen }],
  }));
  try {
    results.push(await store.transaction((tx) => opsOf(tx).postTransfers(spends)));
  } catch (error) {
    // Over the floor somewhere in the page: the call throws and its transaction writes nothing, either way.
    if (!(error instanceof InsufficientBalance)) throw error;
    results.push('insufficient');
  }
  return results;
}

describe('page operations on SQLite', () => {
  it('leave every table exactly as the single-row operations do, with the same answers', async () => {
    await fc.assert(
      fc.asyncProperty(pageArb, async (page) => {
        const setBased = freshStore();
        const looped = freshStore();
        try {
          await seed(setBased.store);
          await seed(looped.store);
          const a = await applyPage(setBased.store, (tx) => tx, page);
          const b = await applyPage(looped.store, (tx) => bulkFromSingles(() => tx), page);
          // Page reads and the ids a write returns come in no particular order: callers index them.
          const unordered = (x: unknown) => (Array.isArray(x) ? x.map((v) => JSON.stringify(v)).sort() : x);
          expect(a.map(unordered)).toEqual(b.map(unordered));
          expect(dump(setBased.file)).toEqual(dump(looped.file));
          expect((await setBased.store.ledgerCheck()).ok).toBe(true);
        } finally {
          await setBased.store.close();
          await looped.store.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('refuse a transfer key reused with other legs, writing nothing', async () => {
    const { store, file } = freshStore();
    await seed(store);
    const before = dump(file);
    const t: TransferInput = { transferId: 'trf_a', kind: 'k', ref: 'r', at: AT, legs: [{ account: accounts.channel('bank'), amountFen: -1 }, { account: accounts.premium(person(3), 2027), amountFen: 1 }] };
    const other: TransferInput = { ...t, transferId: 'trf_b', legs: [{ account: accounts.channel('bank'), amountFen: -2 }, { account: accounts.premium(person(3), 2027), amountFen: 2 }] };
    await expect(store.transaction((tx) => tx.postTransfers([t, other]))).rejects.toBeInstanceOf(LedgerRuleViolation);
    expect(dump(file)).toEqual(before);
    await store.close();
  });
});
