/**
 * The seeded fault schedule over payments: many payers paying for themselves and for a shared mother,
 * confirming or cancelling in the payment sheet, asking for refunds, while the WeChat Pay simulator times
 * out, fails, resets, mis-signs, duplicates, delays and forges, forged callbacks arrive from outside, the
 * janitor runs, and the whole runtime is killed with SIGKILL and restarted. Afterwards everything is
 * settled (faults off, the janitor run until nothing is open) and the money is checked end to end.
 *
 * The seed fixes the schedule: the kind of every step, its random draws and the simulator's fault seeds.
 * Steps run a few at a time, so which request wins a race is up to timing; a failing seed replays the
 * same schedule and usually the same failure (FAULT_SEED=<seed>).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSeededRandom } from '../../../simulators/shared/prng';
import { startRuntime, type Runtime } from '../../support/runtime';
import { platformKeys, spoiledCallback, type SpoiledKind } from './callbacks';
import { addMother, Gateway, inBatches, onboard, sleep } from './gateway';
import { buildPopulation, seedPopulation, type SyntheticPayer } from './population';
import { readStore, type StoreSnapshot } from './storeView';

const ROOT = resolve(__dirname, '..', '..', '..');
/**
 * The business day the runs happen on (the runtime's DEV_TODAY, which its WeChat Pay simulator follows), inside
 * 2027's concentrated period whatever the real date: every payment is for the coming year, the one open then.
 */
export const FAULT_TODAY = '2026-11-26';
const YEAR_OFFSET = 1;

export interface ScheduleOptions {
  seed: number;
  /** Pay steps to issue (each may send the same request several times at once). */
  runs: number;
  /** Refund requests to issue. */
  refunds: number;
  maxKills: number;
  /** Steps in flight together. */
  concurrency: number;
  /**
   * Whether payers sometimes reopen an old payment sheet (also one they cancelled) and pay it, as WeChat
   * allows until the order is closed. On by default; FAULT_SHEET_RETRY=0 turns it off to look past that path.
   */
  sheetRetries: boolean;
  /** How long the final settling may take before open orders count as a failure. */
  drainSeconds: number;
  log: (line: string) => void;
}

interface Payer {
  payer: SyntheticPayer;
  token: string;
  personId: string;
  motherId: string | null;
}

interface Sheet {
  orderId: string;
  requestPayment: unknown;
  answered: boolean;
}

type Rng = () => number;
const pickFrom = <T>(r: number, items: T[]): T | undefined => (items.length ? items[Math.floor(r * items.length)] : undefined);
const between = (r: number, lo: number, hi: number) => lo + Math.floor(r * (hi - lo + 1));

export interface SimCharges {
  charges: { out_trade_no: string; prepay_id: string; transaction_id: string | null; trade_state: string; total_fen: number }[];
  refunds: { out_refund_no: string; out_trade_no: string; refund_fen: number; status: string }[];
  totals: { paidFen: number; refundedFen: number; refundProcessingFen: number };
}

export interface Violations {
  /** (a) A person-year with more SUCCESS orders than refunds + 1. */
  paidTwice: string[];
  /** (a) seen from WeChat's side: a person-year charged more often than refunded + 1, whatever our books say. */
  chargedTwice: string[];
  /** (b) Money at WeChat that our books do not hold, or the reverse, or different amounts. */
  chargeWithoutOrder: string[];
  orderWithoutCharge: string[];
  amountMismatch: string[];
  simRefundWithoutRefund: string[];
  refundWithoutSimRefund: string[];
  /** (d) Orders and refunds not in SUCCESS/FAILED after settling; simulator refunds still processing. */
  notFinal: string[];
  /** (e) Forged, tampered or stale callbacks answered 2xx. */
  forgedAccepted: string[];
}

export interface LedgerCheck {
  ok: boolean;
  totalFen: number;
  [key: string]: unknown;
}

export interface ScheduleResult {
  dataDir: string;
  summary: Record<string, unknown>;
  violations: Violations;
  ledger: LedgerCheck;
  /** The payment events of every order named in a violation, for the report. */
  evidence: Record<string, StoreSnapshot['events']>;
}

