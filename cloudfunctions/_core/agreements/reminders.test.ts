/**
 * What the resident is told around an auto-renewal debit, and when: the reminder names the day, a pause after
 * it and a resume start the wait again with a fresh reminder (nobody is debited the moment they resume), and a
 * paid debit leaves a message. The batch runs on an injected clock against the in-process bank.
 */
import { fixedClock } from '../clock';
import { person } from '../store/contract';
import { useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';
import { agreements } from './service';

const DAY_MS = 24 * 3600_000;
const OPENID = 'o-reminders';
// 2026-11-27 10:00 in Hefei: inside the 2027 concentrated period.
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_r1', env: { DEBIT_NOTICE_LEAD_HOURS: '24', DEBIT_RETRY_INTERVAL_HOURS: '24' } });

const noticesOf = async (kind: string) => (await batch.app.store.listNotices(OPENID, 50)).filter((n) => n.kind === kind);

it('reminds first, naming the day the debit will be taken', async () => {
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ noticed: 1 });
  const [reminder] = await noticesOf('debit.upcoming');
  expect(reminder.body).toBe('将于 2026-11-28 起从尾号 0001 的银行账户扣缴 测试1 2027 年度居民医保费 400.00元。如需取消，请在扣款前于小程序中暂停或解约。');
});

it('after a pause and a resume on the planned day, reminds again and waits the lead time before debiting', async () => {
  await agreements(batch.app, { openid: OPENID }, { action: 'pause', agreementId: 'agr_r1' });
  clock.advance(DAY_MS); // 11-28, the day the first reminder named
  const resumed = await agreements(batch.app, { openid: OPENID }, { action: 'resume', agreementId: 'agr_r1' });
  // The card shows the fresh reminder's time (the resume's), not the one sent before the pause.
  expect(resumed).toMatchObject({ agreement: { state: 'ACTIVE', nextDebit: { status: 'noticed', plannedDate: '2026-11-29', noticeSentAt: new Date(clock.nowMs()).toISOString() } } });
  const [again] = await noticesOf('debit.resumed');
  expect(again.body).toBe('将于 2026-11-29 起从尾号 0001 的银行账户扣缴 测试1 2027 年度居民医保费 400.00元。如需取消，请在扣款前于小程序中暂停或解约。');

  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ 'waiting-notice': 1 });
  expect(batch.bank.debits.size).toBe(0);
});

it('debits a day after the resume, and says so', async () => {
  clock.advance(DAY_MS); // 11-29
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ paid: 1 });
  expect(batch.bank.debits.size).toBe(1);
  const [paid] = await noticesOf('debit.succeeded');
  expect(paid.body).toBe('已从尾号 0001 的银行账户扣缴 测试1 2027 年度居民医保费 400.00元，2027 年度参保成功。');
});

it('answers a reminder once when the year is paid another way before the debit', async () => {
  await batch.app.store.insertPerson(person(2));
  await batch.app.store.insertAgreement({
    agreementId: 'agr_r2', kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: OPENID, personId: 'per_2', channel: 'bank', contractNo: 'ctr_r2',
    accountMasked: '6222***********0002', state: 'ACTIVE', live: true, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
  });
  expect((await runDeductionBatch(batch.app)).outcomes).toMatchObject({ noticed: 1 });
  // Paid in the app (or at a counter) before the reminder's day.
  await batch.app.store.insertEnrollment({ personId: 'per_2', benefitYear: 2027, source: 'payment:ord_by_hand', enrolledAt: new Date(clock.nowMs()).toISOString() });
  clock.advance(DAY_MS);
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ 'enrolled-already': 2 });
  await runDeductionBatch(batch.app);

  const answered = await noticesOf('debit.not-needed');
  expect(answered.map((n) => n.body)).toEqual(['测试2 2027 年度居民医保费已缴纳，不会再从尾号 0002 的银行账户扣款。自动续缴协议继续有效，下一年度仍会先提醒再扣款。']);
  expect(batch.bank.debits.size).toBe(1);
});
