/**
 * D17 (pilot §三(四)): a failed auto-renewal debit is retried "until the last day" of the concentrated period. With
 * a retry every third day, a failure on 12-29 would next be tried on 01-01, after the period: the last day gets a
 * try of its own. The batch runs on an injected clock against the in-process bank, whose first answer is a refusal.
 */
import type { Debit } from '../channels/bank';
import { fixedClock } from '../clock';
import { useBatchTestApp } from './batchTestApp';
import { runDeductionBatch } from './deductions';

const DAY_MS = 24 * 3600_000;
const OPENID = 'o-last-day';
// 2026-12-29 10:00 in Hefei: three days before the 2027 period closes on 12-31.
const clock = fixedClock(Date.parse('2026-12-29T02:00:00Z'));
const batch = useBatchTestApp({ clock, openid: OPENID, agreementId: 'agr_l1', env: { DEBIT_NOTICE_LEAD_HOURS: '0', DEBIT_RETRY_INTERVAL_HOURS: '72' } });

beforeAll(() => {
  // The bank refuses the first debit (insufficient funds), then pays.
  const pays = batch.bank.client.debit;
  let refusals = 1;
  batch.bank.client.debit = async (input) => {
    if (refusals-- <= 0) return pays(input);
    const at = new Date(clock.nowMs()).toISOString();
    const failed: Debit = {
      debit_id: 'D-refused', out_debit_no: input.out_debit_no, out_contract_no: input.out_contract_no, amount_fen: input.amount_fen,
      state: 'FAILED', fail_code: 'INSUFFICIENT_FUNDS', fail_message: '余额不足', created_at: at, finished_at: at,
    };
    return { kind: 'ok', data: failed };
  };
});

it('a debit refused on 12-29 is tried again on the last day, not after the period', async () => {
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ 'debit-failed': 1 });
  const [failed] = (await batch.app.store.listNotices(OPENID, 10)).filter((n) => n.kind === 'debit.failed');
  expect(failed.body).toContain('我们会于 2026-12-31 再次尝试');

  clock.advance(DAY_MS); // 12-30: still inside the interval
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ 'waiting-retry': 1 });

  clock.advance(DAY_MS); // 12-31: the period's last day
  expect((await runDeductionBatch(batch.app)).outcomes).toEqual({ paid: 1 });
});
