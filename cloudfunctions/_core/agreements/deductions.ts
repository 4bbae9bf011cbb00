import { concentratedPeriod, params, quote as policyQuote } from '../../../shared/policy';
import type { App } from '../app';
import type { Debit } from '../channels/bank';
import type { ChannelOutcome } from '../channels/wechatpay';
import { isoInstant, todayIn, ZONE } from '../clock';
import { quoteRequestFor } from '../coverage/service';
import { UniqueViolation } from '../errors';
import { log } from '../log';
import { fail as failOrder, succeed as bookPaidOrder } from '../payments/service';
import type { AgreementRow, DebitRow, PaymentItemRow, PaymentOrderRow } from '../store/port';
import dayjs from 'dayjs';
import { bank, bankNotifyUrl } from './bankChannel';
import { formatYuan, notify } from './notices';
import { debitSettings } from './settings';

/**
 * The benefit year whose concentrated period (D8) contains today, if any. Pilot §三(四): "在居民集中参保期结束前
 * ... 自动扣取参保费用" — auto-renewal debits happen inside that period and stop after its last day.
 */
export function openPeriodYear(today: string): number | null {
  const year = Number(today.slice(0, 4));
  for (const candidate of [year + 1, year]) {
    const period = concentratedPeriod(params, candidate);
    if (period && period.start <= today && today <= period.end) return candidate;
  }
  return null;
}

export type AgreementOutcome =
  | 'enrolled-already' | 'debit-open' | 'paid' | 'nothing-due' | 'not-payable' | 'noticed' | 'waiting-notice'
  | 'waiting-retry' | 'gave-up' | 'outside-hours' | 'debit-pending' | 'debit-unknown' | 'debit-failed' | 'busy';

/** Applies the bank's answer about a debit to the debit, its order, the ledger and the person's notices. */
export async function applyDebitAnswer(app: App, debit: DebitRow, answer: ChannelOutcome<Debit>, cause: string): Promise<AgreementOutcome> {
  const at = isoInstant(app.clock);
  const found = (await app.store.getOrder(debit.orderId))!;
  if (answer.kind === 'unknown') {
    await app.store.transitionDebit({ debitId: debit.debitId, from: ['INIT'], to: 'UNKNOWN', at });
    return 'debit-unknown';
  }
  if (answer.kind === 'ok' && answer.data.state === 'PROCESSING') {
    await app.store.transitionDebit({ debitId: debit.debitId, from: ['INIT', 'UNKNOWN'], to: 'PENDING', at });
    return 'debit-pending';
  }
  if (answer.kind === 'ok' && answer.data.state === 'SUCCESS') {
    if (answer.data.amount_fen !== debit.amountFen) {
      log('error', 'debit.amount-mismatch', { debitId: debit.debitId, expected: debit.amountFen, got: answer.data.amount_fen });
      return 'debit-unknown';
    }
    const paidAt = answer.data.finished_at ? new Date(answer.data.finished_at).toISOString() : at;
    await app.store.transaction(async (tx) => {
      if (await tx.transitionDebit({ debitId: debit.debitId, from: ['INIT', 'PENDING', 'UNKNOWN'], to: 'SUCCESS', at })) {
        await bookPaidOrder(tx, app, found.order, found.items, cause, answer.data.debit_id, paidAt);
      }
    });
    return 'paid';
  }
  // Refused by the bank (a signed 4xx) or a FAILED debit: final for this attempt; a later run may retry.
  const failure = answer.kind === 'rejected' ? `rejected:${answer.code}` : `failed:${answer.data.fail_code ?? 'UNKNOWN'}`;
  const moved = await app.store.transaction(async (tx) => {
    const done = await tx.transitionDebit({ debitId: debit.debitId, from: ['INIT', 'PENDING', 'UNKNOWN'], to: 'FAILED', at, failure });
    if (done) await failOrder(tx, app, found.order, `debit.${failure}`);
    return done;
  });
  if (moved) {
    const agreement = (await app.store.getAgreement(debit.agreementId))!;
    await notify(app, {
      personId: agreement.personId, openid: agreement.signerOpenid, kind: 'debit.failed', ref: debit.debitId,
      title: '医保费自动扣款未成功',
      body: `${debit.periodKey} 年度居民医保费 ${formatYuan(debit.amountFen)} 扣款未成功（${failure.replace(/^\w+:/, '')}），我们会在集中参保期内再次尝试，也可以在小程序中直接缴费。`,
    });
  }
  return 'debit-failed';
}

function withinDebitHours(app: App): boolean {
  const { fromHour, toHour } = debitSettings();
  const hour = dayjs(app.clock.nowMs()).tz(ZONE).hour();
  return hour >= fromHour && hour < toHour;
}

/**
 * One agreement's turn in the batch. Every step is idempotent: the notice is unique per (agreement, year),
 * the debit id and its order are stored before the bank is called, and the (agreement, year) key admits one
 * live debit — so a batch killed anywhere and run again finishes what was left and never debits twice.
 */
