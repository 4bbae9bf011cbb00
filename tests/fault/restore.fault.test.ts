/**
 * 恢复暂停参保 on a runtime of its own: a year suspended after it started (D15) is restored at the counter, in the browser,
 * by demo-staff; the person's 我的参保 then shows the year enrolled and they are told. A resident cannot restore.
 * The suspension is written straight into the store file: making one through the app needs a paid order for a year
 * that has already started, which the demo household (imported cover) does not have; heldMoney-style unit tests
 * (cloudfunctions/_core/coverage/restore.test.ts) drive restoreSuspendedYear itself against the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { screenshot } from '../e2e/browser';
import { byTestId, withPhonePage } from '../e2e/pageHelpers';
import { startRuntime, type Runtime } from '../support/runtime';
import { Gateway } from './harness/gateway';

jest.setTimeout(180_000);

const ZHAO_MIN = { name: '赵敏', idNumber: '340104197812251843' };

describe('恢复暂停参保: staff restore a suspended year at the counter', () => {
  let dataDir: string;
  let runtime: Runtime;
  let gw: Gateway;
  let token: string;

  const year2026 = async () => {
    const people = (await gw.call('coverage', {}, token)).body.data.people;
    return people.find((p: { relation: string }) => p.relation === 'self').years.find((y: { benefitYear: number }) => y.benefitYear === 2026);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'medins-restore-'));
    runtime = await startRuntime({ dataDir, env: { DEV_TODAY: '2026-11-26' } });
    gw = new Gateway(runtime.url);
    token = await gw.login('restore-zhao');
    const personId = (await gw.call('bindIdentity', ZHAO_MIN, token)).body.data.person.personId;
    // 赵敏 paid 2026, then joined employee insurance in June: the year is suspended, not refunded.
    const db = new Database(join(dataDir, 'app.sqlite'), { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare("INSERT INTO enrollments (person_id, benefit_year, source, enrolled_at, ended_at, ended_reason) VALUES (?, 2026, 'import:registry', ?, ?, 'suspended:joined-employee-insurance')")
        .run(personId, '2025-11-20T02:00:00.000Z', '2026-06-01T02:00:00.000Z');
    } finally {
      db.close();
    }
  });

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the resident the year suspended, sending them to the counter; a resident cannot restore it', async () => {
    expect(await year2026()).toMatchObject({ state: 'SUSPENDED', note: expect.stringContaining('如需恢复，请到经办窗口办理') });
    const asked = await gw.call('refunds', { action: 'restore', idNumber: ZHAO_MIN.idNumber, benefitYear: 2026, reason: '自己恢复' }, token);
    expect(asked.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('demo-staff restores it in the browser: a missing reason is refused on the form, then the year is enrolled again', async () => {
    await withPhonePage(runtime.url, 'demo-staff', async (page) => {
      await byTestId(page, 'go-staff').click();
      await byTestId(page, 'go-restore').click();
      const form = byTestId(page, 'restore-form');
      await form.waitFor();
      await byTestId(form, 'restore-id').locator('input').fill(ZHAO_MIN.idNumber);
      await byTestId(form, 'restore-year').locator('input').fill('2026');
      await byTestId(form, 'restore-submit').click();
      expect(await byTestId(form, 'form-error').innerText()).toBe('请填写恢复原因');
      await byTestId(form, 'restore-reason').locator('input').fill('已退出职工医保，重新参加居民医保');
      expect(await byTestId(form, 'form-error').count()).toBe(0);
      await screenshot(page, 'restore-suspended');
      await byTestId(form, 'restore-submit').click();
      await byTestId(page, 'restore-message').filter({ hasText: '已恢复参保' }).waitFor();
      const message = await byTestId(page, 'restore-message').innerText();
      expect(message).toBe('已恢复参保：赵敏 3401**********1843 2026 年度（自 2026-06-01 暂停），已通知本人');
      // The form is cleared for the next person; the same restore again is refused in words.
      expect(await byTestId(form, 'restore-id').locator('input').inputValue()).toBe('');
      await byTestId(form, 'restore-id').locator('input').fill(ZHAO_MIN.idNumber);
      await byTestId(form, 'restore-reason').locator('input').fill('再次办理');
      await byTestId(form, 'restore-submit').click();
      await byTestId(form, 'form-error').filter({ hasText: '无需恢复' }).waitFor();
      expect(await byTestId(form, 'form-error').innerText()).toBe('赵敏 2026 年度正常参保，无需恢复');
    });
    expect(await year2026()).toMatchObject({ state: expect.not.stringMatching('SUSPENDED') });
    const notices = (await gw.call('notices', { action: 'list' }, token)).body.data.notices;
    expect(notices.find((n: { title: string }) => n.title === '已恢复参保')?.body).toBe('赵敏 2026 年度居民医保已由医保经办机构于 2026-11-26 恢复参保，暂停期间不享受待遇；自当日起可享受待遇，等待期未满、银行代缴保费未还的，以“待遇状态”所示为准。');
  });
});
