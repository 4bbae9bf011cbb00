/**
 * A store that runs a conflicting transaction again (CloudBase: snapshot isolation, the loser reruns) must leave the
 * batch with what the committed attempt decided. Here the page's write transaction is aborted once after deciding to
 * debit, and meanwhile the resident starts paying the year in the app: the rerun leaves the agreement alone, so the
 * bank must not be asked for a debit nobody recorded.
 */
import { fixedClock } from '../clock';
import { useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';

const OPENID = 'o-rerun-page';
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_r1', env: { DEBIT_NOTICE_LEAD_HOURS: '0' } });
const AT = '2026-11-27T02:00:00.000Z';

class Conflict extends Error {}

it('asks the bank only for debits the committed attempt stored', async () => {
  const { store } = batch.app;
  const transaction = store.transaction.bind(store);
  let calls = 0;
  store.transaction = async (work) => {
    // The run's first transaction takes its lease; the second writes the page, and is the one aborted once.
    calls += 1;
    if (calls !== 2) return transaction(work);
    // The first attempt decides, then conflicts and rolls back; an app payment of the same year lands before the rerun.
    await transaction(async (tx) => {
      await work(tx);
      throw new Conflict('write conflict');
    }).catch((error: unknown) => {
      if (!(error instanceof Conflict)) throw error;
    });
    await store.insertOrder({
      orderId: 'ord_app', payerPersonId: 'per_1', payerOpenid: OPENID, requestHash: 'app', totalFen: 40000, accountFen: 0, wechatFen: 40000,
      state: 'PENDING', prepayId: 'wx_prepay', channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'wechatpay',
    }, [{ orderId: 'ord_app', itemNo: 0, personId: 'per_1', benefitYear: 2027, standardFen: 40000, dueFen: 40000, quote: '{}', live: true }]);
    return transaction(work);
  };
  const report = await runDeductionBatch(batch.app);
  store.transaction = transaction;
  expect(report.outcomes).toEqual({ busy: 1 });
  expect(batch.bank.debits.size).toBe(0);
  expect(await store.listDebits('agr_r1', '2027')).toEqual([]);
});
