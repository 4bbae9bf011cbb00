import { concentratedPeriod, params, quote as policyQuote } from '../../../shared/policy';
import type { App } from '../app';
import type { Debit } from '../channels/bank';
import type { ChannelOutcome } from '../channels/wechatpay';
import { hourIn, isoInstant, todayIn } from '../clock';
import { quoteRequestFor } from '../coverage/service';
import { log } from '../log';
import { fail as failOrder, succeed as bookPaidOrder } from '../payments/service';
import type { AgreementRow, DebitRow, NoticeRow, PaymentItemRow, PaymentOrderRow, StoreOps } from '../store/port';
import { bank, bankNotifyUrl } from './bankChannel';
import { formatYuan } from './notices';
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

type NewNotice = Omit<NoticeRow, 'noticeId' | 'createdAt'>;

async function insertNotice(tx: StoreOps, app: App, n: NewNotice): Promise<boolean> {
  return tx.insertNotice({ ...n, noticeId: app.ids('ntc'), createdAt: isoInstant(app.clock) });
}

/**
 * Applies the bank's answer about one debit inside the caller's transaction: the debit, its order, the
 * ledger and the failure notice move together. Compare-and-set everywhere, so a second answer (a re-sent
 * notification, a query after a callback) changes nothing.
 */
export async function applyDebitAnswerIn(tx: StoreOps, app: App, debit: DebitRow, answer: ChannelOutcome<Debit>, cause: string): Promise<AgreementOutcome> {
  const at = isoInstant(app.clock);
  if (answer.kind === 'unknown') {
    await tx.transitionDebit({ debitId: debit.debitId, from: ['INIT'], to: 'UNKNOWN', at });
    return 'debit-unknown';
  }
  if (answer.kind === 'ok' && answer.data.state === 'PROCESSING') {
    await tx.transitionDebit({ debitId: debit.debitId, from: ['INIT', 'UNKNOWN'], to: 'PENDING', at });
    return 'debit-pending';
  }
  const found = (await tx.getOrder(debit.orderId))!;
  if (answer.kind === 'ok' && answer.data.state === 'SUCCESS') {
    if (answer.data.amount_fen !== debit.amountFen) {
      log('error', 'debit.amount-mismatch', { debitId: debit.debitId, expected: debit.amountFen, got: answer.data.amount_fen });
      return 'debit-unknown';
    }
    const paidAt = answer.data.finished_at ? new Date(answer.data.finished_at).toISOString() : at;
    if (await tx.transitionDebit({ debitId: debit.debitId, from: ['INIT', 'PENDING', 'UNKNOWN'], to: 'SUCCESS', at })) {
      await bookPaidOrder(tx, app, found.order, found.items, cause, answer.data.debit_id, paidAt);
    }
    return 'paid';
  }
  // Refused by the bank (a signed 4xx) or a FAILED debit: final for this attempt; a later run may retry.
  const failure = answer.kind === 'rejected' ? `rejected:${answer.code}` : `failed:${answer.data.fail_code ?? 'UNKNOWN'}`;
  if (await tx.transitionDebit({ debitId: debit.debitId, from: ['INIT', 'PENDING', 'UNKNOWN'], to: 'FAILED', at, failure })) {
    await failOrder(tx, app, found.order, `debit.${failure}`);
    const agreement = (await tx.getAgreement(debit.agreementId))!;
    await insertNotice(tx, app, {
      personId: agreement.personId, openid: agreement.signerOpenid, kind: 'debit.failed', ref: debit.debitId,
      title: '医保费自动扣款未成功',
      body: `${debit.periodKey} 年度居民医保费 ${formatYuan(debit.amountFen)} 扣款未成功（${failure.replace(/^\w+:/, '')}），我们会在集中参保期内再次尝试，也可以在小程序中直接缴费。`,
    });
  }
  return 'debit-failed';
}

export function applyDebitAnswer(app: App, debit: DebitRow, answer: ChannelOutcome<Debit>, cause: string): Promise<AgreementOutcome> {
  return app.store.transaction((tx) => applyDebitAnswerIn(tx, app, debit, answer, cause));
}

function withinDebitHours(app: App): boolean {
  const { fromHour, toHour } = debitSettings();
  const hour = hourIn(app.clock);
  return hour >= fromHour && hour < toHour;
}

/** What one agreement needs in this run, decided from reads alone. */
type Plan =
  | { kind: 'skip'; outcome: AgreementOutcome; notice?: NewNotice }
  | { kind: 'zero'; order: PaymentOrderRow; item: PaymentItemRow }
  | { kind: 'notice'; notice: NewNotice }
  | { kind: 'debit'; order: PaymentOrderRow; item: PaymentItemRow; debit: DebitRow; notice: NewNotice; contractNo: string };

