/**
 * The store contract: every adapter must pass these. The SQLite adapter runs them in `npm test`; the
 * CloudBase adapter runs them through `npm run test:cloudbase` when credentials are configured.
 */
import { UniqueViolation } from '../errors';
import { accounts } from '../ledger/accounts';
import { InsufficientBalance, LedgerRuleViolation, type TransferInput } from '../ledger/transfer';
import type { ContractEndRow } from './contractEnds.port';
import type { CreditAdvanceRow, CreditRepaymentRow } from './credit.port';
import type { AgreementRow, DebitRow, NoticeRow, PaymentItemRow, PaymentOrderRow, PersonRow, RefundRow, RegistryRow, Store } from './port';
import type { SavingsDepositRow, SavingsPlanRow } from './savings.port';

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
  describePaymentContract(name, open);
  describeScheduleContract(name, open);
  describeCreditSavingsContract(name, open);
}

/** A moment `n` seconds after AT: rows whose order matters get distinct, increasing times. */
const at = (n: number) => new Date(Date.parse(AT) + n * 1000).toISOString();

/** Opens a fresh store per test and closes it after, with persons per_1..per_4 already there. */
function withStore(open: () => Promise<Store>): () => Store {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    for (const n of [1, 2, 3, 4]) await store.insertPerson(person(n));
  });
  afterEach(async () => {
    await store.close();
  });
  return () => store;
}

function order(orderId: string, extra: Partial<PaymentOrderRow> = {}): PaymentOrderRow {
  return {
    orderId, payerPersonId: 'per_1', payerOpenid: 'o1', requestHash: `h_${orderId}`, totalFen: 40000, accountFen: 0, wechatFen: 40000,
    state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, paidAt: null, channel: 'wechatpay', savingsFen: 0,
    ...extra,
  };
}

function item(orderId: string, itemNo: number, personId: string, benefitYear = 2026): PaymentItemRow {
  return { orderId, itemNo, personId, benefitYear, standardFen: 40000, dueFen: 40000, quote: '{"fen":40000}', live: true };
}

/** Settles every promise and counts the fulfilled ones and the UniqueViolations of `constraint`; anything else fails. */
async function race(attempts: Array<Promise<unknown>>, constraint: string) {
  const results = await Promise.allSettled(attempts);
  for (const r of results) if (r.status === 'rejected') expect(r.reason).toEqual(new UniqueViolation(constraint));
  return results.filter((r) => r.status === 'fulfilled').length;
}

function describePaymentContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract, payments: ${name}`, () => {
    const store = withStore(open);

    it('holds a person-year for one live order; a failed order frees it', async () => {
      await store().insertOrder(order('ord_1'), [item('ord_1', 1, 'per_1'), item('ord_1', 2, 'per_2')]);
      await expect(store().insertOrder(order('ord_2'), [item('ord_2', 1, 'per_2')])).rejects.toEqual(new UniqueViolation('payment_item_live'));
      expect(await store().getOrder('ord_2')).toBeNull();
      expect(await store().getOrder('ord_1')).toEqual({ order: order('ord_1'), items: [item('ord_1', 1, 'per_1'), item('ord_1', 2, 'per_2')] });
      expect((await store().findLiveOrder('per_2', 2026))?.orderId).toBe('ord_1');
      expect(await store().findLiveOrder('per_2', 2027)).toBeNull();

      expect(await store().transitionOrder({ orderId: 'ord_1', from: ['INIT'], to: 'PENDING', cause: 'prepaid', at: at(1), patch: { prepayId: 'wx_1' } })).toBe(true);
      expect(await store().transitionOrder({ orderId: 'ord_1', from: ['INIT'], to: 'FAILED', cause: 'late', at: at(2) })).toBe(false);
      expect(await store().transitionOrder({ orderId: 'ord_missing', from: ['INIT'], to: 'FAILED', cause: 'x', at: at(2) })).toBe(false);
      expect(await store().transitionOrder({ orderId: 'ord_1', from: ['PENDING'], to: 'FAILED', cause: 'closed', at: at(3), patch: { failure: 'CLOSED' } })).toBe(true);
      const failed = await store().getOrder('ord_1');
      expect(failed?.order).toEqual(order('ord_1', { state: 'FAILED', prepayId: 'wx_1', failure: 'CLOSED', updatedAt: at(3) }));
      expect(failed?.items.map((i) => i.live)).toEqual([false, false]);
      expect(await store().findLiveOrder('per_2', 2026)).toBeNull();
      await store().insertOrder(order('ord_2'), [item('ord_2', 1, 'per_2')]);
      expect((await store().listOrderEvents('ord_1')).map((e) => [e.fromState, e.toState, e.cause, e.at])).toEqual([
        [null, 'INIT', 'created', AT],
        ['INIT', 'PENDING', 'prepaid', at(1)],
        ['PENDING', 'FAILED', 'closed', at(3)],
      ]);
    });

    it('lists failed orders holding money WeChat took until it is paid out, oldest first', async () => {
      for (const [n, person] of [[1, 'per_1'], [2, 'per_2'], [3, 'per_3']] as const) {
        await store().insertOrder(order(`ord_h${n}`, { state: 'PENDING' }), [item(`ord_h${n}`, 1, person)]);
      }
      expect(await store().listHeldOrders(10)).toEqual([]);
      // ord_h1 is failed the ordinary way: never listed.
      await store().transitionOrder({ orderId: 'ord_h1', from: ['PENDING'], to: 'FAILED', cause: 'closed', at: at(1), patch: { failure: 'CLOSED' } });
      await store().transitionOrder({ orderId: 'ord_h3', from: ['PENDING'], to: 'FAILED', cause: 'mismatch', at: at(2), patch: { failure: 'wechat:amount-mismatch:1', heldAt: at(2) } });
      await store().transitionOrder({ orderId: 'ord_h2', from: ['PENDING'], to: 'FAILED', cause: 'mismatch', at: at(3), patch: { failure: 'wechat:amount-mismatch:2', heldAt: at(3) } });
      expect((await store().listHeldOrders(10)).map((o) => o.orderId)).toEqual(['ord_h3', 'ord_h2']);
      expect((await store().listHeldOrders(1)).map((o) => o.orderId)).toEqual(['ord_h3']);
      expect((await store().getOrder('ord_h1'))?.order).not.toHaveProperty('heldAt');
      // A later move that names neither keeps both.
      expect(await store().transitionOrder({ orderId: 'ord_h3', from: ['FAILED'], to: 'FAILED', cause: 'paid-out', at: at(4), patch: { paidOutAt: at(4) } })).toBe(true);
      expect((await store().getOrder('ord_h3'))?.order).toMatchObject({ state: 'FAILED', failure: 'wechat:amount-mismatch:1', heldAt: at(2), paidOutAt: at(4) });
      expect((await store().listHeldOrders(10)).map((o) => o.orderId)).toEqual(['ord_h2']);
      // Named without a value, as the other patch fields: cleared (and read back absent).
      expect(await store().transitionOrder({ orderId: 'ord_h2', from: ['FAILED'], to: 'FAILED', cause: 'test', at: at(5), patch: { heldAt: undefined } })).toBe(true);
      expect((await store().getOrder('ord_h2'))?.order).not.toHaveProperty('heldAt');
      expect(await store().listHeldOrders(10)).toEqual([]);
    });

    it('lets one of many concurrent orders for a person-year through', async () => {
      const attempts = Array.from({ length: 8 }, (_, i) => store().insertOrder(order(`ord_c${i}`), [item(`ord_c${i}`, 1, 'per_1')]));
      expect(await race(attempts, 'payment_item_live')).toBe(1);
    });

    it('takes one counter order per paper receipt', async () => {
      await store().insertOrder(order('ord_cash1', { channel: 'cash', requestHash: 'receipt_9' }), [item('ord_cash1', 1, 'per_1')]);
      await expect(store().insertOrder(order('ord_cash2', { channel: 'cash', requestHash: 'receipt_9' }), [item('ord_cash2', 1, 'per_2')])).rejects.toEqual(
        new UniqueViolation('counter_receipt'),
      );
      await store().insertOrder(order('ord_wx', { requestHash: 'receipt_9' }), [item('ord_wx', 1, 'per_3')]);
      // A receipt finds its counter order (a retried registration answers with it); an app order's hash is no receipt.
      expect((await store().findCounterOrder('receipt_9'))?.orderId).toBe('ord_cash1');
      expect(await store().findCounterOrder('receipt_10')).toBeNull();
      await store().insertOrder(order('ord_wx2', { requestHash: 'receipt_11' }), [item('ord_wx2', 1, 'per_4')]);
      expect(await store().findCounterOrder('receipt_11')).toBeNull();
    });

    it('lists orders to settle, of a payer, and paid in a window', async () => {
      await store().insertOrder(order('ord_a', { updatedAt: at(2), createdAt: at(2) }), [item('ord_a', 1, 'per_1')]);
      await store().insertOrder(order('ord_b', { state: 'PENDING', updatedAt: at(1), createdAt: at(1) }), [item('ord_b', 1, 'per_2')]);
      await store().insertOrder(order('ord_bank', { channel: 'bank', updatedAt: at(0) }), [item('ord_bank', 1, 'per_3')]);
      await store().insertOrder(order('ord_acct', { payerPersonId: 'per_4', accountFen: 40000, wechatFen: 0, createdAt: at(3) }), [item('ord_acct', 1, 'per_4')]);
      expect((await store().listOrdersToSettle(['INIT', 'PENDING'], at(5), 10)).map((o) => o.orderId)).toEqual(['ord_acct', 'ord_b', 'ord_a']);
      expect((await store().listOrdersToSettle(['INIT', 'PENDING'], at(2), 10)).map((o) => o.orderId)).toEqual(['ord_acct', 'ord_b']);
      expect((await store().listOrdersToSettle(['PENDING'], at(5), 1)).map((o) => o.orderId)).toEqual(['ord_b']);
      expect((await store().listOrdersOfPayer('per_1', 2)).map((o) => o.orderId)).toEqual(['ord_a', 'ord_b']);

      await store().transitionOrder({ orderId: 'ord_b', from: ['PENDING'], to: 'SUCCESS', cause: 'paid', at: at(6), patch: { channelTxnId: 'txn_b', paidAt: at(4) } });
      await store().transitionOrder({ orderId: 'ord_acct', from: ['INIT'], to: 'SUCCESS', cause: 'paid', at: at(6), patch: { paidAt: at(4) } });
      expect((await store().listOrdersPaidBetween(at(4), at(5))).map((o) => [o.orderId, o.paidAt, o.channelTxnId])).toEqual([['ord_b', at(4), 'txn_b']]);
      expect(await store().listOrdersPaidBetween(at(5), at(9))).toEqual([]);
    });

    it('writes a page of orders all or nothing, and reads live items by page', async () => {
      await store().insertOrder(order('ord_held'), [item('ord_held', 1, 'per_3')]);
      const page = [
        { order: order('ord_p1'), items: [item('ord_p1', 1, 'per_1')] },
        { order: order('ord_p2'), items: [item('ord_p2', 1, 'per_3')] },
      ];
      await expect(store().insertOrders(page)).rejects.toEqual(new UniqueViolation('payment_item_live'));
      expect(await store().getOrder('ord_p1')).toBeNull();
      await store().insertOrders([page[0], { order: order('ord_p3'), items: [item('ord_p3', 1, 'per_2')] }]);
      const live = await store().listLiveItems(['per_1', 'per_2', 'per_3', 'per_4'], 2026);
      expect(live.map((i) => [i.personId, i.orderId]).sort()).toEqual([['per_1', 'ord_p1'], ['per_2', 'ord_p3'], ['per_3', 'ord_held']]);
      const moved = await store().transitionOrders([
        { orderId: 'ord_p1', from: ['INIT'], to: 'FAILED', cause: 'x', at: at(1) },
        { orderId: 'ord_p3', from: ['PENDING'], to: 'FAILED', cause: 'x', at: at(1) },
      ]);
      expect(moved).toEqual(['ord_p1']);
      expect(await store().findLiveOrder('per_1', 2026)).toBeNull();
    });

    it('handles a channel notification and a nonce once, even when delivered concurrently', async () => {
      expect(await store().recordNotification('wechatpay', 'evt_1', 'ord_1', AT)).toBe(true);
      expect(await store().recordNotification('wechatpay', 'evt_1', 'ord_1', at(1))).toBe(false);
      expect(await store().recordNotification('bank', 'evt_1', 'ord_1', AT)).toBe(true);
      const deliveries = await Promise.all(Array.from({ length: 6 }, () => store().recordNotification('wechatpay', 'evt_2', 'ord_2', AT)));
      expect(deliveries.filter(Boolean)).toHaveLength(1);
      expect(await store().rememberNonce('wechatpay', 'n_1', 1764144000)).toBe(true);
      expect(await store().rememberNonce('wechatpay', 'n_1', 1764144000)).toBe(false);
      expect(await store().rememberNonce('bank', 'n_1', 1764144000)).toBe(true);
    });

    const refund = (refundId: string, extra: Partial<RefundRow> = {}): RefundRow => ({
      refundId, orderId: 'ord_1', personId: 'per_1', benefitYear: 2026, reason: '重复缴费', requestedBy: 'o1', accountFen: 0, wechatFen: 40000,
      state: 'PENDING', channelRefundId: null, failure: null, createdAt: AT, updatedAt: AT, refundedAt: null, savingsFen: 0, message: null, paidOutAt: null, ...extra,
    });

    it('keeps one refund per paid item and moves it by compare-and-set', async () => {
      await store().insertOrder(order('ord_1', { state: 'SUCCESS', paidAt: AT }), [item('ord_1', 1, 'per_1'), item('ord_1', 2, 'per_2')]);
      await store().insertRefund(refund('rf_1', { message: '可退' }));
      await expect(store().insertRefund(refund('rf_2'))).rejects.toEqual(new UniqueViolation('refund_item'));
      await store().insertRefund(refund('rf_3', { personId: 'per_2', createdAt: at(1), updatedAt: at(1) }));
      expect(await store().findRefund('ord_1', 'per_1', 2026)).toEqual(refund('rf_1', { message: '可退' }));
      expect(await store().findRefund('ord_1', 'per_3', 2026)).toBeNull();

      const done = { refundId: 'rf_1', from: ['PENDING', 'UNKNOWN'] as const, to: 'SUCCESS' as const, at: at(5), patch: { channelRefundId: 'wxr_1', refundedAt: at(4) } };
      expect(await store().transitionRefund(done)).toBe(true);
      expect(await store().transitionRefund(done)).toBe(false);
      // A later move without a value keeps what was recorded (SQL COALESCE).
      expect(await store().transitionRefund({ refundId: 'rf_1', from: ['SUCCESS'], to: 'SUCCESS', at: at(6), patch: { channelRefundId: null } })).toBe(true);
      expect(await store().getRefund('rf_1')).toEqual(refund('rf_1', { state: 'SUCCESS', channelRefundId: 'wxr_1', refundedAt: at(4), updatedAt: at(6), message: '可退' }));
      expect((await store().listRefundsPaidBetween(at(4), at(5))).map((r) => r.refundId)).toEqual(['rf_1']);
      expect((await store().listRefundsToSettle(['PENDING', 'UNKNOWN'], at(9), 10)).map((r) => r.refundId)).toEqual(['rf_3']);
      expect(await store().listRefundsToSettle(['PENDING'], at(1), 10)).toEqual([]);
      expect((await store().listRefundsRequestedBy('o1', 10)).map((r) => r.refundId)).toEqual(['rf_3', 'rf_1']);

      // A refund WeChat would not pay waits for fund staff until they record paying it another way.
      expect(await store().listHeldRefunds(10)).toEqual([]);
      expect(await store().transitionRefund({ refundId: 'rf_3', from: ['PENDING'], to: 'FAILED', at: at(7), patch: { failure: 'callback:ABNORMAL' } })).toBe(true);
      expect((await store().listHeldRefunds(10)).map((r) => r.refundId)).toEqual(['rf_3']);
      expect(await store().transitionRefund({ refundId: 'rf_3', from: ['FAILED'], to: 'FAILED', at: at(8), patch: { paidOutAt: at(8) } })).toBe(true);
      expect(await store().listHeldRefunds(10)).toEqual([]);
      expect(await store().getRefund('rf_3')).toMatchObject({ state: 'FAILED', failure: 'callback:ABNORMAL', paidOutAt: at(8) });

      await store().freeOrderItem('ord_1', 'per_1', 2026);
      expect(await store().findLiveOrder('per_1', 2026)).toBeNull();
      expect((await store().findLiveOrder('per_2', 2026))?.orderId).toBe('ord_1');
      await store().insertOrder(order('ord_again'), [item('ord_again', 1, 'per_1')]);
    });

    it('ends an enrollment once; it no longer counts and may be taken up again', async () => {
      await store().insertEnrollment({ personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: AT });
      await store().insertEnrollment({ personId: 'per_2', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: AT });
      expect(await store().endEnrollment('per_1', 2026, 'refund:rf_1', at(1))).toBe(true);
      expect(await store().endEnrollment('per_1', 2026, 'refund:rf_1', at(2))).toBe(false);
      expect(await store().endEnrollment('per_3', 2026, 'refund:rf_1', at(2))).toBe(false);
      expect(await store().listEnrollments(['per_1', 'per_2'])).toEqual([{ personId: 'per_2', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: AT }]);
      expect(await store().listEndedEnrollments(['per_1', 'per_2'])).toEqual([
        { personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: AT, endedAt: at(1), endedReason: 'refund:rf_1' },
      ]);
      expect(await store().countEnrollmentsByYear()).toEqual({ 2026: 1 });
      await store().insertEnrollment({ personId: 'per_1', benefitYear: 2026, source: 'payment:ord_2', enrolledAt: at(3) });
      expect((await store().listEnrollments(['per_1'])).map((e) => e.source)).toEqual(['payment:ord_2']);
      // Taken up again, it is no longer ended.
      expect(await store().listEndedEnrollments(['per_1'])).toEqual([]);
      expect(await store().countEnrollmentsByYear()).toEqual({ 2026: 2 });
      await expect(store().insertEnrollment({ personId: 'per_1', benefitYear: 2026, source: 'x', enrolledAt: at(4) })).rejects.toEqual(new UniqueViolation('enrollment_person_year'));
      await store().transaction(async (tx) => {
        expect(await tx.endEnrollment('per_2', 2026, 'suspended', at(5))).toBe(true);
        expect(await tx.countEnrollmentsByYear()).toEqual({ 2026: 1 });
      });
    });

    it('restores a suspended enrollment once, keeping the gap, which a later suspension keeps, a second restore adds to and a new payment clears', async () => {
      const enrolled = { personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: AT };
      const gap = { from: '2026-06-01', restoredOn: '2026-12-01' };
      await store().insertEnrollment(enrolled);
      // Not suspended (enrolled, then refunded, then missing): nothing to restore.
      expect(await store().restoreEnrollment('per_1', 2026, gap)).toBe(false);
      await store().endEnrollment('per_1', 2026, 'suspended:joined-employee-insurance', at(1));
      expect(await store().countEnrollmentsByYear()).toEqual({});
      expect(await store().transaction((tx) => tx.restoreEnrollment('per_1', 2026, gap))).toBe(true);
      expect(await store().restoreEnrollment('per_1', 2026, gap)).toBe(false);
      expect(await store().listEnrollments(['per_1'])).toEqual([{ ...enrolled, liftedSuspensions: [gap] }]);
      expect(await store().countEnrollmentsByYear()).toEqual({ 2026: 1 });
      await store().endEnrollment('per_1', 2026, 'suspended:emigration', at(2));
      expect(await store().listEndedEnrollments(['per_1'])).toEqual([
        { ...enrolled, liftedSuspensions: [gap], endedAt: at(2), endedReason: 'suspended:emigration' },
      ]);
      // Suspended and restored again: both gaps stay, oldest first.
      const second = { from: '2026-12-10', restoredOn: '2026-12-20' };
      expect(await store().restoreEnrollment('per_1', 2026, second)).toBe(true);
      expect(await store().listEnrollments(['per_1'])).toEqual([{ ...enrolled, liftedSuspensions: [gap, second] }]);
      await store().endEnrollment('per_1', 2026, 'suspended:emigration', at(3));
      await store().insertEnrollment({ personId: 'per_2', benefitYear: 2026, source: 'x', enrolledAt: AT });
      await store().endEnrollment('per_2', 2026, 'refund:rf_1', at(1));
      expect(await store().restoreEnrollment('per_2', 2026, gap)).toBe(false);
      expect(await store().restoreEnrollment('per_3', 2026, gap)).toBe(false);
      // Taken up again by a payment, the year starts afresh.
      await store().insertEnrollment({ ...enrolled, source: 'payment:ord_2' });
      expect(await store().listEnrollments(['per_1'])).toEqual([{ ...enrolled, source: 'payment:ord_2' }]);
    });

    it('replaces a reconciliation report per channel and day and lists differences first', async () => {
      const line = (ref: string, status: 'MATCHED' | 'AMOUNT_MISMATCH', kind: 'payment' | 'refund' | 'debit' = 'payment') => ({
        billDate: '2026-11-25', kind, ref, status, ourFen: 100, channelFen: status === 'MATCHED' ? 100 : 90, detail: '', checkedAt: AT,
      });
      await store().saveReconciliation('2026-11-25', [line('ord_old', 'MATCHED')]);
      await store().saveReconciliation('2026-11-25', [line('ord_b', 'MATCHED'), line('ord_a', 'MATCHED'), line('rf_1', 'AMOUNT_MISMATCH', 'refund'), line('ord_c', 'AMOUNT_MISMATCH')]);
      await store().saveReconciliation('2026-11-25', [line('dbt_1', 'MATCHED', 'debit')], 'bank');
      expect((await store().listReconciliation('2026-11-25')).map((l) => l.ref)).toEqual(['ord_c', 'rf_1', 'ord_a', 'ord_b']);
      expect(await store().listReconciliation('2026-11-25', 'wechatpay')).toEqual(await store().listReconciliation('2026-11-25'));
      expect(await store().listReconciliation('2026-11-25', 'bank')).toEqual([line('dbt_1', 'MATCHED', 'debit')]);
      expect(await store().listReconciliation('2026-11-24')).toEqual([]);
      await store().saveReconciliation('2026-11-25', []);
      expect(await store().listReconciliation('2026-11-25')).toEqual([]);
    });
  });
}

function describeScheduleContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract, agreements, debits and notices: ${name}`, () => {
    const store = withStore(open);
    const agreement = (agreementId: string, extra: Partial<AgreementRow> = {}): AgreementRow => ({
      agreementId, kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: 'o1', personId: 'per_1', channel: 'bank', contractNo: `c_${agreementId}`,
      accountMasked: '6222****1234', state: 'ACTIVE', live: true, createdAt: AT, updatedAt: AT, ...extra,
    });
    const debit = (debitId: string, attempt: number, extra: Partial<DebitRow> = {}): DebitRow => ({
      debitId, agreementId: 'agr_1', periodKey: '2027', attempt, amountFen: 40000, orderId: 'ord_d', state: 'INIT', failure: null, createdAt: AT, updatedAt: AT, ...extra,
    });

    it('keeps one live agreement per person; a final state frees the person', async () => {
      await store().insertAgreement(agreement('agr_1'));
      await expect(store().insertAgreement(agreement('agr_2'))).rejects.toEqual(new UniqueViolation('agreement_live'));
      expect(await store().getAgreement('agr_2')).toBeNull();
      expect(await store().findAgreementByContract('c_agr_1')).toEqual(agreement('agr_1'));
      expect(await store().transitionAgreement({ agreementId: 'agr_1', from: ['SIGNING'], to: 'ACTIVE', cause: 'x', at: at(1) })).toBe(false);
      expect(await store().transitionAgreement({ agreementId: 'agr_1', from: ['ACTIVE', 'PAUSED'], to: 'CANCELLED', cause: 'user', at: at(1) })).toBe(true);
      expect(await store().getAgreement('agr_1')).toEqual(agreement('agr_1', { state: 'CANCELLED', live: false, updatedAt: at(1), endCause: 'user' }));
      await store().insertAgreement(agreement('agr_2', { createdAt: at(2), channel: 'wechat' }));
      expect((await store().listAgreementsSignedBy('per_1')).map((a) => a.agreementId)).toEqual(['agr_2', 'agr_1']);
      expect(await store().listAgreementsSignedBy('per_2')).toEqual([]);
    });

    it('finds a person\'s live agreement whoever signed it, and none once it has ended', async () => {
      await store().insertAgreement(agreement('agr_1', { personId: 'per_2', signerPersonId: 'per_1', state: 'SIGNING' }));
      expect((await store().findLiveAgreement('per_2', 'auto-renew'))?.agreementId).toBe('agr_1');
      expect(await store().findLiveAgreement('per_1', 'auto-renew')).toBeNull();
      await store().transitionAgreement({ agreementId: 'agr_1', from: ['SIGNING'], to: 'FAILED', cause: 'x', at: at(1) });
      expect(await store().findLiveAgreement('per_2', 'auto-renew')).toBeNull();
      expect((await store().getAgreement('agr_1'))?.endCause).toBe('x');
      await store().insertAgreement(agreement('agr_2', { personId: 'per_2', signerPersonId: 'per_3' }));
      expect(await store().findLiveAgreement('per_2', 'auto-renew')).toEqual(agreement('agr_2', { personId: 'per_2', signerPersonId: 'per_3' }));
    });

    it('locks an agreement for a transaction that acts on it: the row as it stands, unchanged by the lock', async () => {
      await store().insertAgreement(agreement('agr_1'));
      expect(await store().transaction((tx) => tx.lockAgreement('agr_1'))).toEqual(agreement('agr_1'));
      expect(await store().transaction((tx) => tx.lockAgreements(['agr_1', 'agr_none']))).toEqual([agreement('agr_1')]);
      expect(await store().lockAgreement('agr_none')).toBeNull();
      // A change after the lock is seen, and the lock left nothing behind that a transition or a read would notice.
      expect(await store().transitionAgreement({ agreementId: 'agr_1', from: ['ACTIVE'], to: 'PAUSED', cause: 'user.paused', at: at(1) })).toBe(true);
      expect(await store().getAgreement('agr_1')).toEqual(agreement('agr_1', { state: 'PAUSED', updatedAt: at(1) }));
    });

    it('lets one of many concurrent agreements for a person through', async () => {
      const attempts = Array.from({ length: 6 }, (_, i) => store().insertAgreement(agreement(`agr_c${i}`)));
      expect(await race(attempts, 'agreement_live')).toBe(1);
    });

    it('walks ACTIVE agreements by id after a cursor', async () => {
      await store().insertAgreement(agreement('agr_3', { personId: 'per_3' }));
      await store().insertAgreement(agreement('agr_1'));
      await store().insertAgreement(agreement('agr_2', { personId: 'per_2', state: 'PAUSED' }));
      await store().insertAgreement(agreement('agr_4', { personId: 'per_4' }));
      expect((await store().listActiveAgreements('', 2)).map((a) => a.agreementId)).toEqual(['agr_1', 'agr_3']);
      expect((await store().listActiveAgreements('agr_3', 2)).map((a) => a.agreementId)).toEqual(['agr_4']);
      expect(await store().listActiveAgreements('agr_4', 2)).toEqual([]);
    });

    it('walks SIGNING agreements by id after a cursor', async () => {
      await store().insertAgreement(agreement('agr_1', { state: 'SIGNING' }));
      await store().insertAgreement(agreement('agr_2', { personId: 'per_2' }));
      await store().insertAgreement(agreement('agr_3', { personId: 'per_3', state: 'SIGNING' }));
      expect((await store().listSigningAgreements('', 1)).map((a) => a.agreementId)).toEqual(['agr_1']);
      expect((await store().listSigningAgreements('agr_1', 5)).map((a) => a.agreementId)).toEqual(['agr_3']);
      expect(await store().listSigningAgreements('agr_3', 5)).toEqual([]);
    });

    it('keeps one live or paid debit per agreement and period', async () => {
      await store().insertAgreement(agreement('agr_1'));
      await store().insertOrder(order('ord_d', { channel: 'bank' }), [item('ord_d', 1, 'per_1', 2027)]);
      await store().insertDebit(debit('dbt_1', 1, { state: 'PENDING' }));
      await expect(store().insertDebit(debit('dbt_2', 2))).rejects.toEqual(new UniqueViolation('debit_live'));
      expect(await store().getDebit('dbt_2')).toBeNull();
      expect(await store().transitionDebit({ debitId: 'dbt_1', from: ['INIT'], to: 'FAILED', at: at(1) })).toBe(false);
      expect(await store().transitionDebit({ debitId: 'dbt_1', from: ['PENDING', 'UNKNOWN'], to: 'FAILED', at: at(1), failure: 'NSF' })).toBe(true);
      expect(await store().transitionDebit({ debitId: 'dbt_1', from: ['FAILED'], to: 'FAILED', at: at(2) })).toBe(true);
      expect(await store().getDebit('dbt_1')).toEqual(debit('dbt_1', 1, { state: 'FAILED', failure: 'NSF', updatedAt: at(2) }));
      await expect(store().insertDebit(debit('dbt_dup', 1))).rejects.toEqual(new UniqueViolation('debit_live'));
      await store().insertDebit(debit('dbt_2', 2, { updatedAt: at(3) }));
      await store().insertDebit(debit('dbt_x', 1, { periodKey: '2028', updatedAt: at(2) }));
      expect((await store().listDebits('agr_1', '2027')).map((d) => d.debitId)).toEqual(['dbt_1', 'dbt_2']);
      expect(await store().listDebits('agr_1', '2029')).toEqual([]);
      expect((await store().listDebitsToSettle(['INIT', 'PENDING'], at(9), 10)).map((d) => d.debitId)).toEqual(['dbt_x', 'dbt_2']);
      expect((await store().listDebitsToSettle(['INIT'], at(3), 10)).map((d) => d.debitId)).toEqual(['dbt_x']);
      const attempts = Array.from({ length: 5 }, (_, i) => store().insertDebit(debit(`dbt_r${i}`, 10 + i, { periodKey: '2030' })));
      expect(await race(attempts, 'debit_live')).toBe(1);
    });

    it('sends a notice once per kind and ref and lists the newest first', async () => {
      const notice = (noticeId: string, ref: string, createdAt: string): NoticeRow => ({
        noticeId, personId: 'per_1', openid: 'o1', kind: 'debit.upcoming', ref, title: '即将扣款', body: '正文', createdAt,
      });
      expect(await store().insertNotice(notice('ntc_1', 'agr_1:2027', AT))).toBe(true);
      expect(await store().insertNotice(notice('ntc_2', 'agr_1:2027', at(1)))).toBe(false);
      expect(await store().insertNotice(notice('ntc_3', 'agr_1:2028', at(2)))).toBe(true);
      expect(await store().insertNotice({ ...notice('ntc_4', 'agr_1:2027', at(3)), kind: 'debit.failed' })).toBe(true);
      expect(await store().findNotice('debit.upcoming', 'agr_1:2027')).toEqual(notice('ntc_1', 'agr_1:2027', AT));
      expect(await store().findNotice('debit.upcoming', 'agr_9')).toBeNull();
      expect((await store().listNotices('o1', 2)).map((n) => n.noticeId)).toEqual(['ntc_4', 'ntc_3']);
      const sends = await Promise.all(Array.from({ length: 5 }, (_, i) => store().insertNotice(notice(`ntc_r${i}`, 'race', AT))));
      expect(sends.filter(Boolean)).toHaveLength(1);
    });

    it('keeps a contract end open until the channel confirms it, once per channel and contract', async () => {
      const end = (channel: 'bank' | 'wechat', contractNo: string, requestedAt: string): ContractEndRow => ({
        channel, contractNo, ownerRef: `agr_${contractNo}`, note: '参保人解约', requestedAt, attempts: 0, lastResult: null, confirmedAt: null,
      });
      expect(await store().requestContractEnd(end('bank', 'c1', at(2)))).toBe(true);
      expect(await store().requestContractEnd({ ...end('bank', 'c1', at(5)), note: 'again' })).toBe(false);
      expect(await store().requestContractEnd(end('wechat', 'c1', at(1)))).toBe(true);
      expect(await store().requestContractEnd(end('bank', 'c2', at(3)))).toBe(true);
      expect(await store().getContractEnd('bank', 'c1')).toEqual(end('bank', 'c1', at(2)));
      expect(await store().getContractEnd('bank', 'c9')).toBeNull();

      await store().recordContractEndAttempt({ channel: 'bank', contractNo: 'c1', result: 'unknown', confirmedAt: null });
      await store().recordContractEndAttempt({ channel: 'bank', contractNo: 'c2', result: 'TERMINATING', confirmedAt: at(4) });
      // A late answer never reopens a confirmed end.
      await store().recordContractEndAttempt({ channel: 'bank', contractNo: 'c2', result: 'unknown', confirmedAt: null });
      expect(await store().getContractEnd('bank', 'c2')).toEqual({ ...end('bank', 'c2', at(3)), attempts: 2, lastResult: 'unknown', confirmedAt: at(4) });
      expect((await store().listOpenContractEnds(10)).map((e) => `${e.channel}:${e.contractNo}:${e.attempts}`)).toEqual(['wechat:c1:0', 'bank:c1:1']);
      expect((await store().listOpenContractEnds(1)).map((e) => e.channel)).toEqual(['wechat']);
      const requests = await Promise.all(Array.from({ length: 5 }, () => store().requestContractEnd(end('bank', 'race', AT))));
      expect(requests.filter(Boolean)).toHaveLength(1);
    });
  });
}

function describeCreditSavingsContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract, credit and savings: ${name}`, () => {
    const store = withStore(open);
    const advance = (advanceId: string, extra: Partial<CreditAdvanceRow> = {}): CreditAdvanceRow => ({
      advanceId, personId: 'per_1', benefitYear: 2027, signerPersonId: 'per_1', signerOpenid: 'o1', orderId: 'ord_cr', amountFen: 40000,
      signDate: '2026-11-26', dueDate: '2027-02-28', state: 'INIT', live: true, bankAdvanceId: null, failure: null, paidAt: null, overdueAt: null,
      repaidDate: null, repaidFen: 0, createdAt: AT, updatedAt: AT, ...extra,
    });
    const repayment = (repaymentId: string, extra: Partial<CreditRepaymentRow> = {}): CreditRepaymentRow => ({
      repaymentId, advanceId: 'adv_1', amountFen: 40000, requestedBy: 'o1', channel: 'bank', state: 'INIT', failure: null, prepayId: null, channelTxnId: null,
      collectedAt: null, refundedAt: null, createdAt: AT, updatedAt: AT, paidOutAt: null, ...extra,
    });
    const plan = (planId: string, extra: Partial<SavingsPlanRow> = {}): SavingsPlanRow => ({
      planId, personId: 'per_1', openid: 'o1', contractNo: `sc_${planId}`, accountMasked: '6222****1234', maxDebitFen: 10000, depositFen: 5000,
      schedule: { kind: 'weekly', weekday: 5 }, topUp: true, state: 'ACTIVE', live: true, activeSince: '2026-11-26', createdAt: AT, updatedAt: AT, ...extra,
    });
    const deposit = (depositId: string, attempt: number, extra: Partial<SavingsDepositRow> = {}): SavingsDepositRow => ({
      depositId, planId: 'sp_1', personId: 'per_1', slot: '2026-11-27', kind: 'scheduled', attempt, amountFen: 5000, state: 'INIT', failure: null,
      bankDebitId: null, createdAt: AT, updatedAt: AT, ...extra,
    });
    beforeEach(async () => {
      await store().insertOrder(order('ord_cr', { channel: 'bank' }), [item('ord_cr', 1, 'per_1', 2027)]);
    });

    it('keeps one live advance per person-year; refused or failed frees it', async () => {
      await store().insertCreditAdvance(advance('adv_1'));
      await expect(store().insertCreditAdvance(advance('adv_2'))).rejects.toEqual(new UniqueViolation('credit_advance_live'));
      expect(await store().transitionCreditAdvance({ advanceId: 'adv_1', from: ['UNKNOWN'], to: 'PAID', at: at(1) })).toBe(false);
      expect(
        await store().transitionCreditAdvance({ advanceId: 'adv_1', from: ['INIT'], to: 'PAID', at: at(1), patch: { bankAdvanceId: 'b_1', paidAt: at(1), failure: undefined } }),
      ).toBe(true);
      expect(await store().getCreditAdvance('adv_1')).toEqual(advance('adv_1', { state: 'PAID', bankAdvanceId: 'b_1', paidAt: at(1), updatedAt: at(1) }));
      // What the bank reports repaid is a patch of its own, kept across later transitions.
      expect(await store().transitionCreditAdvance({ advanceId: 'adv_1', from: ['PAID'], to: 'PAID', at: at(1), patch: { repaidFen: 15000 } })).toBe(true);
      expect(await store().transitionCreditAdvance({ advanceId: 'adv_1', from: ['PAID'], to: 'PAID', at: at(1), patch: { failure: null } })).toBe(true);
      expect(await store().getCreditAdvance('adv_1')).toMatchObject({ state: 'PAID', repaidFen: 15000, bankAdvanceId: 'b_1' });
      await store().insertCreditAdvance(advance('adv_3', { personId: 'per_2', benefitYear: 2027, createdAt: at(2) }));
      expect(await store().transitionCreditAdvance({ advanceId: 'adv_3', from: ['INIT'], to: 'REFUSED', at: at(3), patch: { failure: '授信不足' } })).toBe(true);
      expect(await store().getCreditAdvance('adv_3')).toMatchObject({ state: 'REFUSED', live: false, failure: '授信不足' });
      await store().insertCreditAdvance(advance('adv_4', { personId: 'per_2', benefitYear: 2027, createdAt: at(4), updatedAt: at(4) }));
      expect((await store().listCreditAdvances(['per_1', 'per_2'])).map((a) => a.advanceId)).toEqual(['adv_4', 'adv_3', 'adv_1']);
      expect(await store().listCreditAdvances([])).toEqual([]);
      expect((await store().listCreditAdvancesToSettle(['INIT', 'UNKNOWN'], at(9), 10)).map((a) => a.advanceId)).toEqual(['adv_4']);
      expect((await store().listCreditAdvancesInStates(['PAID', 'INIT'], '', 1)).map((a) => a.advanceId)).toEqual(['adv_1']);
      expect((await store().listCreditAdvancesInStates(['PAID', 'INIT'], 'adv_1', 5)).map((a) => a.advanceId)).toEqual(['adv_4']);
      const attempts = Array.from({ length: 5 }, (_, i) => store().insertCreditAdvance(advance(`adv_r${i}`, { personId: 'per_3' })));
      expect(await race(attempts, 'credit_advance_live')).toBe(1);
    });

    it('keeps one repayment awaiting the bank per advance, and credit records once', async () => {
      await store().insertCreditAdvance(advance('adv_1', { state: 'OVERDUE' }));
      await store().insertCreditRepayment(repayment('rp_1'));
      await expect(store().insertCreditRepayment(repayment('rp_2'))).rejects.toEqual(new UniqueViolation('credit_repayment_open'));
      expect(await store().transitionCreditRepayment({ repaymentId: 'rp_1', from: ['INIT'], to: 'FAILED', at: at(1), failure: 'NSF' })).toBe(true);
      expect(await store().transitionCreditRepayment({ repaymentId: 'rp_1', from: ['INIT'], to: 'SUCCESS', at: at(2) })).toBe(false);
      await store().insertCreditRepayment(repayment('rp_2', { createdAt: at(3), updatedAt: at(3) }));
      expect(await store().listCreditRepayments('adv_1')).toEqual([repayment('rp_1', { state: 'FAILED', failure: 'NSF', updatedAt: at(1) }), repayment('rp_2', { createdAt: at(3), updatedAt: at(3) })]);
      expect((await store().listCreditRepaymentsToSettle(['INIT', 'UNKNOWN'], at(9), 10)).map((r) => r.repaymentId)).toEqual(['rp_2']);
      expect(await store().transitionCreditRepayment({ repaymentId: 'rp_2', from: ['INIT'], to: 'FAILED', at: at(4) })).toBe(true);

      // WeChat Pay: the sheet, then the money collected, stay open (one per advance) until the bank has it.
      await store().insertCreditRepayment(repayment('rp_3', { channel: 'wechatpay', createdAt: at(5), updatedAt: at(5) }));
      expect(await store().transitionCreditRepayment({ repaymentId: 'rp_3', from: ['INIT'], to: 'PENDING', at: at(5), patch: { prepayId: 'wx_p' } })).toBe(true);
      expect(await store().transitionCreditRepayment({ repaymentId: 'rp_3', from: ['PENDING'], to: 'COLLECTED', at: at(6), patch: { channelTxnId: 'tx_1', collectedAt: at(6) } })).toBe(true);
      await expect(store().insertCreditRepayment(repayment('rp_4'))).rejects.toEqual(new UniqueViolation('credit_repayment_open'));
      expect(await store().transitionCreditRepayment({ repaymentId: 'rp_3', from: ['COLLECTED'], to: 'REFUNDING', at: at(7), failure: 'rejected:X' })).toBe(true);
      expect(await store().transitionCreditRepayment({ repaymentId: 'rp_3', from: ['REFUNDING'], to: 'REFUNDED', at: at(8), patch: { refundedAt: at(8) } })).toBe(true);
      const refunded = repayment('rp_3', {
        channel: 'wechatpay', state: 'REFUNDED', failure: 'rejected:X', prepayId: 'wx_p', channelTxnId: 'tx_1', collectedAt: at(6), refundedAt: at(8), createdAt: at(5), updatedAt: at(8),
      });
      expect(await store().getCreditRepayment('rp_3')).toEqual(refunded);
      expect(await store().listWechatRepaymentsBetween(at(6), at(7))).toEqual({ collected: [refunded], refunded: [] });
      expect(await store().listWechatRepaymentsBetween(at(7), at(9))).toEqual({ collected: [], refunded: [refunded] });
      expect(await store().getCreditRepayment('rp_9')).toBeNull();
      await store().insertCreditRepayment(repayment('rp_4', { createdAt: at(9), updatedAt: at(9) }));

      // Money neither the bank nor WeChat took back waits for fund staff, oldest first, until they record paying it.
      await store().insertCreditRepayment(repayment('rp_m2', { channel: 'wechatpay', state: 'MANUAL', updatedAt: at(2) }));
      await store().insertCreditRepayment(repayment('rp_m1', { channel: 'wechatpay', state: 'MANUAL', updatedAt: at(1) }));
      expect((await store().listHeldCreditRepayments(10)).map((r) => r.repaymentId)).toEqual(['rp_m1', 'rp_m2']);
      expect(await store().transitionCreditRepayment({ repaymentId: 'rp_m1', from: ['MANUAL'], to: 'MANUAL', at: at(3), patch: { paidOutAt: at(3) } })).toBe(true);
      expect((await store().listHeldCreditRepayments(10)).map((r) => r.repaymentId)).toEqual(['rp_m2']);
      expect(await store().getCreditRepayment('rp_m1')).toMatchObject({ state: 'MANUAL', paidOutAt: at(3) });

      const record = { recordId: 'crd_1', personId: 'per_1', advanceId: 'adv_1', kind: 'advance-overdue' as const, detail: '逾期', recordedAt: AT, resolvedAt: null };
      expect(await store().insertCreditRecord(record)).toBe(true);
      expect(await store().insertCreditRecord({ ...record, recordId: 'crd_2' })).toBe(false);
      expect(await store().resolveCreditRecords('adv_1', at(5))).toBe(1);
      expect(await store().resolveCreditRecords('adv_1', at(6))).toBe(0);
      expect(await store().listCreditRecords('per_1')).toEqual([{ ...record, resolvedAt: at(5) }]);
      expect(await store().listCreditRecords('per_2')).toEqual([]);
    });

    it('keeps one live savings plan per person and changes terms only within the bank limit', async () => {
      await store().insertSavingsPlan(plan('sp_1'));
      await expect(store().insertSavingsPlan(plan('sp_2'))).rejects.toEqual(new UniqueViolation('savings_plan_live'));
      expect(await store().findLiveSavingsPlan('per_1')).toEqual(plan('sp_1'));
      expect(await store().findSavingsPlanByContract('sc_sp_1')).toEqual(plan('sp_1'));
      // Locked inside a transaction, read as it is; the lock changes nothing a reader sees.
      expect(await store().transaction((tx) => tx.lockSavingsPlan('sp_1'))).toEqual(plan('sp_1'));
      expect(await store().lockSavingsPlan('sp_none')).toBeNull();
      expect(await store().getSavingsPlan('sp_1')).toEqual(plan('sp_1'));
      expect(await store().updateSavingsPlanTerms({ planId: 'sp_1', depositFen: 20000, schedule: { kind: 'monthly', day: 3 }, topUp: false, at: at(1) })).toBe(false);
      expect(await store().updateSavingsPlanTerms({ planId: 'sp_1', depositFen: 8000, schedule: { kind: 'monthly', day: 3 }, topUp: false, at: at(1) })).toBe(true);
      expect(await store().transitionSavingsPlan({ planId: 'sp_1', from: ['ACTIVE'], to: 'PAUSED', cause: 'user', at: at(2) })).toBe(true);
      expect(await store().transitionSavingsPlan({ planId: 'sp_1', from: ['PAUSED'], to: 'ACTIVE', cause: 'user', at: at(3), activeSince: '2026-12-01' })).toBe(true);
      expect(await store().getSavingsPlan('sp_1')).toEqual(
        plan('sp_1', { depositFen: 8000, schedule: { kind: 'monthly', day: 3 }, topUp: false, activeSince: '2026-12-01', updatedAt: at(3) }),
      );
      expect(await store().transitionSavingsPlan({ planId: 'sp_1', from: ['ACTIVE'], to: 'CANCELLED', cause: 'user', at: at(4) })).toBe(true);
      expect(await store().findLiveSavingsPlan('per_1')).toBeNull();
      expect(await store().updateSavingsPlanTerms({ planId: 'sp_1', depositFen: 5000, schedule: { kind: 'weekly', weekday: 1 }, topUp: true, at: at(5) })).toBe(false);
      await store().insertSavingsPlan(plan('sp_2', { createdAt: at(5) }));
      await store().insertSavingsPlan(plan('sp_0', { personId: 'per_2', state: 'SIGNING' }));
      expect((await store().listSavingsPlans('per_1')).map((p) => p.planId)).toEqual(['sp_2', 'sp_1']);
      expect((await store().listSavingsPlansInStates(['ACTIVE', 'SIGNING'], '', 5)).map((p) => p.planId)).toEqual(['sp_0', 'sp_2']);
      expect((await store().listSavingsPlansInStates(['ACTIVE', 'SIGNING'], 'sp_0', 5)).map((p) => p.planId)).toEqual(['sp_2']);
      const attempts = Array.from({ length: 5 }, (_, i) => store().insertSavingsPlan(plan(`sp_r${i}`, { personId: 'per_3' })));
      expect(await race(attempts, 'savings_plan_live')).toBe(1);
    });

    it('keeps one live or paid deposit per plan and slot', async () => {
      await store().insertSavingsPlan(plan('sp_1'));
      await store().insertSavingsDeposit(deposit('dep_1', 1, { state: 'PENDING' }));
      await expect(store().insertSavingsDeposit(deposit('dep_2', 2))).rejects.toEqual(new UniqueViolation('savings_deposit_live'));
      expect(await store().transitionSavingsDeposit({ depositId: 'dep_1', from: ['PENDING'], to: 'FAILED', at: at(1), failure: 'NSF', bankDebitId: 'bk_1' })).toBe(true);
      expect(await store().transitionSavingsDeposit({ depositId: 'dep_1', from: ['FAILED'], to: 'FAILED', at: at(2) })).toBe(true);
      expect(await store().getSavingsDeposit('dep_1')).toEqual(deposit('dep_1', 1, { state: 'FAILED', failure: 'NSF', bankDebitId: 'bk_1', updatedAt: at(2) }));
      await store().insertSavingsDeposit(deposit('dep_2', 2, { createdAt: at(3), updatedAt: at(3) }));
      await store().insertSavingsDeposit(deposit('dep_t', 1, { slot: 'topup:2027', kind: 'top-up', createdAt: at(4), updatedAt: at(4) }));
      expect((await store().listSavingsDeposits('sp_1', '2026-11-27')).map((d) => d.depositId)).toEqual(['dep_1', 'dep_2']);
      expect((await store().listSavingsDeposits('sp_1')).map((d) => d.depositId)).toEqual(['dep_1', 'dep_2', 'dep_t']);
      expect((await store().listSavingsDepositsToSettle(['INIT'], at(4), 10)).map((d) => d.depositId)).toEqual(['dep_2']);
      const attempts = Array.from({ length: 5 }, (_, i) => store().insertSavingsDeposit(deposit(`dep_r${i}`, 1, { slot: '2026-12-04' })));
      expect(await race(attempts, 'savings_deposit_live')).toBe(1);
    });

    it('records withdrawals and premiums paid from savings; a transaction sees its own sweep', async () => {
      await store().insertSavingsPlan(plan('sp_1'));
      const withdrawal = { withdrawalId: 'wd_1', planId: 'sp_1', personId: 'per_1', openid: 'o1', amountFen: 3000, accountMasked: '6222****1234', state: 'REQUESTED' as const, createdAt: AT, updatedAt: AT };
      await store().insertSavingsWithdrawal(withdrawal);
      await expect(store().insertSavingsWithdrawal(withdrawal)).rejects.toEqual(new UniqueViolation('savings_withdrawal_id'));
      await store().insertSavingsWithdrawal({ ...withdrawal, withdrawalId: 'wd_2', createdAt: at(1), updatedAt: at(1) });
      expect(await store().transitionSavingsWithdrawal({ withdrawalId: 'wd_1', from: ['REQUESTED'], to: 'PAID', at: at(2) })).toBe(true);
      expect(await store().transitionSavingsWithdrawal({ withdrawalId: 'wd_1', from: ['REQUESTED'], to: 'RETURNED', at: at(3) })).toBe(false);
      expect((await store().listSavingsWithdrawals('per_1')).map((w) => [w.withdrawalId, w.state])).toEqual([['wd_2', 'REQUESTED'], ['wd_1', 'PAID']]);

      const sweep = { orderId: 'ord_cr', planId: 'sp_1', personId: 'per_1', benefitYear: 2027, amountFen: 40000, sweptAt: AT };
      await store().transaction(async (tx) => {
        await tx.insertSavingsSweep(sweep);
        expect(await tx.listSavingsSweeps('per_1')).toEqual([sweep]);
      });
      await expect(store().insertSavingsSweep(sweep)).rejects.toEqual(new UniqueViolation('savings_sweep_order'));
      expect(await store().listSavingsSweeps('per_1')).toEqual([sweep]);
      expect(await store().listSavingsSweeps('per_2')).toEqual([]);
    });

    it('saves a plan\'s target, and pays an employee insurance month once per person', async () => {
      const months = { kind: 'employee-months' as const, months: ['2027-01', '2027-02'], monthlyFen: 45000 };
      await store().insertSavingsPlan(plan('sp_1', { target: months }));
      expect(await store().getSavingsPlan('sp_1')).toEqual(plan('sp_1', { target: months }));
      expect(await store().updateSavingsPlanTerms({ planId: 'sp_1', depositFen: 5000, schedule: { kind: 'weekly', weekday: 5 }, topUp: true, at: at(1) })).toBe(true);
      expect(await store().getSavingsPlan('sp_1')).toEqual(plan('sp_1', { updatedAt: at(1) }));
      expect(await store().updateSavingsPlanTerms({ planId: 'sp_1', depositFen: 5000, schedule: { kind: 'weekly', weekday: 5 }, topUp: true, target: months, at: at(2) })).toBe(true);
      expect((await store().getSavingsPlan('sp_1'))?.target).toEqual(months);

      const paid = { paymentId: 'emc_1', planId: 'sp_1', personId: 'per_1', months: ['2027-01', '2027-02'], monthlyFen: 45000, amountFen: 90000, paidAt: AT };
      await store().transaction(async (tx) => {
        await tx.insertEmployeeContribution(paid);
        expect(await tx.listEmployeeContributions('per_1')).toEqual([paid]);
      });
      await expect(store().insertEmployeeContribution({ ...paid, paymentId: 'emc_2', months: ['2027-02', '2027-03'], amountFen: 90000 })).rejects.toEqual(
        new UniqueViolation('employee_contribution_month'),
      );
      const next = { ...paid, paymentId: 'emc_3', months: ['2027-03'], amountFen: 45000, paidAt: at(3) };
      await store().insertEmployeeContribution(next);
      expect(await store().listEmployeeContributions('per_1')).toEqual([next, paid]);
      expect(await store().listEmployeeContributions('per_2')).toEqual([]);
      await expect(store().insertEmployeeContribution({ ...paid, paymentId: 'emc_e', months: [] })).rejects.toThrow();
      await expect(store().insertEmployeeContribution({ ...paid, paymentId: 'emc_d', months: ['2027-06', '2027-06'] })).rejects.toThrow();
      expect(await store().listEmployeeContributions('per_1')).toEqual([next, paid]);
      const attempts = Array.from({ length: 5 }, (_, i) => store().insertEmployeeContribution({ ...paid, paymentId: `emc_r${i}`, months: ['2027-05'], amountFen: 45000 }));
      expect(await race(attempts, 'employee_contribution_month')).toBe(1);
    });

    it('counts gig workers per enterprise and replaces the day snapshot', async () => {
      const worker = (personId: string, enterpriseKey: string, recordedAt = AT) => ({
        personId, enterpriseKey, enterpriseName: enterpriseKey === 'courier:sf' ? '顺丰' : '美团', enterpriseType: enterpriseKey === 'courier:sf' ? 'courier' as const : 'food-delivery' as const,
        recordedAt, updatedAt: recordedAt,
      });
      await store().upsertGigWorker(worker('per_1', 'courier:sf'));
      await store().upsertGigWorker(worker('per_1', 'food-delivery:mt', at(5)));
      expect(await store().getGigWorker('per_1')).toEqual({ ...worker('per_1', 'food-delivery:mt', at(5)), recordedAt: AT });
      await store().upsertGigWorker(worker('per_2', 'food-delivery:mt'));
      await store().upsertGigWorker(worker('per_3', 'courier:sf'));
      await store().insertEnrollment({ personId: 'per_1', benefitYear: 2027, source: 's', enrolledAt: AT });
      await store().insertEnrollment({ personId: 'per_2', benefitYear: 2027, source: 's', enrolledAt: AT });
      await store().endEnrollment('per_2', 2027, 'refund', at(1));
      // Employee insurance months paid from savings are not counted: they are not yet with the employee insurance system.
      await store().insertSavingsPlan(plan('sp_3', { personId: 'per_3' }));
      await store().insertEmployeeContribution({ paymentId: 'emc_3', planId: 'sp_3', personId: 'per_3', months: ['2027-01'], monthlyFen: 45000, amountFen: 45000, paidAt: AT });
      const counts = await store().countEnterpriseEnrollment(2027);
      expect(counts).toEqual([
        { enterpriseKey: 'courier:sf', enterpriseName: '顺丰', enterpriseType: 'courier', workers: 1, enrolled: 0 },
        { enterpriseKey: 'food-delivery:mt', enterpriseName: '美团', enterpriseType: 'food-delivery', workers: 2, enrolled: 1 },
      ]);
      await store().saveEnterpriseSnapshot('2026-11-26', 2027, [counts[1]], AT);
      await store().saveEnterpriseSnapshot('2026-11-26', 2027, counts, at(1));
      await store().saveEnterpriseSnapshot('2026-11-28', 2027, [counts[0]], at(2));
      const listed = await store().listEnterpriseSnapshots(2027, '2026-11-26', '2026-11-27');
      expect(listed).toEqual(counts.map((c) => ({ ...c, snapshotDate: '2026-11-26', benefitYear: 2027, takenAt: at(1) })));
      expect(await store().listEnterpriseSnapshots(2026, '2026-11-01', '2026-12-31')).toEqual([]);
    });

    it('lists what moved through the bank in a window', async () => {
      /** An agreement of `personId` on `channel`, with one debit whose order (of the matching channel) was paid at `paidAt`. */
      const paidDebit = async (n: string, personId: string, channel: 'bank' | 'wechat', paidAt: string) => {
        await store().insertAgreement({
          agreementId: `agr_${n}`, kind: 'auto-renew', signerPersonId: personId, signerOpenid: `o_${n}`, personId, channel, contractNo: `c_${n}`,
          accountMasked: '6222****1234', state: 'ACTIVE', live: true, createdAt: AT, updatedAt: AT,
        });
        await store().insertOrder(order(`ord_${n}`, { channel: channel === 'bank' ? 'bank' : 'papay', payerPersonId: personId }), [item(`ord_${n}`, 1, personId, 2027)]);
        await store().insertDebit({ debitId: `dbt_${n}`, agreementId: `agr_${n}`, periodKey: '2027', attempt: 1, amountFen: 40000, orderId: `ord_${n}`, state: 'SUCCESS', failure: null, createdAt: AT, updatedAt: at(9) });
        await store().transitionOrder({ orderId: `ord_${n}`, from: ['INIT'], to: 'SUCCESS', cause: 'paid', at: at(9), patch: { paidAt } });
      };
      await paidDebit('1', 'per_2', 'bank', at(3));
      await store().insertCreditAdvance(advance('adv_1', { state: 'PAID', paidAt: at(2) }));
      await store().insertCreditRepayment(repayment('rp_1', { state: 'SUCCESS', updatedAt: at(4), amountFen: 1000 }));
      await store().insertSavingsPlan(plan('sp_1'));
      await store().insertSavingsDeposit(deposit('dep_1', 1, { state: 'SUCCESS', updatedAt: at(1) }));
      await store().insertSavingsDeposit(deposit('dep_late', 1, { slot: '2026-12-04', state: 'SUCCESS', updatedAt: at(20) }));
      // A WeChat 委托代扣 debit is on WeChat's bill, not the bank's statement.
      await paidDebit('w', 'per_3', 'wechat', at(5));
      expect(await store().listPapayDebitsPaidBetween(at(0), at(10))).toEqual([{ debitId: 'dbt_w', orderId: 'ord_w', amountFen: 40000, paidAt: at(5) }]);
      expect(await store().listPapayDebitsPaidBetween(at(6), at(10))).toEqual([]);
      expect(await store().listBankMovementsBetween?.(at(0), at(10))).toEqual([
        { kind: 'deposit', ref: 'dep_1', amountFen: 5000, at: at(1) },
        { kind: 'advance', ref: 'adv_1', amountFen: 40000, at: at(2) },
        { kind: 'debit', ref: 'dbt_1', amountFen: 40000, at: at(3) },
        { kind: 'repayment', ref: 'rp_1', amountFen: 1000, at: at(4) },
      ]);
    });
  });
}
