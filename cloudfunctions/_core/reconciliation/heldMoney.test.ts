import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../app';
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import type { CreditRepaymentRow } from '../store/credit.port';
import type { Store } from '../store/port';
import { openSqliteStore } from '../store/sqlite';
import type { Transaction } from '../channels/wechatpay';
import { applyRepaymentTransaction } from '../credit/wechatRepayment';
import { HELD_LIST_LIMIT, listHeldMoney } from './heldMoney';

/**
 * The cases the runtime test (tests/fault/held-money.fault.test.ts) cannot make with the simulators: WeChat paying
 * another amount than the sheet asked, and the age at which collected money is put before staff. Real SQLite store;
 * the App is only its store and clock, all listHeldMoney reads.
 */
const NOW = Date.parse('2026-11-26T06:00:00.000Z');
const AT = '2026-11-26T02:00:00.000Z';
let dir: string;
let store: Store;
let app: App;
const saved = process.env.CREDIT_REMITTANCE_ALERT_MINUTES;

const repayment = (repaymentId: string, extra: Partial<CreditRepaymentRow>): CreditRepaymentRow => ({
  repaymentId, advanceId: 'adv_1', amountFen: 40000, requestedBy: 'o1', channel: 'wechatpay', state: 'MANUAL', failure: null,
  prepayId: 'wx_prepay', channelTxnId: null, collectedAt: null, refundedAt: null, createdAt: AT, updatedAt: AT, ...extra,
});

beforeEach(async () => {
  process.env.CREDIT_REMITTANCE_ALERT_MINUTES = '60';
  dir = mkdtempSync(join(tmpdir(), 'held-money-'));
  store = openSqliteStore(join(dir, 'app.sqlite'));
  app = { store, clock: fixedClock(NOW) } as unknown as App;
  // Two people, each with an advance the bank paid (one open repayment per advance).
  for (const n of [1, 2]) {
    await store.insertPerson(person(n));
    await store.insertOrder({
      orderId: `ord_${n}`, payerPersonId: `per_${n}`, payerOpenid: 'o1', requestHash: `credit:ord_${n}`, totalFen: 40000, accountFen: 0, wechatFen: 40000,
      state: 'SUCCESS', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
    }, []);
    await store.insertCreditAdvance({
      advanceId: `adv_${n}`, personId: `per_${n}`, benefitYear: 2027, signerPersonId: `per_${n}`, signerOpenid: 'o1', orderId: `ord_${n}`, amountFen: 40000,
      signDate: '2026-11-26', dueDate: '2027-01-26', state: 'PAID', live: true, bankAdvanceId: `b${n}`, failure: null, paidAt: AT,
      overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: AT, updatedAt: AT,
    });
  }
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.CREDIT_REMITTANCE_ALERT_MINUTES;
  else process.env.CREDIT_REMITTANCE_ALERT_MINUTES = saved;
});

describe('listHeldMoney', () => {
  it('lists a sheet WeChat says was paid with another amount at what was paid, booked nowhere', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'MANUAL', failure: 'wechat:amount-mismatch:39900' }));
    const out = await listHeldMoney(app, false);
    expect(out.items).toEqual([
      expect.objectContaining({ kind: 'repayment-amount-mismatch', ref: 'rpy_1', amountFen: 39900, accountId: null, reason: expect.stringContaining('微信实付 399.00元 与应还 400.00元 不一致') }),
    ]);
    // Nothing of it is in our accounts: the list explains none of their balances.
    expect(out.accounts.map((a) => a.listedFen)).toEqual([0, 0]);
  });

  it('lists a paid sheet WeChat gave no amount for as not payable, booked nowhere', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'MANUAL', failure: 'wechat:amount-mismatch:none' }));
    const [item] = (await listHeldMoney(app, true)).items;
    expect(item).toMatchObject({ kind: 'repayment-amount-mismatch', amountFen: 0, accountId: null, payable: false, reason: expect.stringContaining('未给出实付金额') });
  });

  it('puts a sheet WeChat says was paid after we closed it before staff, once, booked nowhere', async () => {
    await store.insertCreditRepayment(repayment('rpy_1', { state: 'FAILED', failure: 'wechat:cancelled' }));
    const txn = { out_trade_no: 'rpy_1', transaction_id: 'wx_1', trade_state: 'SUCCESS', amount: { total: 40000 } } as unknown as Transaction;
    expect(await applyRepaymentTransaction(app, txn, 'test')).toBe('mismatch');
    // WeChat repeats itself: nothing changes the second time.
    expect(await applyRepaymentTransaction(app, txn, 'test')).toBe('unchanged');
    expect((await store.listAudit('per_1')).filter((a) => a.action === 'credit.repayment-paid-after-failed')).toHaveLength(1);
    const out = await listHeldMoney(app, true);
    expect(out.items).toEqual([
      expect.objectContaining({ kind: 'repayment-paid-after-close', ref: 'rpy_1', amountFen: 40000, accountId: null, payable: true, reason: expect.stringContaining('已关闭的微信还款单仍被支付 400.00元') }),
    ]);
  });

  it('keeps listing new items however many older ones were paid out (paid-out rows never fill the page)', async () => {
    // Held repayments are final, so one advance may have any number of them.
    for (let i = 0; i <= HELD_LIST_LIMIT; i += 1) {
      const at = new Date(Date.parse(AT) + i * 1000).toISOString();
      await store.insertCreditRepayment(repayment(`rpy_${String(i).padStart(4, '0')}`, { state: 'MANUAL', failure: 'rejected:X;refund-stuck:ABNORMAL', updatedAt: at }));
    }
    for (let i = 0; i < HELD_LIST_LIMIT; i += 1) {
      const id = `rpy_${String(i).padStart(4, '0')}`;
      expect(await store.transitionCreditRepayment({ repaymentId: id, from: ['MANUAL'], to: 'MANUAL', at: AT, patch: { paidOutAt: AT } })).toBe(true);
    }
    const out = await listHeldMoney(app, true);
    expect(out.items.map((i) => i.ref)).toEqual([`rpy_${String(HELD_LIST_LIMIT).padStart(4, '0')}`]);
    expect(out.truncated).toBe(false);
  });

  it('puts collected money before staff by when it was collected, not by when the janitor last touched it', async () => {
    const recent = new Date(NOW - 59 * 60_000).toISOString();
    const old = new Date(NOW - 61 * 60_000).toISOString();
    await store.insertCreditRepayment(repayment('rpy_recent', { state: 'COLLECTED', collectedAt: recent, updatedAt: recent }));
    // Touched a minute ago by the janitor's round-robin, collected over an hour ago.
    await store.insertCreditRepayment(repayment('rpy_old', { advanceId: 'adv_2', state: 'COLLECTED', collectedAt: old, updatedAt: new Date(NOW - 60_000).toISOString() }));
    const out = await listHeldMoney(app, false);
    expect(out.items.map((i) => [i.kind, i.ref, i.since])).toEqual([['remittance-held', 'rpy_old', old]]);
    expect(out.items[0].idMasked).not.toBe('');
    expect(out.truncated).toBe(false);
  });
});
