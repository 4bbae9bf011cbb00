/**
 * The adapter against the simulator over real HTTP on a random port: orders, payment through the
 * simulated sheet, callbacks, query, close, refunds, the trade bill, and each fault switch turning a
 * call into the outcome a caller must handle. Callbacks land on a small receiver that hands the raw
 * request to client.parseNotification, as the gateway will.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createWechatPayClient,
  ensureLocalKeys,
  notificationReply,
  type NotificationOutcome,
  type WechatPayClient,
  type WechatPayClientConfig,
} from '../../cloudfunctions/_core/channels/wechatpay';
import { toShanghaiDate, toWechatTime } from '../../cloudfunctions/_core/channels/wechatpay/wechatTime';
import { simControl, startNotifyReceiver, waitFor, type NotifyReceiver } from '../shared/testing';
import { startWechatPaySimulator, type WechatPaySimulator } from './server';
import { localClientConfig } from './testing';

jest.setTimeout(20_000);

const root = mkdtempSync(join(tmpdir(), 'wxsim-'));
const keysDir = join(root, 'keys');
const dataDir = join(root, 'data');
const keys = ensureLocalKeys(keysDir);

let simulator: WechatPaySimulator;
let client: WechatPayClient;
let sequence = 0;
const newNo = (prefix: string) => `${prefix}${Date.now()}${String((sequence += 1)).padStart(4, '0')}`;

// ---- a notify_url that verifies what it receives --------------------------------------------------

interface Delivery {
  outcome: NotificationOutcome;
}
const received: Delivery[] = [];
let failNextDeliveries = 0;
let receiver: NotifyReceiver;
let notifyUrl = '';

const okEvents = () => received.flatMap((delivery) => (delivery.outcome.kind === 'ok' ? [delivery.outcome.event] : []));
const transactionEventsFor = (outTradeNo: string) =>
  okEvents().filter((event) => event.type === 'transaction' && event.transaction.out_trade_no === outTradeNo);

// ---- helpers -------------------------------------------------------------------------------------

const clientConfig = (): WechatPayClientConfig => localClientConfig(simulator.baseUrl, keys);

const sim = (path: string, body?: unknown) => simControl(simulator.baseUrl, path, body);

const orderInput = (outTradeNo: string, totalFen = 40000) => ({
  description: '2026年度合肥市城乡居民基本医疗保险',
  out_trade_no: outTradeNo,
  notify_url: notifyUrl,
  amount: { total: totalFen },
  payer: { openid: 'oLocalPayer0001' },
});

async function createOrder(outTradeNo: string, totalFen = 40000) {
  const created = await client.createJsapiOrder(orderInput(outTradeNo, totalFen));
  if (created.kind !== 'ok') throw new Error(`order not created: ${JSON.stringify(created)}`);
  return created.data;
}

async function payAndAwaitCallback(outTradeNo: string, totalFen = 40000) {
  const created = await createOrder(outTradeNo, totalFen);
  const paid = await sim('/sim/pay', { requestPayment: created.requestPayment, result: 'SUCCESS' });
  expect(paid.status).toBe(200);
  await waitFor(() => transactionEventsFor(outTradeNo).length > 0);
  return created;
}

beforeAll(async () => {
  receiver = await startNotifyReceiver(async (headers, body) => {
    const outcome = await client.parseNotification(headers, body);
    received.push({ outcome });
    const reply = failNextDeliveries > 0 ? { statusCode: 500, body: '' } : notificationReply(outcome.kind === 'ok');
    if (failNextDeliveries > 0) failNextDeliveries -= 1;
    return reply;
  });
  notifyUrl = receiver.url('/wechatpay/notify');
  simulator = await startWechatPaySimulator({ port: 0, keysDir, dataDir, refundSettleMs: 100, callbackRetryDelaysMs: [50, 100, 200] });
  client = createWechatPayClient(clientConfig());
});

afterEach(() => simulator.setFaults({}));

afterAll(async () => {
  await simulator.close();
  await receiver.close();
  rmSync(root, { recursive: true, force: true });
});

// ---- orders --------------------------------------------------------------------------------------

describe('orders', () => {
  test('a JSAPI order gives a prepay_id and requestPayment parameters for the mini-program', async () => {
    const outTradeNo = newNo('ORD');
    const created = await createOrder(outTradeNo);
    expect(created.prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(created.requestPayment).toMatchObject({ appId: keys.appid, package: `prepay_id=${created.prepay_id}`, signType: 'RSA' });
    expect(await client.queryOrder(outTradeNo)).toMatchObject({ kind: 'ok', data: { out_trade_no: outTradeNo, trade_state: 'NOTPAY' } });
  });

  test('the same out_trade_no with the same body gives the same prepay_id; with another body it is refused', async () => {
    const outTradeNo = newNo('IDEM');
    const first = await createOrder(outTradeNo);
    expect((await createOrder(outTradeNo)).prepay_id).toBe(first.prepay_id);
    expect(await client.createJsapiOrder(orderInput(outTradeNo, 40001))).toEqual({
      kind: 'rejected',
      httpStatus: 400,
      code: 'OUT_TRADE_NO_USED',
      message: '商户订单号重复',
    });
  });

  test('paying in the sheet makes the order SUCCESS and delivers a verified TRANSACTION.SUCCESS callback', async () => {
    const outTradeNo = newNo('PAY');
    await payAndAwaitCallback(outTradeNo);
    const [event] = transactionEventsFor(outTradeNo);
    expect(event).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', transaction: { trade_state: 'SUCCESS', amount: { total: 40000 } } });
    const queried = await client.queryOrder(outTradeNo);
    expect(queried).toMatchObject({ kind: 'ok', data: { trade_state: 'SUCCESS', payer: { openid: 'oLocalPayer0001' } } });
    expect(queried.kind === 'ok' && queried.data.transaction_id).toMatch(/^4200\d{24}$/);
    expect(await client.createJsapiOrder(orderInput(outTradeNo))).toMatchObject({ kind: 'rejected', code: 'ORDERPAID' });
    expect(await client.closeOrder(outTradeNo)).toMatchObject({ kind: 'rejected', code: 'ORDERPAID' });
  });

  test('a failed payment in the sheet leaves PAYERROR and sends no callback', async () => {
    const outTradeNo = newNo('FAIL');
    const created = await createOrder(outTradeNo);
    expect((await sim('/sim/pay', { prepay_id: created.prepay_id, result: 'FAIL' })).json.trade_state).toBe('PAYERROR');
    await new Promise((later) => setTimeout(later, 150));
    expect(transactionEventsFor(outTradeNo)).toHaveLength(0);
    expect(await client.queryOrder(outTradeNo)).toMatchObject({ kind: 'ok', data: { trade_state: 'PAYERROR' } });
  });

  test('the sheet refuses requestPayment parameters whose paySign does not verify', async () => {
    const created = await createOrder(newNo('SHEET'));
    const forged = { ...created.requestPayment, paySign: created.requestPayment.paySign.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    expect((await sim('/sim/pay', { requestPayment: forged, result: 'SUCCESS' })).status).toBe(401);
  });

  test('closing an unpaid order makes it CLOSED, closing again is fine, and it can no longer be paid', async () => {
    const outTradeNo = newNo('CLOSE');
    const created = await createOrder(outTradeNo);
    expect(await client.closeOrder(outTradeNo)).toEqual({ kind: 'ok', data: null });
    expect(await client.closeOrder(outTradeNo)).toEqual({ kind: 'ok', data: null });
    expect(await client.queryOrder(outTradeNo)).toMatchObject({ kind: 'ok', data: { trade_state: 'CLOSED' } });
    expect((await sim('/sim/pay', { prepay_id: created.prepay_id, result: 'SUCCESS' })).json.code).toBe('ORDER_CLOSED');
  });

  test('querying a number WeChat never saw is ORDER_NOT_EXIST, so the caller knows creating it again is safe', async () => {
    expect(await client.queryOrder(newNo('NONE'))).toMatchObject({ kind: 'rejected', httpStatus: 404, code: 'ORDER_NOT_EXIST' });
  });

  test('bad input is refused before anything is sent', async () => {
    const outcome = await client.createJsapiOrder({ ...orderInput(newNo('BAD')), amount: { total: 0 } });
    expect(outcome).toMatchObject({ kind: 'rejected', httpStatus: 0, code: 'INVALID_INPUT' });
  });
});

// ---- refunds and the bill ------------------------------------------------------------------------

describe('refunds and the trade bill', () => {
  test('a partial refund is PROCESSING, turns SUCCESS with a REFUND.SUCCESS callback, and is idempotent on out_refund_no', async () => {
    const outTradeNo = newNo('RFO');
    await payAndAwaitCallback(outTradeNo);
    const outRefundNo = newNo('RF');
    const request = { out_trade_no: outTradeNo, out_refund_no: outRefundNo, reason: '重复缴费', amount: { refund: 10000, total: 40000 } };
    const first = await client.refund(request);
    expect(first).toMatchObject({ kind: 'ok', data: { status: 'PROCESSING', amount: { refund: 10000, total: 40000 } } });
    const again = await client.refund(request);
    expect(again.kind === 'ok' && first.kind === 'ok' && again.data.refund_id === first.data.refund_id).toBe(true);
    expect(await client.refund({ ...request, amount: { refund: 20000, total: 40000 } })).toMatchObject({ kind: 'rejected', code: 'INVALID_REQUEST' });

    await waitFor(() => okEvents().find((event) => event.type === 'refund' && event.refund.out_refund_no === outRefundNo));
    expect(await client.queryRefund(outRefundNo)).toMatchObject({ kind: 'ok', data: { status: 'SUCCESS', out_trade_no: outTradeNo } });
    expect(await client.queryOrder(outTradeNo)).toMatchObject({ kind: 'ok', data: { trade_state: 'REFUND' } });
  });

  test('refunding more than is left is refused, and an unknown refund number is RESOURCE_NOT_EXISTS', async () => {
    const outTradeNo = newNo('RFX');
    await payAndAwaitCallback(outTradeNo, 1000);
    expect(await client.refund({ out_trade_no: outTradeNo, out_refund_no: newNo('RFA'), amount: { refund: 600, total: 1000 } })).toMatchObject({ kind: 'ok' });
    expect(await client.refund({ out_trade_no: outTradeNo, out_refund_no: newNo('RFB'), amount: { refund: 600, total: 1000 } })).toMatchObject({
      kind: 'rejected',
      httpStatus: 400,
      message: '申请退款金额超过订单可退金额',
    });
    expect(await client.queryRefund(newNo('RFNONE'))).toMatchObject({ kind: 'rejected', code: 'RESOURCE_NOT_EXISTS' });
  });

  test("today's trade bill downloads, matches its SHA1, parses, and adds up to the simulator's charges", async () => {
    const outTradeNo = newNo('BILL');
    await payAndAwaitCallback(outTradeNo, 12345);
    // The refund test before this one settles its refund after refundSettleMs; on a loaded machine it may still
    // be PROCESSING, and a PROCESSING refund is rightly not on the bill yet.
    await waitFor(async () => ((await sim('/sim/charges')).json.refunds as { status: string; refund_fen: number }[]).some((r) => r.status === 'SUCCESS' && r.refund_fen === 10000));
    const downloaded = await client.downloadTradeBill({ bill_date: toShanghaiDate(new Date()) });
    if (downloaded.kind !== 'ok') throw new Error(JSON.stringify(downloaded));
    const { rows, summary } = downloaded.data.bill;
    expect(downloaded.data.text.split('\r\n')[1]).toMatch(/^`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},`wx/);
    expect(rows.find((row) => row.outTradeNo === outTradeNo)).toMatchObject({ tradeState: 'SUCCESS', settlementTotalFen: 12345, feeMilliFen: 74000 });
    expect(rows.some((row) => row.tradeState === 'REFUND' && row.refundFen === 10000)).toBe(true);
    const { json } = await sim('/sim/charges');
    expect(summary.settlementTotalFen).toBe(json.totals.paidFen);
    expect(summary.refundTotalFen).toBe(json.totals.refundedFen);
  });

  test('a day without transactions has no bill: NO_STATEMENT_EXIST', async () => {
    expect(await client.downloadTradeBill({ bill_date: '2020-01-01' })).toMatchObject({ kind: 'rejected', code: 'NO_STATEMENT_EXIST' });
  });
});

// ---- a day pinned by the runtime (--today, DEV_TODAY) ---------------------------------------------

describe('a day pinned by the runtime', () => {
  // Far from any real date: a time_expire check, a bill day or a signature that followed the real clock would show.
  const PINNED = '2020-01-15';
  let pinned: WechatPaySimulator;
  let pinnedClient: WechatPayClient;

  beforeAll(async () => {
    pinned = await startWechatPaySimulator({ port: 0, keysDir, dataDir: join(root, 'pinned'), today: PINNED, callbackRetryDelaysMs: [50] });
    pinnedClient = createWechatPayClient(localClientConfig(pinned.baseUrl, keys));
  });
  afterAll(() => pinned.close());

  test('stamps the payment on that day, checks time_expire by it, bills it on it, and signs with real time', async () => {
    const health = (await simControl(pinned.baseUrl, '/sim/health')).json;
    expect(health.today).toBe(PINNED);
    const outTradeNo = newNo('PIN');
    // Five minutes after the simulator's business now: long past in real time, so a real-time check would refuse.
    const timeExpire = toWechatTime(new Date(Date.parse(health.now) + 5 * 60_000));
    const created = await pinnedClient.createJsapiOrder({ ...orderInput(outTradeNo), time_expire: timeExpire });
    if (created.kind !== 'ok') throw new Error(JSON.stringify(created));
    const paid = await simControl(pinned.baseUrl, '/sim/pay', { requestPayment: created.data.requestPayment, result: 'SUCCESS' });
    expect(paid.status).toBe(200);
    // The callback's signature is checked by a client on the real clock.
    await waitFor(() => transactionEventsFor(outTradeNo).length > 0);
    expect(await pinnedClient.queryOrder(outTradeNo)).toMatchObject({ kind: 'ok', data: { trade_state: 'SUCCESS', success_time: expect.stringMatching(/^2020-01-15T/) } });
    const bill = await pinnedClient.downloadTradeBill({ bill_date: PINNED });
    if (bill.kind !== 'ok') throw new Error(JSON.stringify(bill));
    expect(bill.data.bill.rows.map((row) => row.outTradeNo)).toContain(outTradeNo);
  });
});

// ---- signatures between the two sides ------------------------------------------------------------

describe('signatures', () => {
  test('a call signed with a key the simulator does not know is refused with 401 SIGN_ERROR', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const impostor = createWechatPayClient({ ...clientConfig(), merchantPrivateKeyPem: stranger.privateKey });
    expect(await impostor.queryOrder(newNo('SIG'))).toMatchObject({ kind: 'rejected', httpStatus: 401, code: 'SIGN_ERROR' });
  });

  test('an answer signed by a platform key we do not trust is unknown, not ok', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const misled = createWechatPayClient({ ...clientConfig(), platformKeys: { [keys.platformSerial]: other.publicKey } });
    expect(await misled.createJsapiOrder(orderInput(newNo('UNTRUST')))).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/BAD_SIGNATURE/) });
  });

  test('in public-key mode answers carry the PUB_KEY_ID serial; a client that only knows the certificate serial cannot verify them', async () => {
    await sim('/sim/config', { platformIdentity: 'publicKey' });
    try {
      expect(await client.queryOrder(newNo('PKM'))).toMatchObject({ kind: 'rejected', code: 'ORDER_NOT_EXIST' });
      const certOnly = createWechatPayClient({ ...clientConfig(), platformKeys: { [keys.platformSerial]: keys.platformPublicKeyPem } });
      expect(await certOnly.createJsapiOrder(orderInput(newNo('PKM')))).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/UNKNOWN_SERIAL/) });
    } finally {
      await sim('/sim/config', { platformIdentity: 'certificate' });
    }
  });
});

// ---- faults --------------------------------------------------------------------------------------

const hasCharge = async (outTradeNo: string) =>
  (await sim('/sim/charges')).json.charges.some((charge: { out_trade_no: string }) => charge.out_trade_no === outTradeNo);

describe('request faults make outcomes unknown, never failed', () => {
  test('a timeout before applying is unknown, and the order does not exist', async () => {
    simulator.setFaults({ timeout: { holdMs: 1_500, phase: 'before', times: 1 } });
    const outTradeNo = newNo('TOB');
    expect(await client.createJsapiOrder(orderInput(outTradeNo))).toEqual({ kind: 'unknown', reason: 'timeout after 400 ms' });
    expect(await hasCharge(outTradeNo)).toBe(false);
  });

  test('a timeout after applying is unknown although the order exists; retrying the same body recovers its prepay_id', async () => {
    simulator.setFaults({ timeout: { holdMs: 1_500, phase: 'after', times: 1 } });
    const outTradeNo = newNo('TOA');
    expect(await client.createJsapiOrder(orderInput(outTradeNo))).toMatchObject({ kind: 'unknown' });
    expect(await hasCharge(outTradeNo)).toBe(true);
    expect(await client.createJsapiOrder(orderInput(outTradeNo))).toMatchObject({ kind: 'ok' });
  });

  test('a 5xx after applying a refund is unknown; the query finds the refund and a retry returns it', async () => {
    const outTradeNo = newNo('R5X');
    await payAndAwaitCallback(outTradeNo);
    const outRefundNo = newNo('R5R');
    simulator.setFaults({ serverError: { status: 503, phase: 'after', match: '^POST /v3/refund', times: 1 } });
    const request = { out_trade_no: outTradeNo, out_refund_no: outRefundNo, amount: { refund: 40000, total: 40000 } };
    expect(await client.refund(request)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/^HTTP 503 SYSTEM_ERROR/) });
    expect(await client.queryRefund(outRefundNo)).toMatchObject({ kind: 'ok', data: { out_refund_no: outRefundNo } });
    expect(await client.refund(request)).toMatchObject({ kind: 'ok', data: { out_refund_no: outRefundNo } });
  });

  test('a reset connection is unknown', async () => {
    simulator.setFaults({ connectionReset: { times: 1 } });
    expect(await client.queryOrder(newNo('RST'))).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/^network error/) });
  });

  test('an answer whose signature does not verify is unknown', async () => {
    simulator.setFaults({ badSignature: { times: 1 } });
    expect(await client.createJsapiOrder(orderInput(newNo('BADSIG')))).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/BAD_SIGNATURE/) });
  });

  test('the same seed gives the same faults for the same calls', async () => {
    const run = async () => {
      simulator.setFaults({ seed: 20260101, serverError: { probability: 0.5, match: '^GET /v3/pay' } });
      const kinds: string[] = [];
      for (let call = 0; call < 12; call += 1) kinds.push((await client.queryOrder('SEEDED000001')).kind);
      return { kinds, fired: (await sim('/sim/faults')).json.fired };
    };
    const first = await run();
    expect(new Set(first.kinds)).toEqual(new Set(['unknown', 'rejected']));
    expect(await run()).toEqual(first);
  });
});

describe('callback faults', () => {
  // The duplicate is drawn when a callback is queued: matched to payments only, so an earlier test's refund finishing
  // meanwhile (its callback queued late) cannot take it.
  test('a duplicate sent afresh arrives twice, verified, with the same event id for the caller to deduplicate', async () => {
    simulator.setFaults({ duplicateCallback: { copies: 1, mode: 'resend', times: 1, match: '^TRANSACTION\\.SUCCESS$' } });
    const outTradeNo = newNo('DUP');
    await payAndAwaitCallback(outTradeNo);
    const events = await waitFor(() => transactionEventsFor(outTradeNo).length === 2 && transactionEventsFor(outTradeNo));
    expect(events[0].id).toBe(events[1].id);
  });

  test('a verbatim replay of a callback is rejected as REPLAYED_NONCE', async () => {
    simulator.setFaults({ duplicateCallback: { copies: 1, mode: 'verbatim', times: 1, match: '^TRANSACTION\\.SUCCESS$' } });
    const before = received.length;
    await payAndAwaitCallback(newNo('RPL'));
    await waitFor(() => received.slice(before).some((delivery) => delivery.outcome.kind === 'rejected' && delivery.outcome.code === 'REPLAYED_NONCE'));
  });

  test('a forged callback is rejected as BAD_SIGNATURE and the genuine one still arrives', async () => {
    simulator.setFaults({ forgedCallback: { times: 1 } });
    const before = received.length;
    const outTradeNo = newNo('FRG');
    await payAndAwaitCallback(outTradeNo);
    // Look among the deliveries since, not at the first: a late callback of an earlier test may come in between.
    const mine = received.slice(before);
    expect(mine.map((d) => d.outcome)).toContainEqual(expect.objectContaining({ kind: 'rejected', code: 'BAD_SIGNATURE' }));
    expect(transactionEventsFor(outTradeNo)).toHaveLength(1);
  });

  test('a delayed callback arrives after a later one (out of order)', async () => {
    simulator.setFaults({ delayCallback: { delayMs: 400, times: 1 } });
    const late = newNo('LATE');
    const early = newNo('EARLY');
    await sim('/sim/pay', { prepay_id: (await createOrder(late)).prepay_id, result: 'SUCCESS' });
    await payAndAwaitCallback(early);
    await waitFor(() => transactionEventsFor(late).length > 0);
    const order = okEvents().map((event) => (event.type === 'transaction' ? event.transaction.out_trade_no : ''));
    expect(order.indexOf(early)).toBeLessThan(order.indexOf(late));
  });

  test('a callback answered with 500 is delivered again until it gets a 2xx', async () => {
    failNextDeliveries = 1;
    const outTradeNo = newNo('RETRY');
    await payAndAwaitCallback(outTradeNo);
    // The receiver verified the first delivery too but answered 500, so WeChat must send it again.
    await waitFor(() => transactionEventsFor(outTradeNo).length === 2);
    const row = await waitFor(async () => {
      const { json } = await sim('/sim/callbacks');
      const found = json.callbacks.find((callback: { subject: string }) => callback.subject === outTradeNo);
      return found?.status !== 'pending' && found;
    });
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, last_result: 'HTTP 204' });
  });
});

// ---- lifecycle -----------------------------------------------------------------------------------

describe('lifecycle', () => {
  test('a restarted simulator still knows every order and charge', async () => {
    const outTradeNo = newNo('KEEP');
    await payAndAwaitCallback(outTradeNo);
    const before = (await sim('/sim/charges')).json;
    await simulator.close();
    simulator = await startWechatPaySimulator({ port: 0, keysDir, dataDir, refundSettleMs: 100, callbackRetryDelaysMs: [50] });
    client = createWechatPayClient(clientConfig());
    expect(await client.queryOrder(outTradeNo)).toMatchObject({ kind: 'ok', data: { trade_state: 'SUCCESS' } });
    expect((await sim('/sim/charges')).json.totals).toEqual(before.totals);
  });

  test('main.ts prints one JSON line with its port and answers /sim/health', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(__dirname, 'main.ts'), '--port', '0', '--keys-dir', keysDir, '--data-dir', join(root, 'cli-data')],
      { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const line = await new Promise<string>((resolveLine, reject) => {
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          if (buffered.includes('\n')) resolveLine(buffered.split('\n')[0]);
        });
        child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
      });
      const announced = JSON.parse(line);
      expect(announced).toEqual({ service: 'wechatpay-sim', port: expect.any(Number) });
      const health = await fetch(`http://127.0.0.1:${announced.port}/sim/health`);
      expect(await health.json()).toMatchObject({ ok: true, service: 'wechatpay-sim', mchid: keys.mchid });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
