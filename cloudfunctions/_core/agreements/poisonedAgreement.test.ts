/**
 * One agreement whose data trips the batch (here: pricing throws for its person) must not stop every agreement after
 * it, every hour, for the rest of the period: its page is taken again one agreement at a time, it is logged and
 * counted as an error, and the others are debited. Real SQLite store and in-process bank; the pricing fault is a spy.
 */
import { fixedClock } from '../clock';
import * as coverage from '../coverage/service';
import { addAgreement, useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';

const OPENID = 'o-poison';
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_1', env: { DEBIT_NOTICE_LEAD_HOURS: '0' } });

afterEach(() => jest.restoreAllMocks());

it('debits the rest of a page when one agreement throws, and counts that one as an error', async () => {
  const { store } = batch.app;
  await addAgreement(store, OPENID, 'agr_2', 'per_2');
  await addAgreement(store, OPENID, 'agr_3', 'per_3');
  const real = coverage.quoteRequestFrom;
  jest.spyOn(coverage, 'quoteRequestFrom').mockImplementation((person, ...rest) => {
    if (person.personId === 'per_2') throw new TypeError('a registry row this code never expected');
    return real(person, ...rest);
  });
  const report = await runDeductionBatch(batch.app, { pageSize: 10 });
  expect(report.outcomes).toEqual({ paid: 2, error: 1 });
  expect((await store.listDebits('agr_2', '2027'))).toEqual([]);
  expect((await store.listDebits('agr_3', '2027')).map((d) => d.state)).toEqual(['SUCCESS']);
});

it('stops the run when every agreement of the page fails alone too: the fault is not theirs', async () => {
  jest.spyOn(coverage, 'quoteRequestFrom').mockImplementation(() => {
    throw new Error('store unavailable');
  });
  // Pages of one: agr_1 is paid already (nothing to price); agr_2's page fails whole and alone.
  await expect(runDeductionBatch(batch.app, { pageSize: 1 })).rejects.toThrow('store unavailable');
});
