/**
 * Small page helpers shared by the browser tests: elements are found by their data-testid (the pages' stable
 * hooks), never by CSS layout or wording that a copy edit would change.
 */
import type { Locator, Page } from 'playwright-core';

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
