/**
 * A debit whose year was enrolled meanwhile by another route (paid at the counter while the bank's answer was on its
 * way): the money is booked and its payer told it is 重复缴费 and where to ask for it back, never also 参保成功.
 */
import { fixedClock } from '../clock';
import { useBatchTestApp } from './batchTestApp';
import { applyDebitAnswer } from './deductions';

const OPENID = 'o-dup';
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_dup', env: {} });

it('tells the payer of a debit for a year enrolled another way that it is 重复缴费, not that the year is enrolled', async () => {
  const { store } = batch.app;
  const at = '2026-11-27T01:00:00.000Z';
  // The order as the batch stores it: 400 元, the whole standard, nobody else paying part.
  await store.insertOrder({
    orderId: 'ord_dup', payerPersonId: 'per_1', payerOpenid: OPENID, requestHash: 'agreement:agr_dup:2027', totalFen: 40000, accountFen: 0, wechatFen: 40000,
    state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: at, updatedAt: at, channel: 'bank',
  }, [{ orderId: 'ord_dup', itemNo: 0, personId: 'per_1', benefitYear: 2027, standardFen: 40000, dueFen: 40000, quote: JSON.stringify({ standardFen: 40000, reductions: [], repairFen: 0 }), live: true }]);
  await store.insertDebit({ debitId: 'dbt_dup', agreementId: 'agr_dup', periodKey: '2027', attempt: 1, amountFen: 40000, orderId: 'ord_dup', state: 'UNKNOWN', failure: null, createdAt: at, updatedAt: at });
  await store.insertEnrollment({ personId: 'per_1', benefitYear: 2027, source: 'payment:ord_counter', enrolledAt: '2026-11-27T01:30:00.000Z' });
  const debit = (await store.getDebit('dbt_dup'))!;
  const answer = {
    kind: 'ok' as const,
    data: {
      debit_id: 'BD1', out_debit_no: 'dbt_dup', out_contract_no: 'ctr_agr_dup', amount_fen: 40000, state: 'SUCCESS' as const, fail_code: null, fail_message: null,
      created_at: '2026-11-27T10:00:00+08:00', finished_at: '2026-11-27T10:00:01+08:00',
    },
  };
  expect(await applyDebitAnswer(batch.app, debit, answer, 'test')).toBe('paid');
  const kinds = (await store.listNotices(OPENID, 10)).map((n) => n.kind);
  expect(kinds).toContain('payment.duplicate');
  expect(kinds).not.toContain('debit.succeeded');
  expect((await store.ledgerCheck()).ok).toBe(true);
});
