/**
 * The payment pages' display logic, pure and without a browser: where an order's money came from, what the result
 * page says for each outcome, which years are offered for prepayment and what the chosen boxes add up to.
 * Kept beside the browser tests because the mini-program's sources are outside the unit project's folders.
 *
 * The pages import the shared contract and policy tables through the `@shared` alias, which Taro and tsc know
 * but this jest project does not: the virtual mocks below hand those imports the real modules.
 */
jest.mock('@shared/api/contract', () => jest.requireActual('../../shared/api/contract'), { virtual: true });
jest.mock('@shared/api/errors', () => jest.requireActual('../../shared/api/errors'), { virtual: true });
jest.mock('@shared/api/paymentOutputs', () => jest.requireActual('../../shared/api/paymentOutputs'), { virtual: true });

import type { CoverageOutput, CoverageYear } from '../../shared/api/contract';
import type { PayOptionsOutput } from '../../shared/api/paymentOutputs';
import { formatFen } from '../../miniprogram/src/lib/money';
import { shanghaiDateTime } from '../../miniprogram/src/lib/today';
import {
  isRefundMoving,
  orderAmountLines,
  paymentResultView,
  refundAmountLines,
  refundRuleMessage,
  UNKNOWN_RESULT_TEXT,
} from '../../miniprogram/src/pages/payment/common/orderDisplay';
import { parseOutcome, prepayIdOf } from '../../miniprogram/src/pages/payment/common/paymentOutcome';
import { choiceKey, personChoices, summarize } from '../../miniprogram/src/pages/payment/pay/choices';

const shown = (lines: ReturnType<typeof orderAmountLines>) => lines.map((line) => `${line.label} ${formatFen(line.fen)}`);

describe('where an order’s money came from (D14: the personal account pays first, WeChat Pay the rest)', () => {
  test('张伟’s 2027 premium with his 300-yuan account balance: 300.00元 from the account, 100.00元 by WeChat', () => {
    expect(shown(orderAmountLines({ totalFen: 40000, accountFen: 30000, wechatFen: 10000 }))).toEqual([
      '合计 400.00元',
      '职工医保个人账户支付 300.00元',
      '微信支付 100.00元',
    ]);
  });

  test('a payer without a personal account (balance 0) sees no account line at all, only WeChat Pay', () => {
    expect(shown(orderAmountLines({ totalFen: 40000, accountFen: 0, wechatFen: 40000 }))).toEqual(['合计 400.00元', '微信支付 400.00元']);
  });

  test('money a bank debit, a 委托代扣 debit or a counter took is not called WeChat Pay', () => {
    expect(shown(orderAmountLines({ totalFen: 40000, accountFen: 0, wechatFen: 40000, channel: 'bank' }))).toEqual(['合计 400.00元', '合作银行扣缴或代缴 400.00元']);
    expect(shown(orderAmountLines({ totalFen: 40000, accountFen: 0, wechatFen: 40000, channel: 'papay' }))).toEqual(['合计 400.00元', '微信委托代扣 400.00元']);
    expect(shown(orderAmountLines({ totalFen: 40000, accountFen: 0, wechatFen: 40000, channel: 'cash' }))).toEqual(['合计 400.00元', '经办窗口现金缴费 400.00元']);
  });

  test('an account that covers everything leaves no WeChat line', () => {
    expect(shown(orderAmountLines({ totalFen: 4000, accountFen: 4000, wechatFen: 0 }))).toEqual(['合计 40.00元', '职工医保个人账户支付 40.00元']);
  });

  test('a refund goes back the same way, in the same split (D15)', () => {
    expect(shown(refundAmountLines({ refundFen: 40000, accountFen: 30000, wechatFen: 10000 }))).toEqual([
      '退款金额 400.00元',
      '退回职工医保个人账户 300.00元',
      '退回微信支付 100.00元',
    ]);
  });

  test('a premium paid from 零存整缴 savings says so, and its refund goes back to the savings (D17)', () => {
    expect(shown(orderAmountLines({ totalFen: 40000, accountFen: 0, savingsFen: 40000, wechatFen: 0 }))).toEqual(['合计 400.00元', '零存整缴存款支付 400.00元']);
    expect(shown(refundAmountLines({ refundFen: 40000, accountFen: 0, savingsFen: 40000, wechatFen: 0 }))).toEqual(['退款金额 400.00元', '退回零存整缴存款 400.00元']);
  });

  test('a refund shows the rule’s kept words; an older one with only its state label shows none (the tag says it)', () => {
    expect(refundRuleMessage({ message: '因参加职工医保，全额退还本人所缴 400.00 元，按原渠道退回', stateLabel: '已退款' })).toContain('400.00 元');
    expect(refundRuleMessage({ message: '已退款', stateLabel: '已退款' })).toBeNull();
  });
});