export async function processAgreement(app: App, agreement: AgreementRow, benefitYear: number): Promise<AgreementOutcome> {
  const settings = debitSettings();
  const periodKey = String(benefitYear);
  const nowMs = app.clock.nowMs();
  const enrollments = await app.store.listEnrollments([agreement.personId]);
  if (enrollments.some((e) => e.benefitYear === benefitYear)) return 'enrolled-already';
  const debits = await app.store.listDebits(agreement.agreementId, periodKey);
  if (debits.some((d) => d.state === 'SUCCESS')) return 'enrolled-already';
  if (debits.some((d) => d.state !== 'FAILED')) return 'debit-open';

  const person = (await app.store.getPerson(agreement.personId))!;
  const today = todayIn(app.clock);
  const priced = policyQuote(await quoteRequestFor(app, person, benefitYear, enrollments, today), today);
  if ('error' in priced) {
    await notify(app, { personId: person.personId, openid: agreement.signerOpenid, kind: 'debit.not-payable', ref: `${agreement.agreementId}:${periodKey}`, title: '本年度无法自动扣款', body: priced.error.message });
    return 'not-payable';
  }

  const at = isoInstant(app.clock);
  const order: PaymentOrderRow = {
    orderId: app.ids('ord'), payerPersonId: agreement.signerPersonId, payerOpenid: agreement.signerOpenid,
    requestHash: `agreement:${agreement.agreementId}:${periodKey}`, totalFen: priced.totalFen, accountFen: 0, wechatFen: priced.totalFen,
    state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: at, updatedAt: at, channel: 'bank',
  };
  const item: PaymentItemRow = {
    orderId: order.orderId, itemNo: 0, personId: person.personId, benefitYear, standardFen: priced.standardFen,
    dueFen: priced.totalFen, quote: JSON.stringify(priced), live: true,
  };
  if (priced.totalFen === 0) {
    // Fully subsidised: nothing is charged, the year is booked from the public payers' side alone.
    try {
      await app.store.transaction(async (tx) => {
        await tx.insertOrder(order, [item]);
        await bookPaidOrder(tx, app, order, [item], 'agreement.nothing-due', null, at);
      });
    } catch (error) {
      if (error instanceof UniqueViolation) return 'busy';
      throw error;
    }
    return 'nothing-due';
  }

  const fresh = await notify(app, {
    personId: person.personId, openid: agreement.signerOpenid, kind: 'debit.upcoming', ref: `${agreement.agreementId}:${periodKey}`,
    title: '医保费自动扣款提醒',
    body: `将从尾号 ${agreement.accountMasked.slice(-4)} 的银行账户扣缴 ${person.name} ${benefitYear} 年度居民医保费 ${formatYuan(priced.totalFen)}。如需取消，请在扣款前于小程序中暂停或解约。`,
  });
  if (fresh && settings.noticeLeadMs > 0) return 'noticed';
  const notice = (await app.store.listNotices(agreement.signerOpenid, 200)).find((n) => n.kind === 'debit.upcoming' && n.ref === `${agreement.agreementId}:${periodKey}`);
  if (notice && Date.parse(notice.createdAt) + settings.noticeLeadMs > app.clock.nowMs()) return 'waiting-notice';

  if (debits.length >= settings.maxAttempts) return 'gave-up';
  const last = debits[debits.length - 1];
  if (last && Date.parse(last.updatedAt) + settings.retryIntervalMs > nowMs) return 'waiting-retry';
  if (!withinDebitHours(app)) return 'outside-hours';

  const debit: DebitRow = {
    debitId: app.ids('dbt'), agreementId: agreement.agreementId, periodKey, attempt: debits.length + 1, amountFen: priced.totalFen,
    orderId: order.orderId, state: 'INIT', failure: null, createdAt: at, updatedAt: at,
  };
  try {
    await app.store.transaction(async (tx) => {
      await tx.insertOrder(order, [item]);
      await tx.insertDebit(debit);
    });
  } catch (error) {
    // Someone else holds the person-year (a payment in the app, or a concurrent batch): leave it to them.
    if (error instanceof UniqueViolation) return 'busy';
    throw error;
  }
  const answer = await bank(app).client.debit({
    out_debit_no: debit.debitId,
    out_contract_no: agreement.contractNo,
    amount_fen: debit.amountFen,
    description: `合肥城乡居民医保 ${benefitYear}年度 自动续缴`,
    notify_url: bankNotifyUrl(),
  });
  return applyDebitAnswer(app, debit, answer, 'batch.debit');
}

/** Asks the bank about every debit whose answer we lack; a debit the bank never received is ended, to be retried. */
export async function settleOpenDebits(app: App, limit = 1000): Promise<{ examined: number; settled: number }> {
  const before = new Date(app.clock.nowMs() - debitSettings().settleMinAgeMs).toISOString();
  const open = await app.store.listDebitsToSettle(['INIT', 'UNKNOWN', 'PENDING'], before, limit);
  let settled = 0;
  for (const debit of open) {
    const answer = await bank(app).client.queryDebit(debit.debitId);
    if (answer.kind === 'rejected' && answer.httpStatus === 404) {
      const outcome = await applyDebitAnswer(app, debit, answer, 'settle.not-at-bank');
      if (outcome === 'debit-failed') settled += 1;
    } else if (answer.kind === 'ok') {
      const outcome = await applyDebitAnswer(app, debit, answer, 'settle.query');
      if (outcome === 'paid' || outcome === 'debit-failed') settled += 1;
    }
  }
  return { examined: open.length, settled };
}

export interface BatchReport {
  benefitYear: number | null;
  agreements: number;
  outcomes: Partial<Record<AgreementOutcome, number>>;
  settled: { examined: number; settled: number };
}

/**
 * The deduction batch (timer): settle what earlier runs left open, then walk every ACTIVE agreement in id
 * order. It can be killed at any point and started again.
 */
export async function runDeductionBatch(app: App, pageSize = 500): Promise<BatchReport> {
  const settled = await settleOpenDebits(app);
  const benefitYear = openPeriodYear(todayIn(app.clock));
  const report: BatchReport = { benefitYear, agreements: 0, outcomes: {}, settled };
  if (benefitYear === null) return report;
  let cursor = '';
  for (;;) {
    const page = await app.store.listActiveAgreements(cursor, pageSize);
    if (page.length === 0) break;
    for (const agreement of page) {
      const outcome = await processAgreement(app, agreement, benefitYear);
      report.agreements += 1;
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    }
    cursor = page[page.length - 1].agreementId;
  }
  return report;
}
