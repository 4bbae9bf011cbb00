/**
 * Cancelling the WeChat sheet (`payments` action `cancel`) against the running runtime and its WeChat Pay
 * simulator: the order is closed at WeChat first and only a confirmed close ends it (FAILED, the personal-account
 * hold back at once); a close that times out leaves it for the janitor; a payment racing the cancel is never lost.
 *
 * People of its own: 蒋文 (H-DEMO-17, a 100-yuan employee personal account) and his spouse 沈丽, linked by the
 * demo seed and bound here to a fresh openid. 2027 is the year being collected (400 yuan each).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { PaymentsOrderOutput, PayOptionsOutput, PayOutput } from '../../shared/api/paymentOutputs';
import { baseUrl, call, login } from '../support/http';
import { fireTimer } from '../support/sims';
import { ledgerCheck, runtimeDataDir } from '../support/ledger';

jest.setTimeout(60_000);

const JIANG_WEN = { name: '蒋文', idNumber: '340104198405161714' };

type Person = { relation: string; person: { personId: string }; years: { benefitYear: number; state: string; dueFen: number }[] };

async function simPay(requestPayment: unknown, result: 'SUCCESS' | 'FAIL'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl()}/sim/wechatpay/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requestPayment, result }) });
  return { status: res.status, body: await res.json() };
}

/** Why the order became FAILED, from the store's event log (read-only: the runtime keeps writing). */
function failedBy(orderId: string): string | undefined {
  const db = new Database(join(runtimeDataDir(), 'app.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT cause FROM payment_events WHERE order_id = ? AND to_state = 'FAILED'").get(orderId) as { cause: string } | undefined;
    return row?.cause;
  } finally {
    db.close();
  }
}

async function simCharge(orderId: string): Promise<{ trade_state: string; transaction_id: string | null }> {
  const charges = (await (await fetch(`${baseUrl()}/sim/wechatpay/charges`)).json()) as { charges: { out_trade_no: string; trade_state: string; transaction_id: string | null }[] };
  return charges.charges.find((c) => c.out_trade_no === orderId)!;
}

describe('cancelling the WeChat sheet closes the order at WeChat and returns the hold at once', () => {
  let token = '';
  let self: Person;
  let spouse: Person;
  const year = 2027;

  const options = async () => PayOptionsOutput.parse((await call('payments', { action: 'options' }, token)).body.data);
  const cancel = async (orderId: string, as = token) => (await call('payments', { action: 'cancel', orderId }, as)).body;
  const getOrder = async (orderId: string) => PaymentsOrderOutput.parse((await call('payments', { action: 'get', orderId }, token)).body.data).order;
  const pay = async (personId: string, useAccount: boolean) => {
    const { body } = await call('pay', { items: [{ personId, benefitYear: year }], useAccount }, token);
    expect(body.ok).toBe(true);
    return PayOutput.parse(body.data);
  };
  const waitForState = async (orderId: string, state: string) => {
    for (let i = 0; i < 150; i += 1) {
      const order = await getOrder(orderId);
      if (order.state === state) return order;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`order ${orderId} never reached ${state}`);
  };

  beforeAll(async () => {
    token = await login('payment-cancel-jiangwen');
    const bound = await call('bindIdentity', JIANG_WEN, token);
    expect(bound.body.ok).toBe(true);
    const people = (await call('coverage', {}, token)).body.data.people as Person[];
    self = people.find((p) => p.relation === 'self')!;
    spouse = people.find((p) => p.relation === 'spouse')!;
    expect(self.years.find((y) => y.benefitYear === year)!.state).toBe('DUE');
    expect(spouse).toBeDefined();
  });

  it('cancel: the order is FAILED at once, the hold is back, and WeChat shows the order closed (it can no longer be paid)', async () => {
    expect((await options()).accountBalanceFen).toBe(10_000);
    const order = await pay(self.person.personId, true);
    expect(order).toMatchObject({ state: 'PENDING', accountFen: 10_000, wechatFen: 30_000 });
    // Held, not gone: 缴费 says where the 100 yuan is.
    expect(await options()).toMatchObject({ accountBalanceFen: 0, accountHeldFen: 10_000 });

    const answer = await cancel(order.orderId);
    expect(answer.ok).toBe(true);
    expect(PaymentsOrderOutput.parse(answer.data).order).toMatchObject({ orderId: order.orderId, state: 'FAILED', stateLabel: '未成功（未扣款）' });
    expect((await options()).accountBalanceFen).toBe(10_000);
    expect((await options()).accountHeldFen).toBeUndefined();
    expect(await simCharge(order.orderId)).toMatchObject({ trade_state: 'CLOSED', transaction_id: null });
    // The sheet cannot be confirmed any more: WeChat refuses to pay a closed order.
    expect((await simPay(order.requestPayment, 'SUCCESS')).body.code).toBe('ORDER_CLOSED');
    const coverage = (await call('coverage', {}, token)).body.data.people.find((p: Person) => p.relation === 'self') as Person;
    expect(coverage.years.find((y) => y.benefitYear === year)!.state).toBe('DUE');
    // Cancelling again changes nothing.
    expect((await cancel(order.orderId)).data.order.state).toBe('FAILED');
    expect(ledgerCheck().ok).toBe(true);
  });

  it('only the payer may cancel: anyone else gets NOT_FOUND and the order stays open', async () => {
    const order = await pay(spouse.person.personId, false);
    const stranger = await login('payment-cancel-stranger');
    expect(await cancel(order.orderId, stranger)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await getOrder(order.orderId)).state).toBe('PENDING');
    expect((await cancel(order.orderId)).data.order.state).toBe('FAILED');
  });

  it('a close that times out is an unknown outcome: the order and its hold stay until the janitor settles it', async () => {
    const order = await pay(self.person.personId, true);
    expect(order.accountFen).toBe(10_000);
    // WeChat closes the order but its answer never arrives (the client gives up after 3 s).
    const faults = await fetch(`${baseUrl()}/sim/wechatpay/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeout: { phase: 'after', holdMs: 6_000, times: 1, match: `^POST /v3/pay/transactions/out-trade-no/${order.orderId}/close` } }),
    });
    expect(faults.status).toBe(200);
    const answer = await cancel(order.orderId);
    if (answer.data.order.state === 'PENDING') {
      expect((await options()).accountBalanceFen).toBe(0);
      const janitor = await fireTimer('paymentJanitor', 'every2min');
      expect(janitor.status).toBe(200);
    }
    // The janitor (its timer, or another test firing it while the close hung) asks WeChat, learns CLOSED and ends
    // the order; the cancel itself never failed an order whose close it did not hear confirmed.
    await waitForState(order.orderId, 'FAILED');
    expect(failedBy(order.orderId)).toMatch(/^janitor\./);
    expect((await options()).accountBalanceFen).toBe(10_000);
    expect(ledgerCheck().ok).toBe(true);
  });

  it('a close WeChat never received is asked again by the next janitor run, which closes the order as the payer asked', async () => {
    const order = await pay(self.person.personId, true);
    // The close fails before WeChat hears of it: WeChat still says NOTPAY, the order is not yet expired.
    const faults = await fetch(`${baseUrl()}/sim/wechatpay/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serverError: { phase: 'before', times: 1, match: `^POST /v3/pay/transactions/out-trade-no/${order.orderId}/close` } }),
    });
    expect(faults.status).toBe(200);
    const cancelling = (await cancel(order.orderId)).data.order;
    expect(cancelling).toMatchObject({ state: 'PENDING', stateLabel: '正在取消', cancelling: true });
    // Paying again before the close lands hands out no sheet: the janitor's close could break it off mid-payment.
    const again = await pay(self.person.personId, true);
    expect(again).toMatchObject({ orderId: order.orderId, stateLabel: '正在取消' });
    expect(again.requestPayment).toBeUndefined();
    expect((await fireTimer('paymentJanitor', 'every2min')).status).toBe(200);
    await waitForState(order.orderId, 'FAILED');
    expect(failedBy(order.orderId)).toBe('janitor.expired-closed');
    expect((await options()).accountBalanceFen).toBe(10_000);
    expect(ledgerCheck().ok).toBe(true);
  });

  it('a cancel racing a successful payment never loses the payment', async () => {
    const order = await pay(self.person.personId, true);
    const [paid, cancelled] = await Promise.all([simPay(order.requestPayment, 'SUCCESS'), cancel(order.orderId)]);
    const charge = await simCharge(order.orderId);
    if (paid.status === 200) {
      // WeChat took the money first: the close was refused (ORDERPAID) and the payment is booked.
      expect(cancelled.data.order.state).not.toBe('FAILED');
      expect((await waitForState(order.orderId, 'SUCCESS')).accountFen).toBe(10_000);
      expect(charge.trade_state).toBe('SUCCESS');
      expect((await options()).accountBalanceFen).toBe(0);
    } else {
      // The close came first: WeChat refused the payment, so nothing was charged and the hold is back.
      expect(paid.body.code).toBe('ORDER_CLOSED');
      expect(cancelled.data.order.state).toBe('FAILED');
      expect(charge).toMatchObject({ trade_state: 'CLOSED', transaction_id: null });
      expect((await options()).accountBalanceFen).toBe(10_000);
    }
    expect(ledgerCheck().ok).toBe(true);
  });

  it('a cancel arriving after WeChat took the money books the payment, even before the callback', async () => {
    const order = await pay(spouse.person.personId, false);
    expect((await simPay(order.requestPayment, 'SUCCESS')).status).toBe(200);
    const answer = await cancel(order.orderId);
    expect(answer.data.order.state).toBe('SUCCESS');
    expect(await simCharge(order.orderId)).toMatchObject({ trade_state: 'SUCCESS' });
    const coverage = (await call('coverage', {}, token)).body.data.people.find((p: Person) => p.relation === 'spouse') as Person;
    expect(coverage.years.find((y) => y.benefitYear === year)!.state).toBe('ENROLLED');
    expect(ledgerCheck().ok).toBe(true);
  });
});