describe('what the result page says', () => {
  test('the server’s SUCCESS is 已缴费 whatever the sheet said', () => {
    expect(paymentResultView('SUCCESS', 'confirmed', false).title).toBe('已缴费');
    expect(paymentResultView('SUCCESS', 'cancelled', true).kind).toBe('paid');
  });

  test('a cancelled sheet says nothing was charged, without waiting for WeChat', () => {
    const view = paymentResultView('PENDING', 'cancelled', false);
    expect(view.kind).toBe('not-paid');
    expect(view.detail).toContain('未扣款');
  });

  test('a cancel WeChat has not confirmed yet promises no 继续支付: it is being cancelled, and a new payment comes after', () => {
    const view = paymentResultView('PENDING', 'cancelled', false, { cancelling: true });
    expect(view).toMatchObject({ kind: 'not-paid', title: '正在取消' });
    expect(view.detail).toContain('本次未扣款');
    expect(view.detail).not.toContain('继续支付');
  });

  test('a confirmed sheet waits for the server, then says the result is being confirmed — never "failed"', () => {
    expect(paymentResultView('PENDING', 'confirmed', false).kind).toBe('confirming');
    const late = paymentResultView('UNKNOWN', 'confirmed', true);
    expect(late.kind).toBe('unknown');
    expect(late.detail).toBe(UNKNOWN_RESULT_TEXT);
    expect(UNKNOWN_RESULT_TEXT).toBe('支付结果确认中，请稍后在缴费记录中查看');
  });

  test('a sheet cancelled and closed by the server says so: not paid, order closed', () => {
    expect(paymentResultView('FAILED', 'cancelled', true)).toMatchObject({ kind: 'not-paid', title: '支付已取消', detail: expect.stringContaining('订单已关闭') });
  });

  test('a FAILED order is not paid and says no money was taken', () => {
    expect(paymentResultView('FAILED', 'confirmed', true)).toMatchObject({ kind: 'not-paid', detail: expect.stringContaining('未扣款') });
  });

  test('a FAILED order WeChat took money for never says no money was taken, even after a cancel', () => {
    for (const outcome of ['confirmed', 'cancelled'] as const) {
      const view = paymentResultView('FAILED', outcome, true, { held: 'pending' });
      expect(view).toMatchObject({ kind: 'not-paid', title: '缴费未成功', detail: expect.stringContaining('微信支付已付款，但未能入账，本次未参保') });
      expect(view.detail).not.toContain('未扣款');
    }
    expect(paymentResultView('FAILED', 'none', true, { held: 'paid-out' }).detail).toContain('已由医保经办机构退还');
  });

  test('an outcome in the URL that is not one of ours is read as none', () => {
    expect(parseOutcome('confirmed')).toBe('confirmed');
    expect(parseOutcome('paid-for-sure')).toBe('none');
    expect(parseOutcome(undefined)).toBe('none');
  });

  test('the prepay id is read out of requestPayment’s package', () => {
    expect(prepayIdOf({ package: 'prepay_id=wx2026112700001' })).toBe('wx2026112700001');
  });

  test('a refund is followed while WeChat has not answered; a suspension never moves', () => {
    expect(isRefundMoving({ refundId: 'rfd_1', state: 'PENDING' })).toBe(true);
    expect(isRefundMoving({ refundId: 'rfd_1', state: 'SUCCESS' })).toBe(false);
    expect(isRefundMoving({ refundId: null, state: 'SUSPENDED' })).toBe(false);
  });
});

