/**
 * The first slice in a real browser against the real local runtime: dev login → 实名认证 → 我的参保 →
 * 添加家人 (verified and unverified) → a refused ID number → 长辈模式.
 * Steps share one browser and one fresh user, so they run in order; a failed step fails those after it.
 */
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';
import { addRelative, byTestId, CHINESE, expectValue, fill, freshOpenid, personCard, usePhoneSession, YUAN } from './pageHelpers';

jest.setTimeout(120_000);

/** Demo registry persons (cloudfunctions/_core/demo/registry.json); 王芳 is bound to nobody at start. */
const WANG_FANG = { name: '王芳', idNumber: '340104199002142468' };
/** 王芳's mother in the registry: adding her as 父母 is verified. */
const CHEN_XIUYING = { name: '陈秀英', idNumber: '340104196209301282' };
/** In the registry but related to nobody: adding her stays unverified. */
const ZHAO_MIN = { name: '赵敏', idNumber: '340104197812251843' };
/** 王磊's real number with its last digit changed, so the GB 11643 check character is wrong. */
const BAD_CHECKSUM_ID = '340104199306012194';

async function fontSizePx(locator: Locator): Promise<number> {
  return locator.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
}

describe('resident slice in the h5 build', () => {
  const session = usePhoneSession();
  let baseUrl: string;
  let page: Page;
  const openid = freshOpenid('e2e');

  beforeAll(async () => {
    ({ baseUrl, page } = session);
  });

  test('a new visitor is sent to the dev login page and logs in with a fresh openid', async () => {
    await page.goto(`${baseUrl}/`);
    await byTestId(page, 'dev-login-page').waitFor();
    await screenshot(page, '01-dev-login');
    await fill(page, 'login-openid', openid);
    await byTestId(page, 'login-submit').click();
    await byTestId(page, 'unbound').waitFor();
    await expect(byTestId(page, 'unbound').innerText()).resolves.toContain('实名认证');
    await screenshot(page, '02-home-unbound');
  });

  test('实名认证 with a name that does not match the ID number shows the API error and keeps the form', async () => {
    await byTestId(page, 'go-bind').click();
    await byTestId(page, 'bind-page').waitFor();
    await fill(page, 'bind-name', '王小芳');
    // Pasted from a chat, with a leading space and grouped: all 18 characters are kept, the spaces dropped.
    const id = WANG_FANG.idNumber;
    await byTestId(page, 'bind-id-number').locator('input').fill(` ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`);
    await expectValue(byTestId(page, 'bind-id-number').locator('input'), id);
    await byTestId(page, 'bind-submit').click();
    const alert = byTestId(page, 'form-error');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(CHINESE);
    await expectValue(byTestId(page, 'bind-name').locator('input'), '王小芳');
    await expectValue(byTestId(page, 'bind-id-number').locator('input'), WANG_FANG.idNumber);
    await screenshot(page, '03-bind-mismatch');
  });

  test('实名认证 as 王芳 leads to 我的参保 with her this year and next year', async () => {
    await fill(page, 'bind-name', WANG_FANG.name);
    await byTestId(page, 'bind-submit').click();
    const card = personCard(page, WANG_FANG.name);
    const refusal = byTestId(page, 'form-error');
    await card.or(refusal.filter({ hasNotText: '姓名与身份证号码不一致' })).first().waitFor();
    if (await refusal.isVisible()) {
      // 王芳 can be bound to one user only, so a second run against the same data directory is refused.
      throw new Error(`binding 王芳 was refused ("${await refusal.innerText()}"): run against a fresh runtime DATA_DIR`);
    }
    expect(await byTestId(page, 'home-page').innerText()).toContain('我的参保');
    await expect(byTestId(page, 'home-greeting').innerText()).resolves.toContain(WANG_FANG.name);
    const years = byTestId(card, 'coverage-year');
    expect(await years.count()).toBe(2);
    const benefitYears = await years.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-year'))));
    expect(benefitYears[1]).toBe(benefitYears[0] + 1);
    for (const state of await byTestId(card, 'coverage-state').allInnerTexts()) {
      expect(['已参保', '待缴费', '暂不可缴费']).toContain(state.trim());
    }
    // Every amount on the card is integer fen shown as yuan with two decimals.
    const amounts = await card.locator('[data-testid="coverage-standard"] .amount-row__value, [data-testid="coverage-due"] .amount-row__value').allInnerTexts();
    for (const amount of amounts) expect(amount.trim()).toMatch(YUAN);
    expect(await byTestId(page, 'relatives-empty').isVisible()).toBe(true);
    await screenshot(page, '04-home-bound');
  });

  test('添加家人: 王芳’s mother 陈秀英 is verified and appears on 我的参保 as 已核验', async () => {
    const result = await addRelative(page, '父母', CHEN_XIUYING);
    expect((await byTestId(result, 'add-result-state').innerText()).trim()).toBe('已核验');
    await screenshot(page, '05-add-mother-result');
    await byTestId(page, 'add-back-home').click();
    const card = personCard(page, CHEN_XIUYING.name);
    await card.waitFor();
    expect((await byTestId(card, 'verify-state').innerText()).trim()).toBe('已核验');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, '06-home-with-mother');
  });

  test('添加家人: 赵敏 as a sibling is not confirmed by the registry and appears as 待核验', async () => {
    const result = await addRelative(page, '兄弟姐妹', ZHAO_MIN);
    expect((await byTestId(result, 'add-result-state').innerText()).trim()).toBe('待核验');
    expect(await result.innerText()).toMatch(CHINESE);
    await byTestId(page, 'add-back-home').click();
    const card = personCard(page, ZHAO_MIN.name);
    await card.waitFor();
    expect((await byTestId(card, 'verify-state').innerText()).trim()).toBe('待核验');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, '07-home-with-unverified');
  });

  test('a relative added by mistake can be removed from 我的参保, after a confirmation', async () => {
    const card = personCard(page, ZHAO_MIN.name);
    await byTestId(card, 'remove-relative').click();
    const panel = byTestId(page, 'confirm-panel');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('移除家人 赵敏');
    await byTestId(panel, 'confirm-ok').click();
    await card.waitFor({ state: 'detached' });
    // The user's own card has nothing to remove.
    expect(await byTestId(personCard(page, WANG_FANG.name), 'remove-relative').count()).toBe(0);
  });

  test('an ID number with a wrong check character shows a Chinese error and keeps what was typed', async () => {
    await byTestId(page, 'go-add-relative').click();
    await byTestId(page, 'add-relative-page').waitFor();
    await byTestId(page, 'relation-picker').getByText('兄弟姐妹', { exact: true }).click();
    await fill(page, 'relative-name', '王磊');
    await fill(page, 'relative-id-number', BAD_CHECKSUM_ID);
    await byTestId(page, 'relative-submit').click();
    const error = byTestId(page, 'relative-id-number-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(CHINESE);
    expect(await error.innerText()).toContain('身份证');
    await expectValue(byTestId(page, 'relative-name').locator('input'), '王磊');
    await expectValue(byTestId(page, 'relative-id-number').locator('input'), BAD_CHECKSUM_ID);
    expect(await byTestId(page, 'add-result').count()).toBe(0);
    await screenshot(page, '08-invalid-id-number');
  });

  test('长辈模式 enlarges the text and stays on after a reload', async () => {
    await page.goto(`${baseUrl}/`);
    const name = personCard(page, WANG_FANG.name).locator('.person__name');
    await name.waitFor();
    const greeting = byTestId(page, 'home-greeting');
    const before = { name: await fontSizePx(name), greeting: await fontSizePx(greeting) };
    await byTestId(page, 'elder-toggle').locator('.nut-switch').click();
    await expect(byTestId(page, 'home-page').getAttribute('data-elder')).resolves.toBe('1');
    const after = { name: await fontSizePx(name), greeting: await fontSizePx(greeting) };
    expect(after.name).toBeGreaterThanOrEqual(before.name * 1.2);
    expect(after.greeting).toBeGreaterThanOrEqual(before.greeting * 1.2);
    await screenshot(page, '09-elder-mode');
    await page.reload();
    await personCard(page, WANG_FANG.name).waitFor();
    await expect(byTestId(page, 'home-page').getAttribute('data-elder')).resolves.toBe('1');
  });

  test('the demo household shows a reduction with its Chinese label and the amount in yuan', async () => {
    // The demo parent 张建国 is a 低保 recipient in the demo data, so his quote carries a medical-aid reduction.
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${baseUrl}/`);
    await fill(page, 'login-openid', 'demo-resident');
    await byTestId(page, 'login-submit').click();
    const card = personCard(page, '张建国');
    await card.waitFor();
    const reduction = byTestId(card, 'coverage-reduction').first();
    await reduction.waitFor();
    expect(await reduction.locator('.amount-row__label').innerText()).toMatch(CHINESE);
    expect((await reduction.locator('.amount-row__value').innerText()).trim()).toMatch(/^-\d+\.\d{2}元$/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, '10-demo-reduction');
  });

  test('no page threw an uncaught error during the flow', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
