/**
 * A debit refused as over the contract's per-debit limit (the standard rose past what was signed) is refused the same
 * on every retry: the signer is told to pay in the app or sign anew, and the batch does not ask the bank again.
 */
import { fixedClock } from '../clock';
import { useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';

const OPENID = 'o-limit';
const clock = fixedClock(Date.parse('2026-11-27T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_limit', env: { DEBIT_NOTICE_LEAD_HOURS: '0', DEBIT_RETRY_INTERVAL_HOURS: '24' } });

it('tells the signer to pay or sign anew, and tries no more this year', async () => {
  let calls = 0;
  batch.bank.client.debit = async (input) => {
    calls += 1;
    return { kind: 'ok', data: { debit_id: `D${calls}`, out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no, amount_fen: input.amount_fen,
      state: 'FAILED', fail_code: 'AMOUNT_OVER_LIMIT', fail_message: '超过单笔限额', created_at: '2026-11-27T10:00:00+08:00', finished_at: '2026-11-27T10:00:00+08:00' } };
  };
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ 'debit-failed': 1 });
  const [failed] = (await batch.app.store.listNotices(OPENID, 10)).filter((n) => n.kind === 'debit.failed');
  expect(failed.body).toContain('扣款金额超过协议约定的单笔上限');
  expect(failed.body).toContain('请解约后重新签约');
  clock.advance(2 * 86_400_000);
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ 'gave-up': 1 });
  expect(calls).toBe(1);
});