describe('choosing people and years on 缴费', () => {
  const quote = (benefitYear: number, dueFen: number, reductions: CoverageYear['reductions'] = []): CoverageYear => ({
    benefitYear,
    state: 'DUE',
    standardFen: 40000,
    dueFen,
    reductions,
    benefitStart: `${benefitYear}-01-01`,
    benefitEnd: `${benefitYear}-12-31`,
    waitingMonths: 0,
    provisional: true,
  });
  const enrolled = (benefitYear: number): CoverageYear => ({
    benefitYear,
    state: 'ENROLLED',
    standardFen: null,
    dueFen: null,
    reductions: [],
    benefitStart: null,
    benefitEnd: null,
    waitingMonths: null,
    provisional: false,
  });
  const person = (personId: string, name: string) => ({ personId, name, idNumberMasked: '3401**********0000', birthDate: '1980-01-01', sex: 'M' as const });
  const coverage: CoverageOutput = {
    today: '2026-11-27',
    people: [
      { relation: 'self', verified: true, person: person('p-self', '张伟'), years: [enrolled(2026), quote(2027, 40000)] },
      {
        relation: 'parent',
        verified: true,
        person: person('p-parent', '张建国'),
        years: [enrolled(2026), quote(2027, 4000, [{ rule: 'medical-aid', payer: 'medical-aid-fund', fen: 36000, label: '医疗救助资助参保（低保对象 90%）' }])],
      },
      { relation: 'sibling', verified: false, person: person('p-sibling', '赵敏'), years: [] },
    ],
  };

  /** The server's prices for later years (payments `options`): 2028 at the standard, 2029 not payable today. */
  const prepay = (benefitYear: number, dueFen: number | null) => ({ benefitYear, dueFen, standardFen: dueFen === null ? null : 40000, provisional: true, ...(dueFen === null ? { note: '暂不能缴费' } : {}) });
  const options: PayOptionsOutput = {
    accountBalanceFen: 30000,
    people: [
      { personId: 'p-self', prepayYears: [prepay(2028, 40000), prepay(2029, null)] },
      { personId: 'p-parent', prepayYears: [prepay(2028, 4000), prepay(2029, 4000)] },
    ],
  };

  test('only the user and verified relatives can be chosen; a DUE year carries its quote', () => {
    const people = personChoices(coverage, options);
    expect(people.map((entry) => [entry.name, entry.payable])).toEqual([
      ['张伟', true],
      ['张建国', true],
      ['赵敏', false],
    ]);
    expect(people[1].dueYears[0].reductions[0].label).toBe('医疗救助资助参保（低保对象 90%）');
    expect(people[0].enrolledYears).toEqual([2026]);
  });

  test('each later year is offered with the server’s own price for it; a year it cannot price is not offered (D12)', () => {
    const people = personChoices(coverage, options);
    expect(people[0].prepayYears.map((year) => [year.benefitYear, year.dueFen])).toEqual([[2028, 40000]]);
    // 张建国's aid is priced for each year by the server, not copied from next year's quote.
    expect(people[1].prepayYears.map((year) => [year.benefitYear, year.dueFen])).toEqual([[2028, 4000], [2029, 4000]]);
    expect(people[2].prepayYears).toEqual([]);
  });

  test('a DUE year an unfinished payment holds is shown as 缴费办理中, not offered', () => {
    const held = { ...coverage, people: coverage.people.map((entry, i) => (i === 0 ? { ...entry, years: entry.years.map((y) => (y.state === 'DUE' ? { ...y, paymentInProgress: {} } : y)) } : entry)) };
    const [self] = personChoices(held, options);
    expect(self.dueYears).toEqual([]);
    expect(self.heldYears).toEqual([2027]);
  });

  test('the total adds the server’s prices of every chosen year, due now or prepaid', () => {
    const people = personChoices(coverage, options);
    const chosen = new Set([choiceKey('p-self', 2027), choiceKey('p-parent', 2027), choiceKey('p-parent', 2028), choiceKey('p-sibling', 2027)]);
    const summary = summarize(people, chosen);
    expect(summary.items).toEqual([
      { personId: 'p-self', benefitYear: 2027 },
      { personId: 'p-parent', benefitYear: 2027 },
      { personId: 'p-parent', benefitYear: 2028 },
    ]);
    expect(formatFen(summary.totalFen)).toBe('480.00元');
    expect(summary.prepayCount).toBe(1);
  });
});

describe('times from the server are shown in Shanghai', () => {
  test('an instant late on the 26th UTC is the morning of the 27th in Hefei', () => {
    expect(shanghaiDateTime('2026-11-26T23:59:57.604Z')).toBe('2026-11-27 07:59');
    expect(shanghaiDateTime('not a time')).toBe('—');
  });
});
