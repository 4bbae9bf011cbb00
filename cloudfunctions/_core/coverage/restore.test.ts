import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app';
import { fixedClock } from '../clock';
import { idHash } from '../identity/pii';
import { person } from '../store/contract';
import { restoreSuspendedYear } from './restore';
import { suspendedYears } from './suspensions';

/**
 * 恢复参保 at the 经办窗口 against the store: a year suspended by a refund asked for after it started is taken up again,
 * as it was, once, by staff only; the person is told, and the audit names who did it and why.
 */
const AT = '2026-12-01T02:00:00.000Z';
const ID = '340104198503123412';
let app: App;
let dir: string;

const staff = { openid: 'o-counter' };
const restore = (caller = staff, benefitYear = 2026) => restoreSuspendedYear(app, caller, { action: 'restore', idNumber: ID, benefitYear, reason: '已退出职工医保，重新参加居民医保' });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'restore-'));
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock: fixedClock(Date.parse(AT)) });
  await app.store.insertPerson({ ...person(1), idHash: idHash(app.pii, ID), name: '张伟' });
  await app.store.ensureAccount({ openid: 'o-zhang', personId: null, roles: [], createdAt: AT });
  await app.store.bindAccountPerson('o-zhang', 'per_1');
  await app.store.ensureAccount({ openid: staff.openid, personId: null, roles: ['staff'], createdAt: AT });
  await app.store.insertEnrollment({ personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: '2025-11-20T02:00:00.000Z' });
  await app.store.endEnrollment('per_1', 2026, 'suspended:joined-employee-insurance', '2026-06-01T02:00:00.000Z');
});
afterEach(async () => {
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('restoring a suspended year at the counter', () => {
  it('re-opens the enrollment as it was, tells the person, and keeps who did it and why', async () => {
    expect(await restore()).toEqual({
      personName: '张伟', idMasked: '3401**********0001', benefitYear: 2026, suspendedFrom: '2026-06-01', restoredOn: '2026-12-01', notified: true,
    });
    expect(await app.store.listEnrollments(['per_1'])).toEqual([{ personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: '2025-11-20T02:00:00.000Z' }]);
    expect(await suspendedYears(app, ['per_1'])).toEqual([]);
    const [notice] = await app.store.listNotices('o-zhang', 10);
    expect(notice).toMatchObject({ title: '已恢复参保', body: '张伟 2026 年度居民医保已由医保经办机构恢复参保（2026-12-01 办理），自即日起可正常享受医保待遇。' });
    expect((await app.store.listAudit('per_1')).find((a) => a.action === 'enrollment.restored')).toMatchObject({
      actor: 'o-counter', detail: { benefitYear: 2026, reason: '已退出职工医保，重新参加居民医保', suspendedReason: 'suspended:joined-employee-insurance' },
    });
  });

  it('restores once: a second restore is told the year is enrolled', async () => {
    await restore();
    await expect(restore()).rejects.toMatchObject({ code: 'CONFLICT', message: '张伟 2026 年度正常参保，无需恢复' });
  });

  it('refuses a year that was never suspended, a resident, and an ID nobody here has', async () => {
    await expect(restore(staff, 2027)).rejects.toMatchObject({ code: 'CONFLICT', message: '张伟 2027 年度没有暂停参保记录，无法恢复；未缴费的请办理缴费' });
    await expect(restore({ openid: 'o-zhang' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(restoreSuspendedYear(app, staff, { action: 'restore', idNumber: '340104198707212820', benefitYear: 2026, reason: 'x' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await suspendedYears(app, ['per_1'])).toHaveLength(1);
  });
});
