/**
 * Payments under faults, against the real local runtime (gateway, bundled functions, SQLite, the WeChat Pay
 * simulator as its own process). Three parts:
 *   1. callbacks that are forged, tampered with, replayed or stale are refused and change nothing, while a
 *      genuine one is accepted (so the refusals are not just a broken endpoint);
 *   2. 100 payers racing to pay for the same mother's year: one order reaches WeChat, 99 clear refusals;
 *   3. the seeded random schedule (see harness/schedule.ts) with kill -9 and restarts, then the money checks.
 *
 * Scale: FAULT_RUNS (pay steps, default 300; refunds are a fifth of it), FAULT_SEED replays a run,
 * FAULT_KILLS caps the kills (default max(3, runs/100)), FAULT_SHEET_RETRY=0 stops payers from reopening
 * old payment sheets. The default run takes about 80 s on two cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeFingerprint } from '../support/fingerprint';
import { startRuntime, type Runtime } from '../support/runtime';
import { platformKeys, signCallback, spoiledCallback, transactionSuccessBody, type SpoiledKind } from './harness/callbacks';
import { addMother, Gateway, inBatches, onboard, sleep } from './harness/gateway';
import { buildPopulation, seedPopulation } from './harness/population';
import { FAULT_TODAY, runFaultSchedule, type SimCharges } from './harness/schedule';
import { readStore } from './harness/storeView';

const YEAR = Number(FAULT_TODAY.slice(0, 4)) + 1;
const RUNS = Number(process.env.FAULT_RUNS ?? 300);
const SEED = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Math.floor(Math.random() * 2 ** 31);

/** One clean line on the terminal, outside jest's console decoration. */
const say = (line: string) => process.stdout.write(`${line}\n`);

describe('WeChat Pay callbacks and concurrent payers, on a running runtime', () => {
  const family = buildPopulation({ payers: 100, siblingsPerMother: 100, prefix: 'sib', idSeries: 2 });
  const singles = buildPopulation({ payers: 3, siblingsPerMother: 0, prefix: 'cb', idSeries: 3 });
  let dataDir: string;
  let runtime: Runtime;
  let gw: Gateway;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'medins-callbacks-'));
    await seedPopulation(dataDir, [family, singles]);
    runtime = await startRuntime({ dataDir, env: { DEV_TODAY: FAULT_TODAY } });
    gw = new Gateway(runtime.url);
  }, 180_000);

  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('refuses forged, tampered, stale and replayed callbacks with 4xx and no change, and accepts a genuine one', async () => {
    const keys = platformKeys(dataDir);
    const { token, personId } = await onboard(gw, singles.payers[0]);
    const paid = await gw.call('pay', { items: [{ personId, benefitYear: YEAR }] }, token);
    expect(paid.body).toMatchObject({ ok: true, data: { state: 'PENDING' } });
    const orderId: string = paid.body.data.orderId;

    // The payer really pays, but WeChat's own callback is held back, so only our callbacks reach the order.
    await gw.setFaults({ delayCallback: { delayMs: 600_000, match: 'TRANSACTION' } });
    expect((await gw.simPay({ requestPayment: paid.body.data.requestPayment }, 'SUCCESS')).status).toBe(200);
    const charges = (await gw.getJson('/sim/wechatpay/charges')) as SimCharges;
    const charge = charges.charges.find((c) => c.out_trade_no === orderId)!;
    expect(charge.transaction_id).toBeTruthy();
    const txn = { outTradeNo: orderId, totalFen: charge.total_fen, openid: singles.payers[0].openid, transactionId: charge.transaction_id! };

    const before = storeFingerprint(dataDir);
    for (const kind of ['forged', 'unknown-serial', 'tampered', 'stale'] as SpoiledKind[]) {
      const spoiled = spoiledCallback(keys, txn, kind);
      const answer = await gw.notify(spoiled.headers, spoiled.body);
      expect({ kind, status: answer.status }).toEqual({ kind, status: 400 });
    }
    expect(storeFingerprint(dataDir)).toBe(before);
    expect((await gw.call('payments', { action: 'get', orderId }, token)).body.data.order.state).toBe('PENDING');

    // A genuine callback is accepted and settles the order...
    const body = transactionSuccessBody(keys, txn);
    const headers = signCallback(keys, body);
    expect((await gw.notify(headers, body)).status).toBe(204);
    expect((await gw.call('payments', { action: 'get', orderId }, token)).body.data.order.state).toBe('SUCCESS');

    // ...and the very same bytes again, or its nonce on another order's callback, are refused as replays.
    const second = await onboard(gw, singles.payers[1]);
    const other = await gw.call('pay', { items: [{ personId: second.personId, benefitYear: YEAR }] }, second.token);
    expect(other.body).toMatchObject({ ok: true, data: { state: 'PENDING' } });
    const afterGenuine = storeFingerprint(dataDir);
    expect((await gw.notify(headers, body)).status).toBe(400);
    const otherBody = transactionSuccessBody(keys, { outTradeNo: other.body.data.orderId, totalFen: other.body.data.wechatFen, openid: singles.payers[1].openid });
    const reusedNonce = signCallback(keys, otherBody, { nonce: headers['Wechatpay-Nonce'] });
    expect((await gw.notify(reusedNonce, otherBody)).status).toBe(400);
    expect(storeFingerprint(dataDir)).toBe(afterGenuine);
    expect((await gw.call('payments', { action: 'get', orderId: other.body.data.orderId }, second.token)).body.data.order.state).toBe('PENDING');
    await gw.setFaults({});
  }, 120_000);

  it('an order whose creation answer was lost is ended by the next janitor run, not left until it expires', async () => {
    const { token, personId } = await onboard(gw, singles.payers[2]);
    await gw.setFaults({ serverError: { phase: 'before', status: 500, times: 1, match: '^POST /v3/pay/transactions/jsapi' } });
    const lost = await gw.call('pay', { items: [{ personId, benefitYear: YEAR }] }, token);
    await gw.setFaults({});
    expect(lost.body).toMatchObject({ ok: true, data: { state: 'UNKNOWN' } });
    expect(lost.body.data.requestPayment).toBeUndefined();
    // Nobody holds a prepay_id for it, so nobody can pay it: the janitor closes it at WeChat and ends it now.
    expect((await gw.janitor()).status).toBe(200);
    expect((await gw.call('payments', { action: 'get', orderId: lost.body.data.orderId }, token)).body.data.order.state).toBe('FAILED');
    const again = await gw.call('pay', { items: [{ personId, benefitYear: YEAR }] }, token);
    expect(again.body).toMatchObject({ ok: true, data: { state: 'PENDING', requestPayment: expect.any(Object) } });
    expect(again.body.data.orderId).not.toBe(lost.body.data.orderId);
  }, 60_000);

  it('lets exactly one of 100 siblings paying for their mother at once reach WeChat; 99 are refused clearly', async () => {
    const siblings = await inBatches(family.payers, 8, async (payer) => {
      const { token } = await onboard(gw, payer);
      return { token, motherId: await addMother(gw, token, family.mothers[0]) };
    });
    const motherId = siblings[0].motherId;
    expect(new Set(siblings.map((s) => s.motherId))).toEqual(new Set([motherId]));

    const request = { items: [{ personId: motherId, benefitYear: YEAR }] };
    const answers = await Promise.all(siblings.map((s) => gw.call('pay', request, s.token)));
    const accepted = answers.filter((a) => a.body?.ok);
    const refusals = answers.filter((a) => !a.body?.ok).map((a) => a.body?.error?.code);
    expect(accepted).toHaveLength(1);
    expect(accepted[0].body.data).toMatchObject({ state: 'PENDING', requestPayment: expect.any(Object) });
    expect(refusals).toHaveLength(99);
    expect(refusals.every((code) => code === 'PAYMENT_IN_PROGRESS' || code === 'ALREADY_PAID')).toBe(true);

    const orderId: string = accepted[0].body.data.orderId;
    const store = readStore(dataDir);
    expect(store.items.filter((i) => i.person_id === motherId && i.benefit_year === YEAR).map((i) => i.order_id)).toEqual([orderId]);

    expect((await gw.simPay({ requestPayment: accepted[0].body.data.requestPayment }, 'SUCCESS')).status).toBe(200);
    const payerToken = siblings[answers.indexOf(accepted[0])].token;
    let state = '';
    for (let i = 0; i < 100 && state !== 'SUCCESS'; i += 1) {
      state = (await gw.call('payments', { action: 'get', orderId }, payerToken)).body.data.order.state;
      if (state !== 'SUCCESS') await sleep(100);
    }
    expect(state).toBe('SUCCESS');
    const charges = (await gw.getJson('/sim/wechatpay/charges')) as SimCharges;
    const ourOrders = new Set(readStore(dataDir).items.filter((i) => i.person_id === motherId).map((i) => i.order_id));
    expect(charges.charges.filter((c) => ourOrders.has(c.out_trade_no) && c.transaction_id)).toHaveLength(1);

    // Once paid, everyone racing again is told it is paid.
    const again = await Promise.all(siblings.slice(0, 20).map((s) => gw.call('pay', request, s.token)));
    expect(again.map((a) => a.body?.error?.code)).toEqual(Array(20).fill('ALREADY_PAID'));
  }, 180_000);
});

