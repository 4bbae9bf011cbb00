import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app';
import { type FixedClock, fixedClock } from '../clock';
import { idHash } from '../identity/pii';
import { person } from '../store/contract';
import { restoreSuspendedYear } from './restore';
import { suspendedYears } from './suspensions';
import { benefitStatusOf } from '../credit/status';

/**
 * 恢复参保 at the 经办窗口 against the store: a year suspended by a refund asked for after it started is taken up again,
 * as it was, once, by staff only; the person is told, and the audit names who did it and why.
 */
const AT = '2026-12-01T02:00:00.000Z';
const ID = '340104198503123412';
let app: App;
let dir: string;
let clock: FixedClock;

const staff = { openid: 'o-counter' };
const restore = (caller = staff, benefitYear = 2026) => restoreSuspendedYear(app, caller, { action: 'restore', idNumber: ID, benefitYear, reason: '已退出职工医保，重新参加居民医保' });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'restore-'));
  clock = fixedClock(Date.parse(AT));
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock });
  await app.store.insertPerson({ ...person(1), idHash: idHash(app.pii, ID), name: '张伟' });
  await app.store.ensureAccount({ openid: 'o-zhang', personId: null, roles: [], createdAt: AT });
  await app.store.bindAccountPerson('o-zhang', 'per_1');
  await app.store.ensureAccount({ openid: staff.openid, personId: null, roles: ['staff'], createdAt: AT });
  await app.store.insertEnrollment({ personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: '2025-11-20T02:00:00.000Z' });
  await app.store.endEnrollment('per_1', 2026, 'suspended:joined-employee-insurance', '2026-06-01T02:00:00.000Z');
  // His wife asked for it, from her own account (refunds.ts audits who asked), as his linked relative.
  await app.store.insertPerson({ ...person(4), name: '李梅' });
  await app.store.ensureAccount({ openid: 'o-li', personId: null, roles: [], createdAt: AT });
  await app.store.bindAccountPerson('o-li', 'per_4');
  await app.store.insertLink({ linkId: 'lnk_1', ownerPersonId: 'per_4', relativePersonId: 'per_1', relation: 'spouse', verified: true, verifyNote: null, createdAt: AT });
  await app.store.appendAudit({ at: '2026-06-01T02:00:00.000Z', actor: 'o-li', action: 'enrollment.suspended', subjectPersonId: 'per_1', detail: { benefitYear: 2026, reason: 'joined-employee-insurance' } });
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
    expect(await app.store.listEnrollments(['per_1'])).toEqual([{
      personId: 'per_1', benefitYear: 2026, source: 'payment:ord_1', enrolledAt: '2025-11-20T02:00:00.000Z', liftedSuspensions: [{ from: '2026-06-01', restoredOn: '2026-12-01' }],
    }]);
    expect(await suspendedYears(app, ['per_1'])).toEqual([]);
    // Whoever asked for the suspension hears of the restore too.
    expect((await app.store.listNotices('o-li', 10)).map((n) => n.title)).toEqual(['已恢复参保']);
    const [notice] = await app.store.listNotices('o-zhang', 10);
    expect(notice).toMatchObject({ title: '已恢复参保', body: '张伟 2026 年度居民医保已由医保经办机构于 2026-12-01 恢复参保，暂停期间不享受待遇；自当日起可享受待遇，等待期未满、银行代缴保费未还的，以“待遇状态”所示为准。' });
    // Restored from today: a hospital asking about a day of the suspension is still told it was suspended.
    const zhang = (await app.store.getPerson('per_1'))!;
    expect(await benefitStatusOf(app, zhang, '2026-08-15')).toMatchObject({ status: 'suspended', reason: 'left-after-year-start', until: '2026-12-01' });
    expect(await benefitStatusOf(app, zhang, '2026-12-01')).toMatchObject({ status: 'active' });
    expect(await benefitStatusOf(app, zhang, '2026-05-31')).toMatchObject({ status: 'active', until: '2026-06-01' });
    expect((await app.store.listAudit('per_1')).find((a) => a.action === 'enrollment.restored')).toMatchObject({
      actor: 'o-counter', detail: { benefitYear: 2026, reason: '已退出职工医保，重新参加居民医保', suspendedReason: 'suspended:joined-employee-insurance' },
    });
  });

  it('tells nothing to whoever asked for the suspension once they are no longer linked to the person', async () => {
    await app.store.appendAudit({ at: '2026-06-02T02:00:00.000Z', actor: 'o-stranger', action: 'enrollment.suspended', subjectPersonId: 'per_1', detail: { benefitYear: 2026, reason: 'joined-employee-insurance' } });
    await app.store.ensureAccount({ openid: 'o-stranger', personId: null, roles: [], createdAt: AT });
    await app.store.insertPerson({ ...person(5), name: '王芳' });
    await app.store.bindAccountPerson('o-stranger', 'per_5');
    await restore();
    expect(await app.store.listNotices('o-stranger', 10)).toEqual([]);
    expect(await app.store.listNotices('o-zhang', 10)).toHaveLength(1);
  });

  it('keeps no full ID number in the audit trail, even one typed into the reason', async () => {
    await restoreSuspendedYear(app, staff, { action: 'restore', idNumber: ID, benefitYear: 2026, reason: `本人 ${ID} 已退出职工医保` });
    const entry = (await app.store.listAudit('per_1')).find((a) => a.action === 'enrollment.restored');
    expect(JSON.stringify(entry)).not.toContain(ID);
  });

  it('keeps every gap of a year suspended and restored twice: a day of the first stays suspended', async () => {
    await restore();
    await app.store.endEnrollment('per_1', 2026, 'suspended:emigration', '2026-12-09T02:00:00.000Z');
    clock.set(Date.parse('2026-12-20T02:00:00.000Z'));
    expect(await restore()).toMatchObject({ suspendedFrom: '2026-12-09', restoredOn: '2026-12-20' });
    const zhang = (await app.store.getPerson('per_1'))!;
    expect(await benefitStatusOf(app, zhang, '2026-08-15')).toMatchObject({ status: 'suspended', until: '2026-12-01' });
    expect(await benefitStatusOf(app, zhang, '2026-12-05')).toMatchObject({ status: 'active', until: '2026-12-09' });
    expect(await benefitStatusOf(app, zhang, '2026-12-15')).toMatchObject({ status: 'suspended', until: '2026-12-20' });
    expect(await benefitStatusOf(app, zhang, '2026-12-20')).toMatchObject({ status: 'active' });
  });

  it('restores once: a second restore is told the year is enrolled', async () => {
    await restore();
    await expect(restore()).rejects.toMatchObject({ code: 'CONFLICT', message: '张伟 2026 年度正常参保，无需恢复' });
  });

  it('refuses another year than this one, a year that was never suspended, a resident, and an ID nobody here has', async () => {
    await expect(restore(staff, 2025)).rejects.toMatchObject({ code: 'CONFLICT', message: '只能恢复本年度（2026 年度）的暂停参保' });
    await app.store.insertPerson({ ...person(2), idHash: idHash(app.pii, '340104198707212820'), name: '李娜' });
    await expect(restoreSuspendedYear(app, staff, { action: 'restore', idNumber: '340104198707212820', benefitYear: 2026, reason: 'x' }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: '李娜 2026 年度没有暂停参保记录，无法恢复；未缴费的请办理缴费' });
    await expect(restore({ openid: 'o-zhang' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: '该功能仅限医保经办人员在经办窗口使用' });
    // A hospital asks benefit status at settlement, and nothing at the counter.
    await app.store.ensureAccount({ openid: 'o-hospital', personId: null, roles: ['hospital'], createdAt: AT });
    await expect(restore({ openid: 'o-hospital' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(restoreSuspendedYear(app, staff, { action: 'restore', idNumber: '340104197812251843', benefitYear: 2026, reason: 'x' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await suspendedYears(app, ['per_1'])).toHaveLength(1);
  });
});
