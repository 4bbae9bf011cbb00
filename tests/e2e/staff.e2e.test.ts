/**
 * The staff pages in a real browser against the real local runtime and its bank simulator: a resident has no way
 * in (no entry on 我的参保, a plain refusal on the page itself); `demo-staff` (staff and fund roles) goes from
 * 我的参保 to 经办工作台, runs today's bank reconciliation and sees the count per status and the differing line
 * this file made; then 平台企业参保率.
 *
 * The difference is real: 许静 (demo registry H-DEMO-13, used by no other test file) has the bank pay her 2027
 * premium (信用参保) and repays 1 yuan of it at the bank counter, a repayment our records cannot name one by one.
 * The run asks the bank about her advance to learn it, and until then the bank answers 500, so the statement's line
 * differs from our advance, which still shows nothing repaid (STATUS_MISMATCH). She also records her
 * platform enterprise in a savings plan, so the rates page has an enterprise of this file's own.
 *
 * The phone's clock here is PHONE_DAYS_OFF days away from the runtime's day: 对账 offers 今天 and 昨天 from the
 * server's business day (the `reconciliation` function's `today`), so the reports it opens are the runtime's days.
 */
import type { Page, Request } from 'playwright-core';
import { baseUrl as apiBase, call, login, runtimeToday } from '../support/http';
import { screenshot } from './browser';
import { byTestId, CHINESE, freshOpenid, loginAs, tap, usePhoneSession, YUAN } from './pageHelpers';

jest.setTimeout(180_000);

/** A phone whose clock is years behind: any day it computed itself would be neither the runtime's today nor yesterday. */
const PHONE_DAYS_OFF = -1000;
const RECONCILIATION_URL = '/#/pages/staff/reconciliation/index';

const dayBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 24 * 3600_000).toISOString().slice(0, 10);

const XU_JING = { name: '许静', idNumber: '340104198405193628' };
const ENTERPRISE = { name: '合肥同城跑腿', type: 'other' };