describe('seeded fault schedule over payments and refunds', () => {
  it(`keeps every fen accounted for through faults and kill -9 (seed ${SEED}, ${RUNS} payments)`, async () => {
    const result = await runFaultSchedule({
      seed: SEED,
      runs: RUNS,
      refunds: Math.round(RUNS / 5),
      maxKills: Number(process.env.FAULT_KILLS ?? Math.max(3, Math.round(RUNS / 100))),
      concurrency: 4,
      sheetRetries: process.env.FAULT_SHEET_RETRY !== '0',
      drainSeconds: 150,
      log: say,
    });
    say(`FAULT_SUMMARY ${JSON.stringify(result.summary)}`);
    const failed = Object.values(result.violations).some((list) => list.length > 0) || !result.ledger.ok;
    if (failed) {
      say(`fault run seed=${SEED} FAILED; data kept in ${result.dataDir}`);
      say(JSON.stringify({ violations: result.violations, ledger: result.ledger, events: result.evidence }, null, 1).slice(0, 20_000));
    }
    // (a) no person-year paid twice; (b) no money lost either way; (c) the ledger balances; (d) all final; (e) no forgery accepted.
    expect(result.violations.paidTwice).toEqual([]);
    expect(result.violations.chargedTwice).toEqual([]);
    expect(result.violations.chargeWithoutOrder).toEqual([]);
    expect(result.violations.orderWithoutCharge).toEqual([]);
    expect(result.violations.amountMismatch).toEqual([]);
    expect(result.violations.simRefundWithoutRefund).toEqual([]);
    expect(result.violations.refundWithoutSimRefund).toEqual([]);
    expect(result.ledger).toMatchObject({ ok: true, totalFen: 0 });
    expect(result.violations.notFinal).toEqual([]);
    expect(result.violations.forgedAccepted).toEqual([]);
    expect(result.summary.payments).toBe(RUNS);
    if (!failed) rmSync(result.dataDir, { recursive: true, force: true });
  }, Math.max(10 * 60_000, RUNS * 400));
});
