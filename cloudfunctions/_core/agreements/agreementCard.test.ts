/**
 * What an agreement's card says about this year's debit when the agreement changed around it. Cancelled while the
 * bank already had the debit: the card must not say "不会再扣款" for that debit, which may still succeed; once it has
 * settled, the plain ended words again. Resumed after a debit was made: the reminder shown is the one that was sent.
 */
import { fixedClock } from '../clock';
import { addAgreement, addDebit, useBatchTestApp } from './batchTestApp';
import { nextDebitOf } from './nextDebit';
import { agreements } from './service';

const OPENID = 'o-cancel-in-flight';
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_c1', env: { DEBIT_NOTICE_LEAD_HOURS: '0' } });
const AT = '2026-11-27T02:00:00.000Z';

it('shows the debit still in progress after a cancel, and the ended words once it settles', async () => {
  const { store } = batch.app;
  await addDebit(store, OPENID, { agreementId: 'agr_c1', personId: 'per_1', debitId: 'dbt_c1', state: 'PENDING' });
  await store.transitionAgreement({ agreementId: 'agr_c1', from: ['ACTIVE'], to: 'CANCELLED', cause: 'user.cancelled', at: AT });

  const cancelled = (await store.getAgreement('agr_c1'))!;
  expect(await nextDebitOf(batch.app, cancelled)).toMatchObject({ status: 'in-progress', statusLabel: '扣款处理中', amountFen: 40000 });
  const listed = (await agreements(batch.app, { openid: OPENID }, { action: 'list' })) as { agreements: { endNote?: string }[] };
  expect(listed.agreements[0].endNote).toBe('解约前已发出的本年度扣款仍在处理中，可能扣款成功：成功即为本年度参保缴费，如需退费请到经办窗口办理。此后不会再扣款。');

  await store.transitionDebit({ debitId: 'dbt_c1', from: ['PENDING'], to: 'FAILED', at: AT, failure: 'failed:CONTRACT_INACTIVE' });
  expect(await nextDebitOf(batch.app, cancelled)).toBeUndefined();
  // (A debit that succeeds instead is shown as made: see the next test.)
  const after = (await agreements(batch.app, { openid: OPENID }, { action: 'list' })) as { agreements: { endNote?: string }[] };
  expect(after.agreements[0].endNote).toBe('自动续缴已停止，不会再扣款。如需参保，可在“我的参保”中直接缴费，或重新签约。');
});

it('a debit made before a pause and resume shows the reminder that was sent, not the resume time', async () => {
  const { store } = batch.app;
  await addAgreement(store, OPENID, 'agr_r1', 'per_9');
  await store.insertNotice({ noticeId: 'ntc_r1', personId: 'per_9', openid: OPENID, kind: 'debit.upcoming', ref: 'agr_r1:2027', title: 't', body: 'b', createdAt: AT });
  await addDebit(store, OPENID, { agreementId: 'agr_r1', personId: 'per_9', debitId: 'dbt_r1', state: 'SUCCESS' });
  const later = '2026-11-27T05:00:00.000Z';
  await store.transitionAgreement({ agreementId: 'agr_r1', from: ['ACTIVE'], to: 'PAUSED', cause: 'user.paused', at: later });
  await store.transitionAgreement({ agreementId: 'agr_r1', from: ['PAUSED'], to: 'ACTIVE', cause: 'user.resumed', at: later });
  expect(await nextDebitOf(batch.app, (await store.getAgreement('agr_r1'))!)).toMatchObject({ status: 'paid', noticeSentAt: AT });
});

it('a cancel whose in-flight debit then succeeded says the year was paid by it, not "直接缴费"', async () => {
  const { store } = batch.app;
  await addAgreement(store, OPENID, 'agr_s1', 'per_8');
  await addDebit(store, OPENID, { agreementId: 'agr_s1', personId: 'per_8', debitId: 'dbt_s1', state: 'PENDING' });
  await store.transitionAgreement({ agreementId: 'agr_s1', from: ['ACTIVE'], to: 'CANCELLED', cause: 'user.cancelled', at: AT });
  await store.transitionDebit({ debitId: 'dbt_s1', from: ['PENDING'], to: 'SUCCESS', at: AT });
  const listed = (await agreements(batch.app, { openid: OPENID }, { action: 'list' })) as { agreements: { agreementId: string; endNote?: string; nextDebit?: { status: string } }[] };
  const card = listed.agreements.find((a) => a.agreementId === 'agr_s1')!;
  expect(card).toMatchObject({ nextDebit: { status: 'paid' }, endNote: '本年度保费已由自动续缴扣缴。协议已解约，此后不会再扣款。' });
});