export function ledgerCheck(dataDir: string): LedgerCheck {
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/ledger-check.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  try {
    return JSON.parse(run.stdout) as LedgerCheck;
  } catch {
    return { ok: false, totalFen: NaN, output: `${run.stdout}\n${run.stderr}` };
  }
}

const count = (tally: Record<string, number>, key: string, by = 1) => {
  tally[key] = (tally[key] ?? 0) + by;
};

/** A fault configuration for the simulator, drawn from the schedule's generator. */
function drawFaults(rng: Rng, configured: Record<string, number>): Record<string, unknown> {
  const config: Record<string, unknown> = { seed: Math.floor(rng() * 2 ** 31) };
  const requestMatches = [undefined, 'jsapi', 'out-trade-no', 'refund', '/close$'];
  const callbackMatches = [undefined, 'TRANSACTION', 'REFUND'];
  const kinds = ['timeout', 'serverError', 'connectionReset', 'badSignature', 'duplicateCallback', 'delayCallback', 'forgedCallback'];
  const switches = rng() < 0.4 ? 2 : 1;
  for (let i = 0; i < switches; i += 1) {
    const kind = pickFrom(rng(), kinds)!;
    const isCallback = kind.endsWith('Callback');
    const match = pickFrom(rng(), isCallback ? callbackMatches : requestMatches);
    const base = { probability: Math.round((0.2 + rng() * 0.5) * 100) / 100, times: between(rng(), 1, 8), ...(match ? { match } : {}) };
    const phase = rng() < 0.5 ? 'before' : 'after';
    let label: string = kind;
    switch (kind) {
      case 'timeout':
        // Held past the runtime's 1 s client deadline (WECHATPAY_TIMEOUT_MS), then dropped.
        config.timeout = { ...base, phase, holdMs: 1500 };
        label = `timeout:${phase}`;
        break;
      case 'serverError':
        config.serverError = { ...base, phase, status: pickFrom(rng(), [500, 502, 503]) };
        label = `serverError:${phase}`;
        break;
      case 'connectionReset':
        config.connectionReset = { ...base, phase };
        label = `connectionReset:${phase}`;
        break;
      case 'badSignature':
        config.badSignature = base;
        break;
      case 'duplicateCallback':
        config.duplicateCallback = { ...base, copies: between(rng(), 1, 3), mode: rng() < 0.5 ? 'resend' : 'verbatim' };
        break;
      case 'delayCallback':
        config.delayCallback = { ...base, delayMs: between(rng(), 200, 4000) };
        break;
      case 'forgedCallback':
        config.forgedCallback = base;
        break;
    }
    count(configured, label);
  }
  return config;
}

