import { z } from 'zod';
import { PayOptionsOutput, PaymentsListOutput, PaymentsOrderOutput, PayOutput, RefundOutput, RefundsListOutput } from '../../shared/api/paymentOutputs';
import { baseUrl, call, login } from '../support/http';
import { bankSim, fireTimer } from '../support/sims';
import { ledgerCheck } from '../support/ledger';

/**
 * A function's real answer, checked against its output schema in shared/api/paymentOutputs.ts (what the
 * mini-program parses before a page sees it). Unknown keys are refused too, so the schema says all there is.
 */
async function answer<S extends z.ZodTypeAny>(schema: S, name: string, data: unknown, token: string): Promise<z.infer<S>> {
  const { body } = await call(name, data, token);
  if (!body.ok) throw new Error(`${name} ${JSON.stringify(data)} answered ${JSON.stringify(body.error)}`);
  if (schema instanceof z.ZodObject) schema.strict().parse(body.data);
  return schema.parse(body.data);
}

async function simPay(requestPayment: unknown, result: 'SUCCESS' | 'FAIL') {
  const res = await fetch(`${baseUrl()}/sim/wechatpay/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requestPayment, result }),
  });
  if (!res.ok) throw new Error(`sim pay failed: ${res.status} ${await res.text()}`);
}

async function waitForState(token: string, orderId: string, state: string) {
  for (let i = 0; i < 100; i += 1) {
    const { body } = await call('payments', { action: 'get', orderId }, token);
    if (body.data?.order?.state === state) return body.data.order;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`order ${orderId} never reached ${state}`);
}

describe('paying the premium through the WeChat Pay simulator', () => {
  let token: string;
  let people: { relation: string; person: { personId: string; name: string }; years: { benefitYear: number; state: string; dueFen: number }[] }[];

  beforeAll(async () => {
    token = await login('demo-resident');
    people = (await call('coverage', {}, token)).body.data.people;
  });

  it('shows my personal-account balance before paying, and each prepayable year at the price the order charges (D12, D14)', async () => {
    const options = await answer(PayOptionsOutput, 'payments', { action: 'options' }, token);
    expect(options.accountBalanceFen).toBe(30000);
    const child = people.find((p) => p.relation === 'child')!;
    const years = options.people.find((p) => p.personId === child.person.personId)!.prepayYears;
    expect(years.map((y) => y.benefitYear)).toEqual([2028, 2029, 2030, 2031]);
    const priced = years.find((y) => y.benefitYear === 2029)!;
    expect(priced.dueFen).toEqual(expect.any(Number));
    // The order for that year costs exactly what 缴费 showed; cancelling it (nothing paid) frees the year again.
    const order = await answer(PayOutput, 'pay', { items: [{ personId: child.person.personId, benefitYear: 2029 }] }, token);
    expect(order.totalFen).toBe(priced.dueFen);
    // While that order is open, 缴费 does not offer the year again (pay would refuse it).
    const reopened = await answer(PayOptionsOutput, 'payments', { action: 'options' }, token);
    expect(reopened.people.find((p) => p.personId === child.person.personId)!.prepayYears.find((y) => y.benefitYear === 2029)).toMatchObject({ dueFen: null, note: expect.stringContaining('正在办理中') });
    expect((await answer(PaymentsOrderOutput, 'payments', { action: 'cancel', orderId: order.orderId }, token)).order.state).toBe('FAILED');
    // A year 缴费 does not offer cannot be ordered either: no further than five years ahead (D12).
    const tooFar = await call('pay', { items: [{ personId: child.person.personId, benefitYear: 2032 }] }, token);
    expect(tooFar.body).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE', message: expect.stringContaining('2031') } });
  });

  it('pays my next year from my personal account first and the rest by WeChat Pay, booked once the callback arrives', async () => {
    const self = people.find((p) => p.relation === 'self')!;
    const next = self.years[1];
    expect(next.state).toBe('DUE');
    const { body } = await call('pay', { items: [{ personId: self.person.personId, benefitYear: next.benefitYear }], useAccount: true }, token);
    expect(body).toMatchObject({ ok: true, data: { state: 'PENDING', totalFen: next.dueFen, accountFen: 30000, wechatFen: next.dueFen - 30000 } });
    expect(body.data.requestPayment).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });

    PayOutput.strict().parse(body.data);
    expect((await answer(PayOptionsOutput, 'payments', { action: 'options' }, token)).accountBalanceFen).toBe(0);
    await simPay(body.data.requestPayment, 'SUCCESS');
    const paid = await waitForState(token, body.data.orderId, 'SUCCESS');
    expect(paid.receiptNo).toBe(body.data.orderId);
    const listed = await answer(PaymentsListOutput, 'payments', { action: 'list' }, token);
    expect(listed.orders.find((o) => o.orderId === body.data.orderId)).toMatchObject({ state: 'SUCCESS', accountFen: 30000, savingsFen: 0 });

    const after = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'self');
    expect(after.years[1].state).toBe('ENROLLED');
    expect(ledgerCheck()).toMatchObject({ ok: true, totalFen: 0 });
  });

  it('refuses to charge a paid person-year again', async () => {
    const self = people.find((p) => p.relation === 'self')!;
    const { body } = await call('pay', { items: [{ personId: self.person.personId, benefitYear: self.years[1].benefitYear }] }, token);
    expect(body).toMatchObject({ ok: false, error: { code: 'ALREADY_PAID' } });
  });

  it('answers 100 concurrent identical requests with one order, and the payment charges once', async () => {
    const spouse = people.find((p) => p.relation === 'spouse')!;
    const request = { items: [{ personId: spouse.person.personId, benefitYear: spouse.years[1].benefitYear }] };
    const answers = await Promise.all(Array.from({ length: 100 }, () => call('pay', request, token)));
    const orderIds = new Set(answers.map((a) => a.body.data?.orderId));
    expect(answers.every((a) => a.body.ok)).toBe(true);
    expect(orderIds.size).toBe(1);
    await simPay(answers[0].body.data.requestPayment, 'SUCCESS');
    await waitForState(token, [...orderIds][0], 'SUCCESS');
    const charges = (await (await fetch(`${baseUrl()}/sim/wechatpay/charges`)).json()) as { charges: { out_trade_no: string; trade_state: string }[] };
    expect(charges.charges.filter((o) => o.out_trade_no === [...orderIds][0] && o.trade_state === 'SUCCESS')).toHaveLength(1);
    expect(ledgerCheck().ok).toBe(true);
  });

  it('paying the year being collected and the next one together is no break before the next one (D9): it starts on 1 January', async () => {
    // 葛宁 (H-DEMO-19) was covered in 2025 and 2026 and has paid neither 2027 nor 2028.
    const geNing = await login('payments-gening');
    const personId = (await call('bindIdentity', { name: '葛宁', idNumber: '340104198906152613' }, geNing)).body.data.person.personId;
    const { body } = await call('pay', { items: [{ personId, benefitYear: 2028 }, { personId, benefitYear: 2027 }] }, geNing);
    expect(body).toMatchObject({ ok: true, data: { state: 'PENDING' } });
    await simPay(body.data.requestPayment, 'SUCCESS');
    await waitForState(geNing, body.data.orderId, 'SUCCESS');
    expect((await call('benefitStatus', { personId, date: '2028-01-05' }, geNing)).body).toMatchObject({ ok: true, data: { status: 'active' } });
  });

  it('a year paid ahead waits while the year before it is unpaid, and starts on 1 January once that one is paid too (D9)', async () => {
    // 柏青 (H-DEMO-20): covered in 2025 and 2026; pays 2028 first, then 2027.
    const baiQing = await login('payments-baiqing');
    const personId = (await call('bindIdentity', { name: '柏青', idNumber: '340104199104093425' }, baiQing)).body.data.person.personId;
    const payYear = async (benefitYear: number) => {
      const { body } = await call('pay', { items: [{ personId, benefitYear }] }, baiQing);
      await simPay(body.data.requestPayment, 'SUCCESS');
      await waitForState(baiQing, body.data.orderId, 'SUCCESS');
    };
    const status2028 = async () => (await call('benefitStatus', { personId, date: '2028-01-05' }, baiQing)).body.data.status;
    await payYear(2028);
    expect(await status2028()).toBe('waiting');
    await payYear(2027);
    expect(await status2028()).toBe('active');
  });

  it("refuses another user's person with NOT_FOUND and an unverified relative with a clear code", async () => {
    const stranger = await login('payments-stranger');
    const self = people.find((p) => p.relation === 'self')!;
    await call('bindIdentity', { name: '赵敏', idNumber: '340104197812251843' }, stranger);
    const foreign = await call('pay', { items: [{ personId: self.person.personId, benefitYear: 2027 }] }, stranger);
    expect(foreign.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const added = await call('relatives', { action: 'add', name: '王磊', idNumber: '340104199306012195', relation: 'sibling' }, stranger);
    const wangLei = added.body.data.relatives[0];
    expect(wangLei.verified).toBe(false);
    const unverified = await call('pay', { items: [{ personId: wangLei.person.personId, benefitYear: 2027 }] }, stranger);
    expect(unverified.body).toMatchObject({ ok: false, error: { code: 'RELATIVE_NOT_VERIFIED' } });
  });

  it('records a cash payment at the counter once per receipt, priced by the server, for staff only', async () => {
    const staff = await login('demo-staff');
    const zhaoMin = { idNumber: '340104197812251843', benefitYear: 2027 };
    const wrong = await call('counterPayment', { ...zhaoMin, receiptNo: 'HF-2026-000123', receivedFen: 1 }, staff);
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/应收 \d+\.\d{2} 元，收据金额 0\.01 元/) } });
    // The staff message reads in 元, as on the paper receipt; the amount to record is in fen.
    const [yuan, cents] = /应收 (\d+)\.(\d{2}) 元/.exec(wrong.body.error.message)!.slice(1).map(Number);
    const dueFen = yuan * 100 + cents;
    const paid = await call('counterPayment', { ...zhaoMin, receiptNo: 'HF-2026-000123', receivedFen: dueFen }, staff);
    expect(paid.body).toMatchObject({ ok: true, data: { state: 'SUCCESS', channel: 'cash', totalFen: dueFen } });
    // The same registration again (a retry after a lost answer, a double click, at once): the order it made, once.
    const again = await Promise.all([1, 2, 3].map(() => call('counterPayment', { ...zhaoMin, receiptNo: 'hf-2026-000123', receivedFen: dueFen }, staff)));
    for (const answer of again) expect(answer.body).toMatchObject({ ok: true, data: { orderId: paid.body.data.orderId, receiptNo: 'HF-2026-000123' } });
    // The receipt for another year is refused; another receipt for the paid year says it is paid.
    const reused = await call('counterPayment', { ...zhaoMin, benefitYear: 2028, receiptNo: 'HF-2026-000123', receivedFen: dueFen }, staff);
    expect(reused.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '收据号 HF-2026-000123 已登记过另一笔缴费，请核对收据号' } });
    const paidYear = await call('counterPayment', { ...zhaoMin, receiptNo: 'HF-2026-000125', receivedFen: dueFen }, staff);
    expect(paidYear.body).toMatchObject({ ok: false, error: { code: 'ALREADY_PAID' } });
    const resident = await call('counterPayment', { ...zhaoMin, receiptNo: 'HF-2026-000124', receivedFen: dueFen }, await login('demo-resident'));
    expect(resident.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // 赵敏 (bound by payments-stranger above) finds it in 缴费记录 and opens its receipt: the paper number, refunds at the counter.
    const zhao = await login('payments-stranger');
    const listed = (await call('payments', { action: 'list' }, zhao)).body.data.orders.find((o: { channel?: string }) => o.channel === 'cash');
    const receipt = (await call('payments', { action: 'get', orderId: listed.orderId }, zhao)).body;
    expect(receipt).toMatchObject({ ok: true, data: { order: { channel: 'cash', receiptNo: 'HF-2026-000123', refundElsewhere: expect.stringContaining('经办窗口') } } });
    expect(ledgerCheck().ok).toBe(true);
  });

  it('a payment the payer cancels in the sheet stays open and is closed by the janitor, returning nothing since nothing was taken', async () => {
    const child = people.find((p) => p.relation === 'child')!;
    const { body } = await call('pay', { items: [{ personId: child.person.personId, benefitYear: child.years[1].benefitYear }] }, token);
    expect(body.data.state).toBe('PENDING');
    await simPay(body.data.requestPayment, 'FAIL');
    // WeChat does not notify a failed payment: the order learns it from the janitor's query.
    const res = await fireTimer('paymentJanitor', 'every2min');
    expect(res.status).toBe(200);
    const order = await waitForState(token, body.data.orderId, 'FAILED');
    expect(order.stateLabel).toBe('未成功（未扣款）');
    expect(ledgerCheck().ok).toBe(true);
  });
});

describe('refunds (D15) through the WeChat Pay simulator', () => {
  it('refunds a paid next year to its sources after joining employee insurance, and the year can be paid again', async () => {
    const token = await login('demo-resident');
    const people = (await call('coverage', {}, token)).body.data.people;
    const spouse = people.find((p: { relation: string }) => p.relation === 'spouse');
    const year = spouse.years[1].benefitYear;
    expect(spouse.years[1].state).toBe('ENROLLED');
    const orders = (await call('payments', { action: 'list' }, token)).body.data.orders;
    const paid = orders.find((o: { state: string; items: { personId: string; benefitYear: number }[] }) =>
      o.state === 'SUCCESS' && o.items.some((i) => i.personId === spouse.person.personId && i.benefitYear === year));
    const request = { action: 'request', orderId: paid.orderId, personId: spouse.person.personId, benefitYear: year, reason: 'joined-employee-insurance' };
    const first = (await call('refunds', request, token)).body;
    expect(first).toMatchObject({ ok: true, data: { refund: { refundFen: paid.totalFen, wechatFen: paid.wechatFen } } });
    RefundOutput.strict().parse(first.data);
    // The rule's words name the amount in 元 (D15), and later views of the refund keep them.
    const yuan = `${Math.floor(paid.totalFen / 100)}.${String(paid.totalFen % 100).padStart(2, '0')}`;
    const ruleMessage = `因参加职工医保，全额退还本人所缴 ${yuan} 元，按原渠道退回`;
    expect(first.data.refund.message).toBe(ruleMessage);
    expect((await answer(RefundOutput, 'refunds', { action: 'get', refundId: first.data.refund.refundId }, token)).refund.message).toBe(ruleMessage);
    const mine = await answer(RefundsListOutput, 'refunds', { action: 'list' }, token);
    expect(mine.refunds.find((r) => r.refundId === first.data.refund.refundId)!.message).toBe(ruleMessage);
    // A second request finds the first: one refund per paid person-year.
    expect((await call('refunds', request, token)).body.data.refund.refundId).toBe(first.data.refund.refundId);

    let state = first.data.refund.state;
    for (let i = 0; i < 100 && state !== 'SUCCESS'; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await call('refunds', { action: 'get', refundId: first.data.refund.refundId }, token)).body.data.refund.state;
    }
    expect(state).toBe('SUCCESS');
    const after = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'spouse');
    expect(after.years[1].state).toBe('DUE');
    // The order no longer reads as paid: its refunded item is marked, and a wholly refunded order has no receipt.
    const order = (await call('payments', { action: 'get', orderId: paid.orderId }, token)).body.data.order;
    expect(order.items.find((i: { personId: string }) => i.personId === spouse.person.personId).refundState).toBe('SUCCESS');
    const wholly = order.items.every((i: { refundState?: string }) => i.refundState === 'SUCCESS');
    expect([order.stateLabel, order.receiptNo]).toEqual(wholly ? ['已退费', undefined] : ['已缴费（部分退费）', paid.orderId]);
    const charges = (await (await fetch(`${baseUrl()}/sim/wechatpay/charges`)).json()) as { refunds: { out_refund_no: string; status: string }[] };
    expect(charges.refunds.filter((r) => r.out_refund_no === first.data.refund.refundId && r.status === 'SUCCESS')).toHaveLength(1);
    expect(ledgerCheck()).toMatchObject({ ok: true, totalFen: 0 });
  });

  it('refuses a refund for a reason the rules do not accept, with the rule engine message', async () => {
    const token = await login('demo-resident');
    const self = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'self');
    const orders = (await call('payments', { action: 'list' }, token)).body.data.orders;
    const paid = orders.find((o: { state: string; items: { personId: string }[] }) => o.state === 'SUCCESS' && o.items[0].personId === self.person.personId);
    const item = paid.items[0];
    const answer = await call('refunds', { action: 'request', orderId: paid.orderId, personId: item.personId, benefitYear: item.benefitYear, reason: 'prepaid-year-withdrawal' }, token);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'NOT_REFUNDABLE', message: expect.stringMatching(/预缴/) } });
    // 重复缴费 is refunded at any time, so it must be true: this order is what enrolled the year, so it is not one.
    const duplicate = await call('refunds', { action: 'request', orderId: paid.orderId, personId: item.personId, benefitYear: item.benefitYear, reason: 'duplicate-payment' }, token);
    expect(duplicate.body).toMatchObject({ ok: false, error: { code: 'NOT_REFUNDABLE', message: `没有查到 ${item.benefitYear} 年度的另一笔缴费，本笔不属于重复缴费。如在其他渠道重复缴了费，请携带缴费凭证到医保经办窗口办理` } });
    const still = (await call('coverage', {}, token)).body.data.people.find((p: { relation: string }) => p.relation === 'self');
    expect(still.years.find((y: { benefitYear: number }) => y.benefitYear === item.benefitYear).state).toBe('ENROLLED');
  });

  it("answers NOT_FOUND for someone else's order", async () => {
    const token = await login('demo-resident');
    const paid = (await call('payments', { action: 'list' }, token)).body.data.orders.find((o: { state: string }) => o.state === 'SUCCESS');
    const other = await login('refund-stranger');
    const answer = await call('refunds', { action: 'request', orderId: paid.orderId, personId: paid.items[0].personId, benefitYear: paid.items[0].benefitYear, reason: 'emigration' }, other);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('refunding a premium paid from 零存整缴 savings (D15, D17)', () => {
  const WEI_DONG = { name: '韦东', idNumber: '340104199607211737' };

  async function runDeposits() {
    const res = await fireTimer('savingsDeposits', 'daily');
    expect(res.status).toBe(200);
  }

  it('sends the refund back to the savings, not to the employee personal account, and savings never pay that year again on their own', async () => {
    const token = await login('payments-savings-weidong');
    expect((await call('bindIdentity', WEI_DONG, token)).body.ok).toBe(true);
    // Debit hours are the bank's business; tests may run at any hour (as tests/integration/savings.test.ts does).
    await bankSim('/config', { allowedHours: { from: '00:00', to: '23:59' } });
    const today: string = (await call('coverage', {}, token)).body.data.today;
    const day = new Date(`${today}T00:00:00Z`).getUTCDay();
    const setup = await call('savings', {
      action: 'setup', depositFen: 50_000, schedule: { kind: 'weekly', weekday: day === 0 ? 7 : day }, enterprise: { name: '庐州货运', type: 'other' },
      bankAccount: { holderName: '韦东', accountNo: '6222020300188887118' },
    }, token);
    expect(setup.body.ok).toBe(true);
    await runDeposits();
    expect((await call('savings', { action: 'get' }, token)).body.data).toMatchObject({ balanceFen: 10_000, target: { benefitYear: 2027, paid: true } });

    const orders = await answer(PaymentsListOutput, 'payments', { action: 'list' }, token);
    const swept = orders.orders.find((o) => o.state === 'SUCCESS' && o.items.some((i) => i.benefitYear === 2027))!;
    expect(swept).toMatchObject({ totalFen: 40_000, savingsFen: 40_000, accountFen: 0, wechatFen: 0 });

    const item = swept.items[0];
    const refund = await answer(RefundOutput, 'refunds', {
      action: 'request', orderId: swept.orderId, personId: item.personId, benefitYear: 2027, reason: 'joined-employee-insurance',
    }, token);
    expect(refund.refund).toMatchObject({ state: 'SUCCESS', refundFen: 40_000, savingsFen: 40_000, accountFen: 0, wechatFen: 0, message: expect.stringContaining('400.00 元') });
    // All of it is the worker's again: nothing is kept back for a year that was refunded.
    expect((await call('savings', { action: 'get' }, token)).body.data).toMatchObject({ balanceFen: 50_000, withdrawableFen: 50_000 });
    expect((await answer(PayOptionsOutput, 'payments', { action: 'options' }, token)).accountBalanceFen).toBe(0);
    expect(ledgerCheck()).toMatchObject({ ok: true, totalFen: 0 });
    // Its history explains the balance: every entry's change adds up to it, the refund included.
    const { entries } = (await call('savings', { action: 'history' }, token)).body.data as { entries: { kind: string; savingsChangeFen: number }[] };
    expect(entries.find((e) => e.kind === 'refund')).toMatchObject({ savingsChangeFen: 40_000 });
    expect(entries.reduce((sum, e) => sum + e.savingsChangeFen, 0)).toBe(50_000);

    // The refunded year stays refunded: the next run does not sweep the savings into it again.
    await runDeposits();
    const self = (await call('coverage', {}, token)).body.data.people[0];
    expect(self.years.find((y: { benefitYear: number }) => y.benefitYear === 2027).state).toBe('DUE');
    expect((await call('savings', { action: 'get' }, token)).body.data.balanceFen).toBe(50_000);
  });
});

describe('daily reconciliation against the WeChat trade bill', () => {
  it('matches every payment and refund of the day and lists nothing missing', async () => {
    const staff = await login('demo-staff');
    const today = (await call('coverage', {}, await login('demo-resident'))).body.data.today;
    const { body } = await call('reconciliation', { action: 'run', billDate: today }, staff);
    expect(body.ok).toBe(true);
    expect(body.data.counts.MATCHED).toBeGreaterThanOrEqual(3);
    expect(body.data.counts).toMatchObject({ MISSING_ON_OUR_SIDE: 0, MISSING_ON_CHANNEL_SIDE: 0, AMOUNT_MISMATCH: 0 });
    const stored = await call('reconciliation', { action: 'get', billDate: today }, staff);
    expect(stored.body.data.lines).toHaveLength(body.data.lines.length);
  });

  it('is for fund staff only', async () => {
    const { body } = await call('reconciliation', { action: 'get', billDate: '2026-11-26' }, await login('demo-resident'));
    expect(body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
