/**
 * Small page helpers shared by the browser tests: elements are found by their data-testid (the pages' stable
 * hooks), never by CSS layout or wording that a copy edit would change.
 */
import type { Locator, Page } from 'playwright-core';
import { dayShiftMs } from '../../cloudfunctions/_core/clock';
import { runtimeToday } from '../support/http';
import { launchPhoneBrowser, requireBaseUrl, type Browser } from './browser';

export const CHINESE = /[\u4e00-\u9fff]/;
export const YUAN = /^-?\d+\.\d{2}元$/;

export function byTestId(scope: Page | Locator, testId: string): Locator {
  return scope.locator(`[data-testid="${testId}"]`);
}

export async function expectValue(input: Locator, value: string): Promise<void> {
  expect(await input.inputValue()).toBe(value);
}

export async function fill(page: Page, fieldTestId: string, value: string): Promise<void> {
  const input = byTestId(page, fieldTestId).locator('input');
  await input.fill(value);
  await expectValue(input, value);
}

/** A person's card on 我的参保. */
export function personCard(page: Page, name: string): Locator {
  return page.locator(`[data-testid="person-card"][data-name="${name}"]`);
}

/** Opens the app with an empty session and logs in on the dev login page as `openid`. */
export async function loginAs(page: Page, baseUrl: string, openid: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${baseUrl}/`);
  await byTestId(page, 'dev-login-page').waitFor();
  await fill(page, 'login-openid', openid);
  await byTestId(page, 'login-submit').click();
}

/** A fresh openid per test file and run: no test depends on another's user, nor on an earlier run's data. */
export function freshOpenid(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

/** From 我的参保: 添加家人 with a relation and a person, up to the result card (verified or not). */
export async function addRelative(page: Page, relationLabel: string, person: { name: string; idNumber: string }): Promise<Locator> {
  await byTestId(page, 'go-add-relative').click();
  await byTestId(page, 'add-relative-page').waitFor();
  await byTestId(page, 'relation-picker').getByText(relationLabel, { exact: true }).click();
  await fill(page, 'relative-name', person.name);
  await fill(page, 'relative-id-number', person.idNumber);
  await byTestId(page, 'relative-submit').click();
  const result = byTestId(page, 'add-result');
  await result.waitFor();
  return result;
}

/**
 * From a fresh login: 实名认证 as `person`, up to their card on 我的参保. Each person can be bound once per data
 * directory, so a refusal names the likely cause instead of timing out.
 */
export async function bindAs(page: Page, person: { name: string; idNumber: string }): Promise<void> {
  await byTestId(page, 'go-bind').click();
  await byTestId(page, 'bind-page').waitFor();
  await fill(page, 'bind-name', person.name);
  await fill(page, 'bind-id-number', person.idNumber);
  await byTestId(page, 'bind-submit').click();
  const card = personCard(page, person.name);
  const refusal = byTestId(page, 'form-error');
  await card.or(refusal).first().waitFor();
  if (await refusal.isVisible()) throw new Error(`binding ${person.name} was refused ("${await refusal.innerText()}"): run against a fresh runtime DATA_DIR`);
}

/** Fires a cloud function's timer trigger now, as its cron would (runtime/gateway.ts), and returns its answer. */
export async function fireTimer(baseUrl: string, fn: string, trigger: string): Promise<{ ok: boolean; data?: any }> {
  const res = await fetch(`${baseUrl}/api/dev/timer/${fn}/${trigger}`, { method: 'POST' });
  return (await res.json()) as { ok: boolean; data?: any };
}

/** The partner-bank simulator's controls (simulators/bank/README.md), through the runtime's /sim/bank proxy. */
export async function bankSim(baseUrl: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}/sim/bank${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`bank sim ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The trimmed text of an element. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).trim();
}

/** Clicks a NutUI button inside the element with this test id (the id sits on the button or a wrapper). */
export async function tap(scope: Page | Locator, testId: string): Promise<void> {
  const target = byTestId(scope, testId);
  const inner = target.locator('button, .nut-button');
  await ((await inner.count()) > 0 ? inner.first() : target).click();
}

export interface PhoneSession {
  baseUrl: string;
  page: Page;
  /** Uncaught errors in the page, for a last "no page error" check. */
  pageErrors: string[];
}

/**
 * Call inside a describe: a phone-sized browser opened before its tests and closed after, with the runtime's
 * address and the page's uncaught errors collected. The fields are filled in beforeAll, so read them in tests.
 * The phone's calendar is the runtime's day (npm test pins it), at the real time of day, as the simulators keep it,
 * so that a check on the device's date (a birth date not in the future) agrees with the server's. `phoneDaysOff`
 * moves the phone's calendar that many days away from the runtime's: a phone with a wrong clock, for a page that
 * must take its day from the server (对账).
 */
export function usePhoneSession({ phoneDaysOff = 0 }: { phoneDaysOff?: number } = {}): PhoneSession {
  const session = { baseUrl: '', pageErrors: [] } as unknown as PhoneSession;
  let browser: Browser | undefined;
  beforeAll(async () => {
    session.baseUrl = requireBaseUrl();
    browser = await launchPhoneBrowser();
    const now = Date.now();
    // The page's clock runs on from here in real time; only the day moves.
    await browser.context.clock.install({ time: now + dayShiftMs(await runtimeToday(), now) + phoneDaysOff * 24 * 3600_000 });
    session.page = browser.page;
    session.page.setDefaultTimeout(15_000);
    session.page.on('pageerror', (error) => session.pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return session;
}

/**
 * A phone-sized browser for one test, logged in as `openid` on the runtime at `baseUrl`: `work` drives it, then the
 * page must have raised no uncaught error. For tests that run a runtime of their own (tests/fault), where
 * usePhoneSession's shared runtime is not the one.
 */
export async function withPhonePage(baseUrl: string, openid: string, work: (page: Page) => Promise<void>): Promise<void> {
  const browser = await launchPhoneBrowser();
  try {
    const errors: string[] = [];
    browser.page.on('pageerror', (error) => errors.push(String(error)));
    await loginAs(browser.page, baseUrl, openid);
    await work(browser.page);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}
