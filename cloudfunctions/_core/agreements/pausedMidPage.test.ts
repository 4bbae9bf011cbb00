/**
 * A resident pauses (or cancels) while the batch is planning the page that holds their agreement: the app has
 * answered "已暂停", so the batch must not debit them. The pause lands between the page's reads and its write
 * transaction, the widest gap a real run leaves (CloudBase reads are slow).
 */
import { fixedClock } from '../clock';
import { addAgreement, useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';

const OPENID = 'o-paused-mid-page';
// 2026-11-27 10:00 in Hefei, inside the 2027 concentrated period.
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_p1', env: { DEBIT_NOTICE_LEAD_HOURS: '0' } });

/** Runs `change` once, just before the page's write transaction begins (after the run has taken its lease). */
function beforeNextWrite(change: () => Promise<unknown>): void {
  const { store } = batch.app;
  const transaction = store.transaction.bind(store);
  let leaseTaken = false;
  store.transaction = async (work) => {
    if (!leaseTaken) {
      leaseTaken = true;
      return transaction(work);
    }
    store.transaction = transaction;
    await change();
    return transaction(work);
  };
}

it('does not debit an agreement paused after the page was read, and debits it once resumed and due', async () => {
  beforeNextWrite(() => batch.app.store.transitionAgreement({ agreementId: 'agr_p1', from: ['ACTIVE'], to: 'PAUSED', cause: 'user.paused', at: new Date(clock.nowMs()).toISOString() }));
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ busy: 1 });
  expect(batch.bank.debits.size).toBe(0);
  expect(await batch.app.store.listDebits('agr_p1', '2027')).toEqual([]);

  clock.advance(60_000);
  await batch.app.store.transitionAgreement({ agreementId: 'agr_p1', from: ['PAUSED'], to: 'ACTIVE', cause: 'user.resumed', at: new Date(clock.nowMs()).toISOString() });
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ paid: 1 });
  expect(batch.bank.debits.size).toBe(1);
});

it('sends no reminder for an agreement cancelled after the page was read', async () => {
  const { store } = batch.app;
  await addAgreement(store, OPENID, 'agr_p2', 'per_2');
  const lead = process.env.DEBIT_NOTICE_LEAD_HOURS;
  process.env.DEBIT_NOTICE_LEAD_HOURS = '48'; // the run that would send the reminder, not debit
  try {
    beforeNextWrite(() => store.transitionAgreement({ agreementId: 'agr_p2', from: ['ACTIVE'], to: 'CANCELLED', cause: 'user.cancelled', at: new Date(clock.nowMs()).toISOString() }));
    await runDeductionBatch(batch.app);
  } finally {
    process.env.DEBIT_NOTICE_LEAD_HOURS = lead;
  }
  expect((await store.listNotices(OPENID, 20)).filter((n) => n.kind === 'debit.upcoming' && n.ref.startsWith('agr_p2'))).toEqual([]);
});
