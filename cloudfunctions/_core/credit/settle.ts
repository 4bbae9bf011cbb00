/**
 * Advances and repayments whose answer was lost (a timeout, a 5xx, a crash between our write and the bank's
 * answer) are settled by asking the bank about our own numbers. Only rows old enough that no request can still
 * be on its way are asked about, so "the bank has never heard of it" (404) can safely end them.
 */
import type { App } from '../app';
import { bank } from '../agreements/bankChannel';
import { isoInstant } from '../clock';
import type { CreditAdvanceRow } from '../store/credit.port';
import { formatYuan, noticeIn } from '../agreements/notices';
import { applyAdvanceAnswer, applyAdvanceAnswerIn, repaymentsConfirmedBy } from './advances';
import { repaymentFailureText } from './wording';
import { creditSettings } from './settings';
import { settleWechatRepayments, type WechatRepaymentReport } from './wechatRepayment';

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

/**
 * Repayments awaiting the bank's answer: the advance's query lists every repayment the bank received. A listed one is
 * confirmed at any age (applyAdvanceAnswerIn confirms it); an unlisted one is ended only once old enough that our
 * call can no longer reach the bank. `rows` (the advances a resident is looking at) asks about just those.
 * WeChat Pay money sent to the bank (COLLECTED) is confirmed the same way, but never ended as "not at the bank":
 * the janitor sends it again; its sheets are settled apart (wechatRepayment.ts).
 */
export async function settleRepayments(app: App, limit = 500, advanceIds?: readonly string[]): Promise<number> {
  const before = settleBefore(app);
  // The janitor's pass takes bank repayments only: WeChat Pay money it settles itself (settleWechatRepayments).
  const open = advanceIds
    ? (await Promise.all(advanceIds.map((id) => app.store.listCreditRepayments(id)))).flat()
      .filter((r) => (r.channel === 'bank' && (OPEN as readonly string[]).includes(r.state)) || (r.channel === 'wechatpay' && r.state === 'COLLECTED'))
    : await app.store.listCreditRepaymentsToSettle(OPEN, before, limit, 'bank');
  let settled = 0;
  const asked = new Set<string>();
  for (const repayment of open) {
    if (asked.has(repayment.advanceId)) continue;
    asked.add(repayment.advanceId);
    const answer = await bank(app).client.queryAdvance(repayment.advanceId);
    if (answer.kind !== 'ok') continue;
    const mine = open.filter((r) => r.advanceId === repayment.advanceId);
    await app.store.transaction(async (tx) => {
      const at = isoInstant(app.clock);
      const listed = new Set(repaymentsConfirmedBy(mine, answer.data).map((r) => r.repaymentId));
      settled += listed.size;
      // Money we collected by WeChat Pay is never given up here: the janitor sends it again (wechatRepayment.ts).
      for (const r of mine.filter((m) => m.channel === 'bank' && !listed.has(m.repaymentId) && m.updatedAt < before)) {
        if (!(await tx.transitionCreditRepayment({ repaymentId: r.repaymentId, from: OPEN, to: 'FAILED', at, failure: 'not-at-bank' }))) continue;
        settled += 1;
        // Settled after the resident left the page: the one who asked is told, so they know to repay again.
        const advance = await tx.getCreditAdvance(r.advanceId);
        if (!advance) continue;
        const name = (await tx.getPerson(advance.personId))?.name ?? '';
        await noticeIn(tx, app, {
          personId: advance.personId, openid: r.requestedBy, kind: 'credit.repayment-failed', ref: r.repaymentId, title: '还款未成功',
          body: `${name} ${advance.benefitYear} 年度银行代缴保费的还款 ${formatYuan(r.amountFen)} 未成功：${repaymentFailureText({ state: 'FAILED', failure: 'not-at-bank' })}。`,
        });
      }
      await applyAdvanceAnswerIn(tx, app, repayment.advanceId, answer, 'settle.repayment-query', 'system');
    });
  }
  return settled;
}

/**
 * Every open advance and repayment old enough to ask about: the payment janitor's 2-minute pass calls this, so a
 * lost answer is settled within minutes, not at the daily creditReminders run.
 */
export async function settleOpenCredit(app: App, limit = 100): Promise<{ advances: number; repayments: number; wechatRepayments: WechatRepaymentReport }> {
  return {
    advances: await settleAdvances(app, undefined, limit),
    repayments: await settleRepayments(app, limit),
    wechatRepayments: await settleWechatRepayments(app, settleBefore(app), limit),
  };
}