async function planAgreement(app: App, agreement: AgreementRow, benefitYear: number): Promise<Plan> {
  const settings = debitSettings();
  const periodKey = String(benefitYear);
  const enrollments = await app.store.listEnrollments([agreement.personId]);
  if (enrollments.some((e) => e.benefitYear === benefitYear)) return { kind: 'skip', outcome: 'enrolled-already' };
  const debits = await app.store.listDebits(agreement.agreementId, periodKey);
  if (debits.some((d) => d.state === 'SUCCESS')) return { kind: 'skip', outcome: 'enrolled-already' };
  if (debits.some((d) => d.state !== 'FAILED')) return { kind: 'skip', outcome: 'debit-open' };

  const person = (await app.store.getPerson(agreement.personId))!;
  const today = todayIn(app.clock);
  const priced = policyQuote(await quoteRequestFor(app, person, benefitYear, enrollments, today), today);
  const ref = `${agreement.agreementId}:${periodKey}`;
  if ('error' in priced) {
    return { kind: 'skip', outcome: 'not-payable', notice: { personId: person.personId, openid: agreement.signerOpenid, kind: 'debit.not-payable', ref, title: '本年度无法自动扣款', body: priced.error.message } };
  }
  const at = isoInstant(app.clock);
  const order: PaymentOrderRow = {
    orderId: app.ids('ord'), payerPersonId: agreement.signerPersonId, payerOpenid: agreement.signerOpenid,
    requestHash: `agreement:${ref}`, totalFen: priced.totalFen, accountFen: 0, wechatFen: priced.totalFen,
    state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: at, updatedAt: at, channel: 'bank',
  };
  const item: PaymentItemRow = {
    orderId: order.orderId, itemNo: 0, personId: person.personId, benefitYear, standardFen: priced.standardFen,
    dueFen: priced.totalFen, quote: JSON.stringify(priced), live: true,
  };
  // Fully subsidised: nothing is charged, the year is booked from the public payers' side alone.
  if (priced.totalFen === 0) return { kind: 'zero', order, item };

  const notice: NewNotice = {
    personId: person.personId, openid: agreement.signerOpenid, kind: 'debit.upcoming', ref, title: '医保费自动扣款提醒',
    body: `将从尾号 ${agreement.accountMasked.slice(-4)} 的银行账户扣缴 ${person.name} ${benefitYear} 年度居民医保费 ${formatYuan(priced.totalFen)}。如需取消，请在扣款前于小程序中暂停或解约。`,
  };
  const sent = await app.store.findNotice('debit.upcoming', ref);
  // "With a notice first" (D17): the notice goes out, and the debit waits the lead time after it.
  if (!sent && settings.noticeLeadMs > 0) return { kind: 'notice', notice };
  if (sent && Date.parse(sent.createdAt) + settings.noticeLeadMs > app.clock.nowMs()) return { kind: 'skip', outcome: 'waiting-notice' };
  if (debits.length >= settings.maxAttempts) return { kind: 'skip', outcome: 'gave-up' };
  const last = debits[debits.length - 1];
  if (last && Date.parse(last.updatedAt) + settings.retryIntervalMs > app.clock.nowMs()) return { kind: 'skip', outcome: 'waiting-retry' };
  if (!withinDebitHours(app)) return { kind: 'skip', outcome: 'outside-hours' };
  const debit: DebitRow = {
    debitId: app.ids('dbt'), agreementId: agreement.agreementId, periodKey, attempt: debits.length + 1, amountFen: priced.totalFen,
    orderId: order.orderId, state: 'INIT', failure: null, createdAt: at, updatedAt: at,
  };
  return { kind: 'debit', order, item, debit, notice, contractNo: agreement.contractNo };
}

/** Runs `work` over `items` with at most `limit` at once, keeping the results in order. */
async function pooled<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

/**
 * One page of agreements in four steps: plan from reads; store every notice, order and debit (id before the
 * call) in one transaction; call the bank; apply every answer in one transaction. A kill between any two
 * steps leaves debits INIT or UNKNOWN, which the next run settles by asking the bank about their ids: the
 * (agreement, year) key admits one live debit, so nothing is ever debited twice and nobody is skipped.
 */
