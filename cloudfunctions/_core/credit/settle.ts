/**
 * Advances and repayments whose answer was lost (a timeout, a 5xx, a crash between our write and the bank's
 * answer) are settled by asking the bank about our own numbers. Only rows old enough that no request can still
 * be on its way are asked about, so "the bank has never heard of it" (404) can safely end them.
 */
import type { App } from '../app';
import { bank } from '../agreements/bankChannel';
import { isoInstant } from '../clock';
import type { CreditAdvanceRow } from '../store/credit.port';
import { applyAdvanceAnswer, applyAdvanceAnswerIn } from './advances';
import { creditSettings } from './settings';

const OPEN = ['INIT', 'UNKNOWN'] as const;

function settleBefore(app: App): string {
  return new Date(app.clock.nowMs() - creditSettings().settleMinAgeMs).toISOString();
}

/** Asks the bank about open advances (the given rows, or every one old enough); returns how many were settled. */
export async function settleAdvances(app: App, rows?: CreditAdvanceRow[], limit = 500): Promise<number> {
  const before = settleBefore(app);
  const open = (rows ?? (await app.store.listCreditAdvancesToSettle(OPEN, before, limit)))
    .filter((r) => (OPEN as readonly string[]).includes(r.state) && r.updatedAt < before);
  let settled = 0;
  for (const advance of open) {
    const answer = await bank(app).client.queryAdvance(advance.advanceId);
    if (answer.kind === 'unknown' || (answer.kind === 'rejected' && answer.httpStatus !== 404)) continue;
    const outcome = await applyAdvanceAnswer(app, advance.advanceId, answer, answer.kind === 'ok' ? 'settle.query' : 'settle.not-at-bank', 'system');
    if (outcome !== 'unchanged' && outcome !== 'unknown') settled += 1;
  }
  return settled;
}

/** Repayments awaiting an answer: the advance's query lists every repayment the bank received. */
export async function settleRepayments(app: App, limit = 500): Promise<number> {
  const open = await app.store.listCreditRepaymentsToSettle(OPEN, settleBefore(app), limit);
  let settled = 0;
  for (const repayment of open) {
    const answer = await bank(app).client.queryAdvance(repayment.advanceId);
    if (answer.kind !== 'ok') continue;
    const received = answer.data.repayments.some((r) => r.out_repayment_no === repayment.repaymentId);
    await app.store.transaction(async (tx) => {
      const at = isoInstant(app.clock);
      const moved = await tx.transitionCreditRepayment({
        repaymentId: repayment.repaymentId, from: OPEN, to: received ? 'SUCCESS' : 'FAILED', at, ...(received ? {} : { failure: 'not-at-bank' }),
      });
      if (moved) settled += 1;
      await applyAdvanceAnswerIn(tx, app, repayment.advanceId, answer, 'settle.repayment-query', 'system');
    });
  }
  return settled;
}
