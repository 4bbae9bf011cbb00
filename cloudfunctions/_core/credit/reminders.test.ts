import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app';
import { useBankChannel } from '../agreements/bankChannel';
import type { BankClient } from '../channels/bank';
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import { CREDIT_REMINDERS_PROGRESS, runCreditReminders } from './reminders';

/**
 * The daily credit job over more advances than one run may get through: the bank is asked about several at once,
 * and a run cut short is continued by the next run (the timer's, the next day) from where it stopped rather than
 * started over: a job that always restarts at the first advance never reaches the last ones. Real SQLite store; the
 * bank is a stub that counts.
 */
const AT = '2026-12-01T02:00:00.000Z';
const ADVANCES = 7;
let app: App;
let dir: string;
let asked: string[];
let inFlight: number;
let mostInFlight: number;
let failOn: string | null;
let repaidWhenAsked: string | null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credit-reminders-'));
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock: fixedClock(Date.parse(AT)) });
  asked = [];
  inFlight = 0;
  mostInFlight = 0;
  failOn = null;
  repaidWhenAsked = null;
  // Not found at the bank: the job keeps the advance as we hold it, and (due far ahead) reminds nobody.
  const queryAdvance: BankClient['queryAdvance'] = async (no) => {
    asked.push(no);
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight -= 1;
    if (no === failOn) throw new Error('killed');
    if (no === repaidWhenAsked) await app.store.transitionCreditAdvance({ advanceId: no, from: ['PAID'], to: 'REPAID', at: AT });
    return { kind: 'rejected', httpStatus: 404, code: 'NOT_FOUND', message: 'no such advance' };
  };
  useBankChannel(app, { client: { queryAdvance } as unknown as BankClient, idHash: (id) => id });
  for (let n = 1; n <= ADVANCES; n += 1) {
    await app.store.insertPerson(person(n));
    await app.store.insertOrder({
      orderId: `ord_${n}`, payerPersonId: `per_${n}`, payerOpenid: 'o1', requestHash: `credit:ord_${n}`, totalFen: 40000, accountFen: 0, wechatFen: 40000,
      state: 'SUCCESS', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
    }, []);
    await app.store.insertCreditAdvance({
      advanceId: `adv_${n}`, personId: `per_${n}`, benefitYear: 2027, signerPersonId: `per_${n}`, signerOpenid: 'o1', orderId: `ord_${n}`, amountFen: 40000,
      signDate: '2026-12-01', dueDate: '2027-06-30', state: 'PAID', live: true, bankAdvanceId: `b${n}`, failure: null, paidAt: AT,
      overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: AT, updatedAt: AT,
    });
  }
});
afterEach(async () => {
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `adv_${from + i}`);

describe('the daily credit job over many advances', () => {
  it('asks the bank about several advances at once', async () => {
    const report = await runCreditReminders(app, { pageSize: 10, concurrency: 3 });
    expect(report.examined).toBe(ADVANCES);
    expect([...asked].sort()).toEqual(ids(1, ADVANCES));
    expect(mostInFlight).toBe(3);
  });

  it('continues a run cut short from the page it stopped in, the next day too, and starts over once a run has ended', async () => {
    failOn = 'adv_5';
    await expect(runCreditReminders(app, { pageSize: 2, concurrency: 1 })).rejects.toThrow('killed');
    // Pages adv_1–2 and adv_3–4 were done; the run died in adv_5–6.
    expect(await app.store.getMeta(CREDIT_REMINDERS_PROGRESS)).toBe('adv_4');

    // The timer's next run is tomorrow's.
    app = Object.assign(app, { clock: fixedClock(Date.parse(AT) + 24 * 3600_000) });
    failOn = null;
    asked = [];
    expect((await runCreditReminders(app, { pageSize: 2, concurrency: 1 })).examined).toBe(3);
    expect(asked).toEqual(ids(5, ADVANCES));
    expect(await app.store.getMeta(CREDIT_REMINDERS_PROGRESS)).toBe('');

    asked = [];
    expect((await runCreditReminders(app, { pageSize: 2, concurrency: 1 })).examined).toBe(ADVANCES);
    expect(asked).toEqual(ids(1, ADVANCES));
  });

  it('does not remind anyone of an advance repaid between the bank answer and the reminder', async () => {
    // adv_8 falls due tomorrow, so a reminder is due today; its repayment lands just after the bank was asked.
    await app.store.insertOrder({
      orderId: 'ord_8', payerPersonId: 'per_1', payerOpenid: 'o1', requestHash: 'credit:ord_8', totalFen: 40000, accountFen: 0, wechatFen: 40000,
      state: 'SUCCESS', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
    }, []);
    await app.store.insertCreditAdvance({
      advanceId: 'adv_8', personId: 'per_1', benefitYear: 2026, signerPersonId: 'per_1', signerOpenid: 'o1', orderId: 'ord_8', amountFen: 40000,
      signDate: '2026-10-01', dueDate: '2026-12-02', state: 'PAID', live: true, bankAdvanceId: 'b8', failure: null, paidAt: AT,
      overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: AT, updatedAt: AT,
    });
    repaidWhenAsked = 'adv_8';
    const report = await runCreditReminders(app, { pageSize: 10, concurrency: 2 });
    expect(report.reminded).toBe(0);
    expect(await app.store.findNotice('credit.due-soon', 'adv_8:1')).toBeNull();
  });
});