async function processPage(app: App, page: AgreementRow[], benefitYear: number, concurrency: number): Promise<AgreementOutcome[]> {
  const plans = await Promise.all(page.map((a) => planAgreement(app, a, benefitYear)));
  const outcomes: AgreementOutcome[] = plans.map((p) => (p.kind === 'skip' ? p.outcome : 'busy'));
  const toDebit: number[] = [];
  await app.store.transaction(async (tx) => {
    for (const [i, plan] of plans.entries()) {
      if (plan.kind === 'skip') {
        if (plan.notice) await insertNotice(tx, app, plan.notice);
        continue;
      }
      if (plan.kind === 'notice') {
        await insertNotice(tx, app, plan.notice);
        outcomes[i] = 'noticed';
        continue;
      }
      // Inside the write transaction these checks cannot race: a person-year held elsewhere is left alone.
      if (await tx.findLiveOrder(plan.item.personId, plan.item.benefitYear)) continue;
      await tx.insertOrder(plan.order, [plan.item]);
      if (plan.kind === 'zero') {
        await bookPaidOrder(tx, app, plan.order, [plan.item], 'agreement.nothing-due', null, isoInstant(app.clock));
        outcomes[i] = 'nothing-due';
        continue;
      }
      if ((await tx.listDebits(plan.debit.agreementId, plan.debit.periodKey)).some((d) => d.state !== 'FAILED')) continue;
      await insertNotice(tx, app, plan.notice);
      await tx.insertDebit(plan.debit);
      toDebit.push(i);
    }
  });
  const client = bank(app).client;
  const answers = await pooled(toDebit, concurrency, (i) => {
    const plan = plans[i] as Extract<Plan, { kind: 'debit' }>;
    return client.debit({
      out_debit_no: plan.debit.debitId,
      out_contract_no: plan.contractNo,
      amount_fen: plan.debit.amountFen,
      description: `合肥城乡居民医保 ${benefitYear}年度 自动续缴`,
      notify_url: bankNotifyUrl(),
    });
  });
  await app.store.transaction(async (tx) => {
    for (const [k, i] of toDebit.entries()) {
      const plan = plans[i] as Extract<Plan, { kind: 'debit' }>;
      outcomes[i] = await applyDebitAnswerIn(tx, app, plan.debit, answers[k], 'batch.debit');
    }
  });
  return outcomes;
}

/** Asks the bank about every debit whose answer we lack; a debit the bank never received is ended, to be retried. */
export async function settleOpenDebits(app: App, limit = 1000): Promise<{ examined: number; settled: number }> {
  const before = new Date(app.clock.nowMs() - debitSettings().settleMinAgeMs).toISOString();
  let examined = 0;
  let settled = 0;
  for (;;) {
    const open = await app.store.listDebitsToSettle(['INIT', 'UNKNOWN', 'PENDING'], before, limit);
    if (open.length === 0) break;
    let progressed = 0;
    for (const debit of open) {
      examined += 1;
      const answer = await bank(app).client.queryDebit(debit.debitId);
      // 404: the bank never recorded it (the call was lost before it arrived) — safe to end; a retry uses a new id.
      if (answer.kind === 'unknown' || (answer.kind === 'rejected' && answer.httpStatus !== 404)) continue;
      const outcome = await applyDebitAnswer(app, debit, answer, answer.kind === 'ok' ? 'settle.query' : 'settle.not-at-bank');
      if (outcome === 'paid' || outcome === 'debit-failed') {
        settled += 1;
        progressed += 1;
      }
    }
    if (progressed === 0 || open.length < limit) break;
  }
  return { examined, settled };
}

export interface BatchReport {
  benefitYear: number | null;
  agreements: number;
  outcomes: Partial<Record<AgreementOutcome, number>>;
  settled: { examined: number; settled: number };
}

/**
 * The deduction batch (timer): settle what earlier runs left open, then walk every ACTIVE agreement in id
 * order, a page at a time. It can be killed at any point and started again.
 */
export async function runDeductionBatch(app: App, options: { pageSize?: number; concurrency?: number } = {}): Promise<BatchReport> {
  const pageSize = options.pageSize ?? 500;
  const concurrency = options.concurrency ?? 8;
  const settled = await settleOpenDebits(app);
  const benefitYear = openPeriodYear(todayIn(app.clock));
  const report: BatchReport = { benefitYear, agreements: 0, outcomes: {}, settled };
  if (benefitYear === null) return report;
  let cursor = '';
  for (;;) {
    const page = await app.store.listActiveAgreements(cursor, pageSize);
    if (page.length === 0) break;
    for (const outcome of await processPage(app, page, benefitYear, concurrency)) {
      report.agreements += 1;
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    }
    cursor = page[page.length - 1].agreementId;
  }
  return report;
}