/** Checks (a), (b), (d) over the store and the simulator's books; (c) is the ledger check, (e) is counted while running. */
export function findViolations(store: StoreSnapshot, sim: SimCharges): Omit<Violations, 'forgedAccepted'> {
  const v: Omit<Violations, 'forgedAccepted'> = {
    paidTwice: [], chargedTwice: [], chargeWithoutOrder: [], orderWithoutCharge: [], amountMismatch: [], simRefundWithoutRefund: [], refundWithoutSimRefund: [], notFinal: [],
  };
  const orders = new Map(store.orders.map((o) => [o.order_id, o]));
  // (a) Per person-year: SUCCESS orders holding it, minus refunds of those, must be at most one.
  const paid = new Map<string, { orders: string[]; refunds: number }>();
  for (const item of store.items) {
    if (orders.get(item.order_id)?.state !== 'SUCCESS') continue;
    const key = `${item.person_id}/${item.benefit_year}`;
    const entry = paid.get(key) ?? { orders: [], refunds: 0 };
    entry.orders.push(item.order_id);
    entry.refunds += store.refunds.filter((r) => r.order_id === item.order_id && r.person_id === item.person_id && r.benefit_year === item.benefit_year).length;
    paid.set(key, entry);
  }
  for (const [key, entry] of paid) if (entry.orders.length - entry.refunds > 1) v.paidTwice.push(`${key}: ${entry.orders.join(', ')} with ${entry.refunds} refund(s)`);

  const charges = new Map(sim.charges.filter((c) => c.transaction_id !== null).map((c) => [c.out_trade_no, c]));
  const simRefundsOf = (orderId: string) => sim.refunds.filter((r) => r.out_trade_no === orderId && r.status === 'SUCCESS').length;
  const chargedByPersonYear = new Map<string, string[]>();
  for (const item of store.items) {
    if (!charges.has(item.order_id)) continue;
    const key = `${item.person_id}/${item.benefit_year}`;
    chargedByPersonYear.set(key, [...(chargedByPersonYear.get(key) ?? []), item.order_id]);
  }
  for (const [key, orderIds] of chargedByPersonYear) {
    const refundedCount = orderIds.reduce((sum, id) => sum + simRefundsOf(id), 0);
    if (orderIds.length - refundedCount > 1) v.chargedTwice.push(`${key}: WeChat charged ${orderIds.join(', ')} and refunded ${refundedCount}`);
  }

  // (b) Charges: every charge WeChat took is one SUCCESS order of ours with the same amount, and back.
  const charged = charges;
  for (const [no, c] of charged) {
    const ours = orders.get(no);
    if (!ours || ours.state !== 'SUCCESS') v.chargeWithoutOrder.push(`${no}: WeChat took ${c.total_fen} fen, our order is ${ours?.state ?? 'missing'}`);
    else if (ours.wechat_fen !== c.total_fen) v.amountMismatch.push(`${no}: WeChat ${c.total_fen} fen, ours ${ours.wechat_fen} fen`);
  }
  for (const o of store.orders) {
    if (o.state === 'SUCCESS' && o.wechat_fen > 0 && !charged.has(o.order_id)) v.orderWithoutCharge.push(`${o.order_id}: booked ${o.wechat_fen} fen, WeChat has ${sim.charges.find((c) => c.out_trade_no === o.order_id)?.trade_state ?? 'nothing'}`);
  }
  // Refunds: every refund WeChat paid out is one SUCCESS refund of ours with the same amount, and back.
  const refunds = new Map(store.refunds.map((r) => [r.refund_id, r]));
  const simRefunded = new Map(sim.refunds.filter((r) => r.status === 'SUCCESS').map((r) => [r.out_refund_no, r]));
  for (const [no, r] of simRefunded) {
    const ours = refunds.get(no);
    if (!ours || ours.state !== 'SUCCESS') v.simRefundWithoutRefund.push(`${no}: WeChat refunded ${r.refund_fen} fen, our refund is ${ours?.state ?? 'missing'}`);
    else if (ours.wechat_fen !== r.refund_fen) v.amountMismatch.push(`${no}: WeChat refunded ${r.refund_fen} fen, ours ${ours.wechat_fen} fen`);
  }
  for (const r of store.refunds) {
    if (r.state === 'SUCCESS' && r.wechat_fen > 0 && !simRefunded.has(r.refund_id)) v.refundWithoutSimRefund.push(`${r.refund_id}: ours SUCCESS ${r.wechat_fen} fen, WeChat has ${sim.refunds.find((s) => s.out_refund_no === r.refund_id)?.status ?? 'nothing'}`);
  }
  // (d) Final states everywhere.
  for (const o of store.orders) if (o.state !== 'SUCCESS' && o.state !== 'FAILED') v.notFinal.push(`order ${o.order_id} ${o.state}`);
  for (const r of store.refunds) if (r.state !== 'SUCCESS' && r.state !== 'FAILED') v.notFinal.push(`refund ${r.refund_id} ${r.state}`);
  for (const r of sim.refunds) if (r.status === 'PROCESSING') v.notFinal.push(`WeChat refund ${r.out_refund_no} PROCESSING`);
  return v;
}

