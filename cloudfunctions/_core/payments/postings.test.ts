import type { TransferInput } from '../ledger/transfer';
import type { PaymentItemRow, PaymentOrderRow } from '../store/port';
import { heldRefundTransfer, heldSources, holdTransfer, paidOrderTransfer, releaseTransfer } from './postings';
import { itemSplit } from './refunds';

const order = (over: Partial<PaymentOrderRow>): PaymentOrderRow => ({
  orderId: 'ord_1', payerPersonId: 'per_1', payerOpenid: 'o1', requestHash: 'h', totalFen: 40000, accountFen: 0, wechatFen: 40000,
  state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: '2026-11-27T00:00:00.000Z', updatedAt: '2026-11-27T00:00:00.000Z',
  ...over,
});

const item = (itemNo: number, dueFen: number): PaymentItemRow => ({
  orderId: 'ord_1', itemNo, personId: `per_${itemNo + 1}`, benefitYear: 2027, standardFen: dueFen, dueFen, live: true,
  quote: JSON.stringify({ standardFen: dueFen, totalFen: dueFen, repairFen: 0, reductions: [] }),
});

/** Legs by account id, so an assertion names where money went. */
const byAccount = (t: TransferInput) => Object.fromEntries(t.legs.map((l) => [l.account.id, l.amountFen]));
const sum = (t: TransferInput) => t.legs.reduce((s, l) => s + l.amountFen, 0);

describe('where an order’s held leg comes from and goes back to (D14 personal account, D17 savings)', () => {
  const savingsPaid = order({ accountFen: 40000, savingsFen: 40000, wechatFen: 0, channel: 'bank' });
  const accountPaid = order({ accountFen: 30000, wechatFen: 10000 });

  it('a premium swept from savings is held from savings, never from the personal account', () => {
    const held = holdTransfer(savingsPaid, 'trf_1', 'at', 'savings.swept');
    expect(held.kind).toBe('savings.swept');
    expect(byAccount(held)).toEqual({ 'savings:per_1': -40000, 'order-hold:ord_1': 40000 });
    expect(sum(held)).toBe(0);
  });

  it('a personal-account payment is held from the personal account, as before', () => {
    expect(byAccount(holdTransfer(accountPaid, 'trf_1', 'at'))).toEqual({ 'personal:per_1': -30000, 'order-hold:ord_1': 30000 });
    expect(heldSources(accountPaid)).toEqual({ personalFen: 30000, savingsFen: 0 });
  });

  it('a released hold goes back to the source it came from', () => {
    expect(byAccount(releaseTransfer(savingsPaid, 'trf_2', 'at'))).toEqual({ 'order-hold:ord_1': -40000, 'savings:per_1': 40000 });
    expect(byAccount(releaseTransfer(accountPaid, 'trf_2', 'at'))).toEqual({ 'order-hold:ord_1': -30000, 'personal:per_1': 30000 });
  });

  it('a refund of a savings-paid premium returns it to savings, not to the personal account', () => {
    const [paid] = [item(0, 40000)];
    const split = itemSplit(savingsPaid, [paid], paid);
    expect(split).toEqual({ accountFen: 40000, savingsFen: 40000, wechatFen: 0 });
    const back = heldRefundTransfer({ refundId: 'rfd_1', ...split }, savingsPaid.payerPersonId, 'trf_3', 'at');
    expect(back.kind).toBe('refund.account-returned');
    expect(byAccount(back)).toEqual({ 'refunds-payable:hefei': -40000, 'savings:per_1': 40000 });
    expect(sum(back)).toBe(0);
  });

  it('splits a mixed order first item first: the held leg, and within it the savings part', () => {
    const mixed = order({ totalFen: 80000, accountFen: 50000, savingsFen: 20000, wechatFen: 30000 });
    const items = [item(0, 40000), item(1, 40000)];
    expect(itemSplit(mixed, items, items[0])).toEqual({ accountFen: 40000, savingsFen: 20000, wechatFen: 0 });
    expect(itemSplit(mixed, items, items[1])).toEqual({ accountFen: 10000, savingsFen: 0, wechatFen: 30000 });
  });

  it('the paid order takes the whole held leg out of the hold, whatever its source', () => {
    const paid = paidOrderTransfer(savingsPaid, [item(0, 40000)], 'trf_4', 'at');
    expect(byAccount(paid)).toMatchObject({ 'order-hold:ord_1': -40000 });
    expect(sum(paid)).toBe(0);
  });
});