async function simBank(path: string, body?: unknown) {
  const res = await fetch(`${apiBase()}/sim/bank${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`bank sim ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

/** 许静's advance, her 1-yuan counter repayment (its line's ref on the report) and her platform enterprise. */
async function makeBankDifference(): Promise<string> {
  const token = await login(freshOpenid('e2e-staff-xu'));
  const bound = await call('bindIdentity', XU_JING, token);
  if (!bound.body.ok) throw new Error(`binding 许静 was refused (${bound.body.error.message}): run against a fresh runtime DATA_DIR`);
  const personId = bound.body.data.person.personId;
  const signed = await call('credit', { action: 'sign', personId, benefitYear: 2027 }, token);
  expect(signed.body).toMatchObject({ ok: true, data: { advance: { state: 'PAID' } } });
  const advanceId = signed.body.data.advance.advanceId;
  // Until the run, the bank answers no question about her advance (see the file's comment).
  await simBank('/faults', { serverError: { match: `^GET /v1/advances/${advanceId}$` } });
  await simBank('/advances/repay', { out_advance_no: advanceId, amount_fen: 100 });
  const counter = (await simBank('/records')).repayments.find((r: { out_advance_no: string; out_repayment_no: string | null }) => r.out_advance_no === advanceId && r.out_repayment_no === null);

  // A weekday other than the runtime's today, so no deposit run of another test file debits her during this one.
  const weekday = (new Date(`${await runtimeToday()}T00:00:00Z`).getUTCDay() % 7) + 1;
  const savings = await call('savings', {
    action: 'setup', depositFen: 5_000, schedule: { kind: 'weekly', weekday }, enterprise: ENTERPRISE,
    bankAccount: { holderName: XU_JING.name, accountNo: '6222020300131318888' },
  }, token);
  expect(savings.body).toMatchObject({ ok: true, data: { enterprise: { name: ENTERPRISE.name } } });
  return `bank:${counter.repayment_id}`;
}

async function counts(page: Page): Promise<Record<string, number>> {
  const pairs = await byTestId(page, 'recon-count').evaluateAll((elements) => elements.map((e) => [e.getAttribute('data-status'), Number(e.getAttribute('data-count'))]));
  return Object.fromEntries(pairs);
}

describe('the staff pages in the h5 build', () => {
  const session = usePhoneSession({ phoneDaysOff: PHONE_DAYS_OFF });
  let baseUrl: string;
  let page: Page;
  let counterRef = '';
  let today = '';

  beforeAll(async () => {
    ({ baseUrl, page } = session);
    counterRef = await makeBankDifference();
    today = await runtimeToday();
  });

  const report = (channel: string, billDate: string) => page.locator(`[data-testid="recon-report"][data-channel="${channel}"][data-bill-date="${billDate}"]`);

  test('a resident sees no staff entry, and the page itself says in Chinese that it is for staff only', async () => {
    await loginAs(page, baseUrl, freshOpenid('e2e-staff-resident'));
    await byTestId(page, 'unbound').waitFor();
    expect(await byTestId(page, 'go-staff').count()).toBe(0);
    await page.goto(`${baseUrl}${RECONCILIATION_URL}`);
    const refusal = byTestId(page, 'staff-forbidden');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(CHINESE);
    expect(await refusal.innerText()).toContain('经办');
    expect(await byTestId(page, 'recon-form').count()).toBe(0);
  });

  test('对账 shows no date until the server has said its day, and a Chinese error with a retry if it cannot', async () => {
    await loginAs(page, baseUrl, 'demo-staff');
    await byTestId(page, 'go-staff').waitFor();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/fn/reconciliation', async (route) => {
      if (route.request().postDataJSON()?.action !== 'today') return route.continue();
      await held;
      return route.abort('failed');
    });
    const asked = page.waitForRequest((request) => request.url().includes('/api/fn/reconciliation') && request.postDataJSON()?.action === 'today');
    await page.goto(`${baseUrl}${RECONCILIATION_URL}`);
    await asked;
    await byTestId(page, 'loading').waitFor();
    expect(await byTestId(page, 'recon-form').count()).toBe(0);

    release();
    const failed = byTestId(page, 'load-error');
    await failed.waitFor();
    expect(await failed.innerText()).toContain('未能从服务器取得今天的日期');
    expect(await byTestId(page, 'recon-form').count()).toBe(0);

    await page.unroute('**/api/fn/reconciliation');
    await tap(page, 'load-error');
    await page.locator(`[data-testid="recon-form"][data-today="${today}"]`).waitFor();
    await report('wechatpay', today).waitFor();
  });

  test('demo-staff goes from 我的参保 to 对账, runs today\'s bank report and sees the counts and the differing line', async () => {
    await loginAs(page, baseUrl, 'demo-staff');
    await byTestId(page, 'go-staff').click();
    await byTestId(page, 'staff-home-page').waitFor();
    await byTestId(page, 'go-reconciliation').click();
    await byTestId(page, 'reconciliation-page').waitFor();
    // The stored WeChat report of the runtime's today opens first, whatever day the phone thinks it is.
    await report('wechatpay', today).waitFor();

    await byTestId(page, 'recon-channel').getByText('合作银行', { exact: true }).click();
    await page.locator('[data-testid="recon-report"][data-channel="bank"]').waitFor();
    await byTestId(page, 'recon-today').click();
    await byTestId(page, 'recon-run').click();
    const line = report('bank', today).locator(`[data-testid="diff-line"][data-ref="${counterRef}"]`);
    await line.waitFor();
    await simBank('/faults', {});

    expect(await line.getAttribute('data-status')).toBe('STATUS_MISMATCH');
    expect((await byTestId(line, 'diff-line-status').innerText()).trim()).toBe('状态不符');
    expect((await byTestId(line, 'diff-line-channel').innerText()).replace(/^渠道\s*/, '').trim()).toMatch(YUAN);
    expect(await byTestId(line, 'diff-line-channel').innerText()).toContain('1.00元');
    expect(await line.innerText()).toContain('银行柜台还款');

    const shown = await counts(page);
    expect(Object.keys(shown).sort()).toEqual(['AMOUNT_MISMATCH', 'MATCHED', 'MISSING_ON_CHANNEL_SIDE', 'MISSING_ON_OUR_SIDE', 'STATUS_MISMATCH']);
    expect(shown.STATUS_MISMATCH).toBeGreaterThanOrEqual(1);
    // Her advance itself agrees with the bank: it is counted, not listed among the differences.
    expect(shown.MATCHED).toBeGreaterThanOrEqual(1);
    const differing = await byTestId(page, 'diff-line').count();
    expect(differing).toBe(shown.MISSING_ON_OUR_SIDE + shown.MISSING_ON_CHANNEL_SIDE + shown.AMOUNT_MISMATCH + shown.STATUS_MISMATCH);
    // Every amount on a differing line is yuan with two decimals, or a dash where one side has none.
    const amounts = await page.locator('[data-testid="diff-line-ours"], [data-testid="diff-line-channel"]').allInnerTexts();
    for (const text of amounts) expect(text.replace(/^(我方|渠道)\s*/, '').trim()).toMatch(/^(—|-?\d+\.\d{2}元)$/);
    // No ID number reaches the page (an ID-shaped run on its own; bank numbers such as R2026... are not one).
    expect(await page.locator('body').innerText()).not.toMatch(/(?<![\dA-Za-z])\d{17}[\dX](?![\dA-Za-z])/);
    await screenshot(page, 'staff-reconciliation-bank');
  });

  test('昨天 opens the runtime\'s yesterday although the phone\'s clock is years off', async () => {
    const yesterday = dayBefore(today);
    const phoneDay = await page.evaluate(() => new Date().toISOString().slice(0, 10));
    expect([today, yesterday]).not.toContain(phoneDay);

    // Each button asks the server's day again (a page left open past midnight must offer the new day), observed
    // on the wire: the runtime's day is pinned, so the answer here is the same day.
    const dayAsked: string[] = [];
    const watch = (request: Request) => {
      if (request.url().endsWith('/api/fn/reconciliation') && request.postData()?.includes('"today"')) dayAsked.push(request.url());
    };
    page.on('request', watch);
    await byTestId(page, 'recon-yesterday').click();
    await report('bank', yesterday).waitFor();
    expect((await byTestId(page, 'recon-date').innerText()).trim()).toBe(yesterday);
    await byTestId(page, 'recon-today').click();
    await report('bank', today).waitFor();
    expect((await byTestId(page, 'recon-date').innerText()).trim()).toBe(today);
    page.off('request', watch);
    expect(dayAsked).toHaveLength(2);
  });

  test('平台企业参保率 lists the enterprise with its rate and its enrolled and recorded workers', async () => {
    await page.goBack();
    await byTestId(page, 'staff-home-page').waitFor();
    await byTestId(page, 'go-enterprise-rates').click();
    await byTestId(page, 'enterprise-rates-page').waitFor();
    const card = byTestId(page, 'enterprise-card').filter({ hasText: ENTERPRISE.name });
    await card.waitFor();
    expect((await byTestId(card, 'enterprise-rate').innerText()).trim()).toMatch(/^\d+\.\d%$/);
    expect(await card.innerText()).toMatch(/已参保 \d+ \/ 登记 \d+ 人/);
    // Inside the period the year being collected opens first; this year's rates are one tap away.
    const collecting = Number(today.slice(0, 4)) + 1;
    expect(await byTestId(page, 'enterprise-rates-year').innerText()).toContain(`${collecting}年度`);
    await byTestId(page, 'enterprise-rates-years').getByText(`${collecting - 1}年度`, { exact: true }).click();
    await page.locator('[data-testid="enterprise-rates-year"]', { hasText: `${collecting - 1}年度` }).waitFor();
    await byTestId(page, 'enterprise-card').filter({ hasText: ENTERPRISE.name }).waitFor();
    await screenshot(page, 'staff-enterprise-rates');
    expect(session.pageErrors).toEqual([]);
  });
});