export async function runFaultSchedule(options: ScheduleOptions): Promise<ScheduleResult> {
  const started = Date.now();
  const rng = createSeededRandom(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), `medins-fault-${options.seed}-`));
  const population = buildPopulation({ payers: Math.max(30, options.runs), siblingsPerMother: 3, prefix: 'f', idSeries: 1 });
  await seedPopulation(dataDir, [population]);
  // Orders expire after a minute and the client gives up on WeChat after one second, so that the
  // settling at the end and every timeout fault stay short.
  const runtime: Runtime = await startRuntime({ dataDir, env: { PAYMENT_EXPIRE_MINUTES: '1', WECHATPAY_TIMEOUT_MS: '1000', DEV_TODAY: FAULT_TODAY } });
  const gw = new Gateway(runtime.url);
  const keys = platformKeys(dataDir);
  const year = Number(FAULT_TODAY.slice(0, 4)) + YEAR_OFFSET;

  const tally = {
    payCalls: {} as Record<string, number>,
    refundCalls: {} as Record<string, number>,
    sheet: {} as Record<string, number>,
    faultsConfigured: {} as Record<string, number>,
    faultsFired: {} as Record<string, number>,
    forged: {} as Record<string, number>,
  };
  const forgedAccepted: string[] = [];
  const sheets = new Map<string, Sheet>();
  let payIssued = 0;
  let refundsIssued = 0;
  let kills = 0;
  let waves = 0;

  try {
    // Onboarding happens before any fault: every payer binds, and each adds the mother the registry names.
    const payers: Payer[] = await inBatches(population.payers, 8, async (payer) => {
      const { token, personId } = await onboard(gw, payer);
      const mother = payer.motherIndex === null ? null : population.mothers[payer.motherIndex];
      return { payer, token, personId, motherId: mother ? await addMother(gw, token, mother) : null };
    });
    const byOpenid = new Map(payers.map((p) => [p.payer.openid, p]));
    options.log(`fault run seed=${options.seed} runs=${options.runs} payers=${payers.length} data=${dataDir} (replay: FAULT_SEED=${options.seed})`);

    const collectFired = async () => {
      try {
        const described = (await gw.getJson('/sim/wechatpay/faults')) as { fired: { fault: string }[] };
        for (const f of described.fired) count(tally.faultsFired, f.fault);
      } catch {
        // the simulator is down (killed): what it fired is lost with it
      }
    };

    const steps = {
      async pay(r: number[]) {
        const p = pickFrom(r[0], payers)!;
        const personId = r[1] < 0.25 && p.motherId ? p.motherId : p.personId;
        const copies = r[2] < 0.2 ? between(r[3], 2, 4) : 1;
        const request = { items: [{ personId, benefitYear: year }] };
        const answers = await Promise.all(Array.from({ length: copies }, () => gw.call('pay', request, p.token)));
        for (const a of answers) {
          if (a.status === 0) count(tally.payCalls, 'NO_ANSWER');
          else if (a.body?.ok) {
            count(tally.payCalls, `OK_${a.body.data.state}`);
            if (a.body.data.requestPayment && !sheets.has(a.body.data.orderId)) {
              sheets.set(a.body.data.orderId, { orderId: a.body.data.orderId, requestPayment: a.body.data.requestPayment, answered: false });
            }
          } else count(tally.payCalls, a.body?.error?.code ?? `HTTP_${a.status}`);
        }
      },
      async confirm(r: number[]) {
        // Now and then a payer reopens an old sheet, even one they cancelled: WeChat lets them pay it.
        const retry = options.sheetRetries && r[1] < 0.15;
        const pool = [...sheets.values()].filter((s) => retry || !s.answered);
        const sheet = pickFrom(r[0], pool);
        if (!sheet) return;
        const answered = sheet.answered;
        sheet.answered = true;
        const res = await gw.simPay({ requestPayment: sheet.requestPayment }, 'SUCCESS');
        count(tally.sheet, `${answered ? 'retry' : 'confirm'}:${res.status === 200 ? (res.body?.already ? 'already' : 'paid') : res.body?.code ?? res.status}`);
      },
      async cancel(r: number[]) {
        const sheet = pickFrom(r[0], [...sheets.values()].filter((s) => !s.answered));
        if (!sheet) return;
        sheet.answered = true;
        const res = await gw.simPay({ requestPayment: sheet.requestPayment }, 'FAIL');
        count(tally.sheet, `cancel:${res.status === 200 ? res.body?.trade_state : res.body?.code ?? res.status}`);
      },
      async refund(r: number[]) {
        const store = readStore(dataDir);
        const refunded = new Set(store.refunds.map((x) => `${x.order_id}/${x.person_id}/${x.benefit_year}`));
        const success = new Map(store.orders.filter((o) => o.state === 'SUCCESS').map((o) => [o.order_id, o]));
        const candidates = store.items.filter((i) => i.live === 1 && success.has(i.order_id) && !refunded.has(`${i.order_id}/${i.person_id}/${i.benefit_year}`));
        const item = pickFrom(r[0], candidates);
        if (!item) return;
        refundsIssued += 1;
        const payer = byOpenid.get(success.get(item.order_id)!.payer_openid);
        if (!payer) return;
        const res = await gw.call('refunds', { action: 'request', orderId: item.order_id, personId: item.person_id, benefitYear: item.benefit_year, reason: 'joined-employee-insurance' }, payer.token);
        count(tally.refundCalls, res.status === 0 ? 'NO_ANSWER' : res.body?.ok ? `OK_${res.body.data.refund.state}` : res.body?.error?.code ?? `HTTP_${res.status}`);
      },
      async faults(r: number[]) {
        // Its own generator, seeded from this step's draw: the configuration does not depend on timing.
        const config = drawFaults(createSeededRandom(Math.floor(r[0] * 2 ** 31)), tally.faultsConfigured);
        await collectFired();
        await gw.setFaults(config);
      },
      async clearFaults() {
        await collectFired();
        await gw.setFaults({});
      },
      async janitor() {
        await gw.janitor();
      },
      async forge(r: number[]) {
        const open = readStore(dataDir).orders.filter((o) => o.state !== 'SUCCESS' && o.state !== 'FAILED' && o.wechat_fen > 0);
        const order = pickFrom(r[0], open);
        if (!order) return;
        const kind = pickFrom<SpoiledKind>(r[1], ['forged', 'tampered', 'stale', 'unknown-serial'])!;
        const spoiled = spoiledCallback(keys, { outTradeNo: order.order_id, totalFen: order.wechat_fen, openid: order.payer_openid }, kind);
        try {
          const answer = await gw.notify(spoiled.headers, spoiled.body);
          count(tally.forged, `${kind}:${answer.status}`);
          if (answer.status >= 200 && answer.status < 300) forgedAccepted.push(`${kind} callback for ${order.order_id} answered ${answer.status}`);
        } catch {
          count(tally.forged, `${kind}:NO_ANSWER`);
        }
      },
    };
    type StepName = keyof typeof steps | 'kill';

    const choose = (): { name: StepName; r: number[] } => {
      const weights: [StepName, number][] = [
        ['pay', payIssued < options.runs ? 40 : 0],
        ['confirm', 25],
        ['cancel', 7],
        ['refund', refundsIssued < options.refunds ? 10 : 0],
        ['faults', 6],
        ['clearFaults', 3],
        ['janitor', 6],
        ['forge', 3],
        ['kill', kills < options.maxKills ? 1.5 : 0],
      ];
      const total = weights.reduce((s, [, w]) => s + w, 0);
      let x = rng() * total;
      const r = [rng(), rng(), rng(), rng()];
      for (const [name, w] of weights) {
        if (x < w) {
          // Counted when planned: a wave plans all its steps before any runs, and must not overshoot `runs`.
          if (name === 'pay') payIssued += 1;
          return { name, r };
        }
        x -= w;
      }
      return { name: 'janitor', r };
    };

    const maxWaves = Math.ceil(((options.runs + options.refunds) * 4) / options.concurrency) + 50;
    while ((payIssued < options.runs || refundsIssued < options.refunds) && waves < maxWaves) {
      waves += 1;
      const wave = Array.from({ length: options.concurrency }, choose);
      const killAt = wave.find((s) => s.name === 'kill');
      const work = wave.filter((s) => s.name !== 'kill').map((s) => steps[s.name as keyof typeof steps](s.r).catch(() => undefined));
      if (killAt) {
        // SIGKILL at a random moment while the rest of the wave is in flight, then start again on the same data.
        await collectFired();
        await sleep(between(killAt.r[0], 0, 400));
        kills += 1;
        await runtime.restart();
        options.log(`kill -9 #${kills} after wave ${waves}; restarted`);
      }
      await Promise.all(work);
    }
    await collectFired();

    // ---- settle everything -----------------------------------------------------------------------
    await gw.setFaults({});
    const drainRng = createSeededRandom(options.seed ^ 0x5eed);
    const drainDeadline = Date.now() + options.drainSeconds * 1000;
    let drainRounds = 0;
    for (;;) {
      drainRounds += 1;
      const store = readStore(dataDir);
      const sim = (await gw.getJson('/sim/wechatpay/charges')) as SimCharges;
      const openOrders = store.orders.filter((o) => o.state !== 'SUCCESS' && o.state !== 'FAILED');
      const openRefunds = store.refunds.filter((x) => x.state !== 'SUCCESS' && x.state !== 'FAILED');
      const processing = sim.refunds.filter((x) => x.status === 'PROCESSING');
      if ((openOrders.length === 0 && openRefunds.length === 0 && processing.length === 0) || Date.now() > drainDeadline) break;
      const simOrders = new Map(sim.charges.map((c) => [c.out_trade_no, c]));
      for (const o of openOrders) {
        const atSim = simOrders.get(o.order_id);
        if (o.prepay_id && atSim?.trade_state === 'NOTPAY') {
          // The payer finally answers the sheet, one way or the other.
          await gw.simPay({ prepay_id: o.prepay_id }, drainRng() < 0.5 ? 'SUCCESS' : 'FAIL');
        } else if (!o.prepay_id) {
          // The payer asks again with the same request: the order finds its WeChat leg (or opens it).
          const payer = byOpenid.get(o.payer_openid);
          const items = store.items.filter((i) => i.order_id === o.order_id).map((i) => ({ personId: i.person_id, benefitYear: i.benefit_year }));
          if (payer) await gw.call('pay', { items }, payer.token);
        }
      }
      await gw.janitor();
      await sleep(1000);
    }

    const store = readStore(dataDir);
    const sim = (await gw.getJson('/sim/wechatpay/charges')) as SimCharges;
    const violations: Violations = { ...findViolations(store, sim), forgedAccepted };
    const ledger = ledgerCheck(dataDir);
    const named = new Set(Object.values(violations).flat().map((line: string) => /^(ord_[A-Za-z0-9]+)/.exec(line)?.[1]).filter((x): x is string => Boolean(x)));
    const evidence: ScheduleResult['evidence'] = {};
    for (const id of named) evidence[id] = store.events.filter((e) => e.order_id === id);

    const summary = {
      seed: options.seed,
      runs: options.runs,
      sheetRetries: options.sheetRetries,
      payers: payers.length,
      payments: payIssued,
      refunds: refundsIssued,
      waves,
      kills,
      drainRounds,
      orders: store.orders.length,
      ordersSucceeded: store.orders.filter((o) => o.state === 'SUCCESS').length,
      ordersFailed: store.orders.filter((o) => o.state === 'FAILED').length,
      refundRows: store.refunds.length,
      refundsSucceeded: store.refunds.filter((x) => x.state === 'SUCCESS').length,
      simPaidFen: sim.totals.paidFen,
      simRefundedFen: sim.totals.refundedFen,
      payCalls: tally.payCalls,
      refundCalls: tally.refundCalls,
      sheet: tally.sheet,
      faultsConfigured: tally.faultsConfigured,
      faultsFired: tally.faultsFired,
      forgedFromOutside: tally.forged,
      ledgerOk: ledger.ok,
      ledgerTotalFen: ledger.totalFen,
      violations: Object.fromEntries(Object.entries(violations).map(([k, list]) => [k, list.length])),
      seconds: Math.round((Date.now() - started) / 1000),
    };
    return { dataDir, summary, violations, ledger, evidence };
  } finally {
    await runtime.stop();
  }
}
