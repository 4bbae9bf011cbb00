import { concentratedPeriod, params, quote as policyQuote } from '../../../shared/policy';
import type { App } from '../app';
import type { Debit } from '../channels/bank';
import type { ChannelOutcome } from '../channels/wechatpay';
import { hourIn, isoInstant, todayIn } from '../clock';
import { quoteRequestFrom } from '../coverage/service';
import { errorText, log } from '../log';
import { pooled } from '../pooled';
import { bookPaidOrders, type PaidOrder } from '../payments/bookPaid';
import { fail as failOrder } from '../payments/service';
import type { AgreementRow, DebitRow, EnrollmentRow, NoticeRow, PaymentItemRow, PaymentOrderRow, PersonRow, RegistryRow, StoreOps } from '../store/port';
import { awaitBatchLease, releaseBatchLease, takeBatchLease } from './batchLease';
import { checkContractAtChannel, contractGone } from './contractState';
import { debitChannelFor } from './debitChannels';
import { debitFailureReason } from './debitFailures';
import { debitSourceText, formatYuan, noticeIn, type NewNotice } from './notices';
import { nextTryDay, retryDueNow } from './retrySchedule';
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
  | 'waiting-retry' | 'gave-up' | 'outside-hours' | 'debit-pending' | 'debit-unknown' | 'debit-failed' | 'busy' | 'error';



export interface DebitAnswer {
  debit: DebitRow;
  answer: ChannelOutcome<Debit>;
  /** The debit's order, when the caller already holds it (the batch does); read otherwise. */
  paid?: { order: PaymentOrderRow; items: PaymentItemRow[] };
  /** The agreement and the name of the person it pays for, when the caller already holds them (the batch does); read otherwise. */
  owner?: DebitOwner;
}

/** What the resident's messages about a debit name: whose premium, and from which account. */
interface DebitOwner {
  agreement: AgreementRow;
  personName: string;
}

async function ownerOf(tx: StoreOps, agreementId: string): Promise<DebitOwner> {
  const agreement = (await tx.getAgreement(agreementId))!;
  return { agreement, personName: (await tx.getPerson(agreement.personId))?.name ?? '' };
}

/** The message a successful debit leaves the resident (the bank's own SMS or WeChat's bill says it too, in their words). */
function paidNotice(debit: DebitRow, { agreement, personName }: DebitOwner): NewNotice {
  return {
    personId: agreement.personId, openid: agreement.signerOpenid, kind: 'debit.succeeded', ref: debit.debitId, title: '医保费自动扣款成功',
    body: `已${debitSourceText(agreement)}扣缴 ${personName} ${debit.periodKey} 年度居民医保费 ${formatYuan(debit.amountFen)}，${debit.periodKey} 年度参保成功。`,
  };
}

/**
 * Applies the bank's answers about debits inside the caller's transaction: each debit, its order, the
 * ledger and the failure notice move together. Compare-and-set everywhere, so a second answer (a re-sent
 * notification, a query after a callback) changes nothing. Successes, the bulk of a batch page, are booked
 * in a few set-based writes; failures are rare and go one by one.
 */
export async function applyDebitAnswersIn(tx: StoreOps, app: App, answers: readonly DebitAnswer[], cause: string): Promise<AgreementOutcome[]> {
  const at = isoInstant(app.clock);
  const outcomes: AgreementOutcome[] = new Array(answers.length);
  const unknown: string[] = [];
  const processing: string[] = [];
  const succeeded: { index: number; data: Debit }[] = [];
  for (const [i, { debit, answer }] of answers.entries()) {
    if (answer.kind === 'unknown') {
      unknown.push(debit.debitId);
      outcomes[i] = 'debit-unknown';
    } else if (answer.kind === 'ok' && answer.data.state === 'PROCESSING') {
      processing.push(debit.debitId);
      outcomes[i] = 'debit-pending';
    } else if (answer.kind === 'ok' && answer.data.state === 'SUCCESS') {
      if (answer.data.amount_fen !== debit.amountFen) {
        log('error', 'debit.amount-mismatch', { debitId: debit.debitId, expected: debit.amountFen, got: answer.data.amount_fen });
        outcomes[i] = 'debit-unknown';
      } else {
        succeeded.push({ index: i, data: answer.data });
        outcomes[i] = 'paid';
      }
    } else {
      outcomes[i] = await applyDebitFailure(tx, app, debit, answer, at, cause === NOT_AT_CHANNEL_CAUSE);
    }
  }
  await tx.transitionDebits({ debitIds: unknown, from: ['INIT'], to: 'UNKNOWN', at });
  await tx.transitionDebits({ debitIds: processing, from: ['INIT', 'UNKNOWN'], to: 'PENDING', at });
  const moved = new Set(await tx.transitionDebits({ debitIds: succeeded.map((s) => answers[s.index].debit.debitId), from: ['INIT', 'PENDING', 'UNKNOWN'], to: 'SUCCESS', at }));
  const paid: PaidOrder[] = [];
  const notices: NoticeRow[] = [];
  for (const { index, data } of succeeded) {
    const { debit, paid: known, owner } = answers[index];
    if (!moved.has(debit.debitId)) continue;
    const found = known ?? (await tx.getOrder(debit.orderId))!;
    paid.push({ order: found.order, items: found.items, channelTxnId: data.debit_id, paidAt: data.finished_at ? new Date(data.finished_at).toISOString() : at });
    notices.push({ ...paidNotice(debit, owner ?? (await ownerOf(tx, debit.agreementId))), noticeId: app.ids('ntc'), createdAt: at });
  }
  const { duplicates } = await bookPaidOrders(tx, app, paid, cause);
  // A debit for a year enrolled meanwhile by another route: its payer is told 重复缴费 (bookPaid.ts), not 参保成功.
  await tx.insertNotices(notices.filter((_, k) => !duplicates.has(paid[k].order.orderId)));
  return outcomes;
}

/** A debit the channel never received, ended by settleOpenDebits: its failure, and the cause it is applied with. */
export const NOT_AT_CHANNEL = 'not-at-channel';
const NOT_AT_CHANNEL_CAUSE = 'settle.not-at-bank';

/**
 * Refused by the bank (a signed 4xx) or a FAILED debit: final for this attempt. The resident is told why, in words,
 * and what happens next: another attempt while the agreement stands and attempts remain in the period, otherwise
 * paying in the app (a cancelled or paused agreement is never debited again).
 */
async function applyDebitFailure(tx: StoreOps, app: App, debit: DebitRow, answer: ChannelOutcome<Debit>, at: string, notAtChannel: boolean): Promise<AgreementOutcome> {
  const failure = notAtChannel ? NOT_AT_CHANNEL
    : answer.kind === 'rejected' ? `rejected:${answer.code}` : `failed:${answer.kind === 'ok' ? (answer.data.fail_code ?? 'UNKNOWN') : 'UNKNOWN'}`;
  const [moved] = await tx.transitionDebits({ debitIds: [debit.debitId], from: ['INIT', 'PENDING', 'UNKNOWN'], to: 'FAILED', at, failure });
  if (moved) {
    const found = (await tx.getOrder(debit.orderId))!;
    await failOrder(tx, app, found.order, `debit.${failure}`);
    // Never reached the bank (a run killed before sending it): nothing was tried, so nothing to tell; the next run sends
    // a new one at once (planAgreement) instead of waiting the retry interval.
    if (notAtChannel) return 'debit-failed';
    const { agreement, personName } = await ownerOf(tx, debit.agreementId);
    const period = concentratedPeriod(params, Number(debit.periodKey));
    const settings = debitSettings();
    // The batch's own limits (planAgreement): attempts left, and a next try that still falls inside the period.
    const nextTry = nextTryDay(app.clock.nowMs(), settings, period?.end ?? null);
    const retries = debit.attempt < settings.maxAttempts && nextTry !== null;
    const next = agreement.state === 'CANCELLED' || agreement.state === 'FAILED'
      ? '自动续缴协议已解约，不会再次扣款；如需参保，请在小程序中直接缴费。'
      // Over the contract's per-debit limit (the standard rose past what was signed): a retry cannot help, signing anew can.
      : failure.endsWith('AMOUNT_OVER_LIMIT')
        ? '本年度不再自动扣款，请在小程序中直接缴费；如需继续自动续缴，请解约后重新签约（新协议按新的缴费标准约定单笔上限）。'
      : agreement.state === 'PAUSED'
        ? '自动续缴协议已暂停，恢复前不会再次扣款；也可以在小程序中直接缴费。'
        : retries
          ? `我们会于 ${nextTry} 再次尝试${period ? `（自动扣款截至 ${period.end} 集中参保期结束）` : ''}，也可以在小程序中直接缴费。`
          : `本年度不再自动扣款，请${period ? `在 ${period.end} 集中参保期结束前` : ''}在小程序中直接缴费。`;
    await noticeIn(tx, app, {
      personId: agreement.personId, openid: agreement.signerOpenid, kind: 'debit.failed', ref: debit.debitId,
      title: '医保费自动扣款未成功',
      body: `${debitSourceText(agreement)}扣缴 ${personName} ${debit.periodKey} 年度居民医保费 ${formatYuan(debit.amountFen)} 未成功：${debitFailureReason(failure)}。${next}`,
    });
  }
  return 'debit-failed';
}

export async function applyDebitAnswerIn(tx: StoreOps, app: App, debit: DebitRow, answer: ChannelOutcome<Debit>, cause: string): Promise<AgreementOutcome> {
  return (await applyDebitAnswersIn(tx, app, [{ debit, answer }], cause))[0];
}

/**
 * The contract check, for one agreement among many: a failure (a channel or store error) is logged and left for the
 * next refused debit to ask again, and never stops the answers of a page or the rest of the run from being applied.
 */
async function checkContractQuietly(app: App, agreement: AgreementRow): Promise<void> {
  try {
    await checkContractAtChannel(app, agreement, 'debit.contract-check');
  } catch (error) {
    log('warn', 'agreement.contract-check-failed', { agreementId: agreement.agreementId, error: error instanceof Error ? error.message : String(error) });
  }
}

/** One answer (a query, a channel notification), applied after the channel's word on a contract it says is gone. */
export async function applyDebitAnswer(app: App, debit: DebitRow, answer: ChannelOutcome<Debit>, cause: string): Promise<AgreementOutcome> {
  if (contractGone(answer)) {
    const agreement = await app.store.getAgreement(debit.agreementId);
    if (agreement) await checkContractQuietly(app, agreement);
  }
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
  | { kind: 'debit'; order: PaymentOrderRow; item: PaymentItemRow; debit: DebitRow; notice: NewNotice; agreement: AgreementRow; personName: string };

/** Everything the plans of a page depend on, read in a handful of set queries rather than a dozen per agreement. */
interface PageFacts {
  enrollments: Map<string, EnrollmentRow[]>;
  debits: Map<string, DebitRow[]>;
  persons: Map<string, PersonRow>;
  registries: Map<string, RegistryRow>;
  upcoming: Map<string, NoticeRow>;
  today: string;
  nowMs: number;
  at: string;
  settings: ReturnType<typeof debitSettings>;
  inDebitHours: boolean;
  /** The day a reminder sent now announces: the debit waits the lead time after it. */
  debitDayAfterNotice: string;
}

/** The order channel (and so the ledger's clearing account) of a debit under each kind of agreement. */
const ORDER_CHANNEL = { bank: 'bank', wechat: 'papay' } as const satisfies Record<AgreementRow['channel'], PaymentOrderRow['channel']>;

const noticeRef = (agreement: AgreementRow, periodKey: string) => `${agreement.agreementId}:${periodKey}`;


function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

async function readPage(app: App, page: readonly AgreementRow[], periodKey: string): Promise<PageFacts> {
  const personIds = [...new Set(page.map((a) => a.personId))];
  const [enrollments, debits, persons, upcoming] = await Promise.all([
    app.store.listEnrollments(personIds),
    app.store.listDebitsOf(page.map((a) => a.agreementId), periodKey),
    app.store.getPersons(personIds),
    app.store.findNotices('debit.upcoming', page.map((a) => noticeRef(a, periodKey))),
  ]);
  const registries = await app.store.getRegistries(persons.map((p) => p.idHash));
  const settings = debitSettings();
  return {
    enrollments: groupBy(enrollments, (e) => e.personId),
    debits: groupBy(debits, (d) => d.agreementId),
    persons: new Map(persons.map((p) => [p.personId, p])),
    registries: new Map(registries.map((r) => [r.idHash, r])),
    upcoming: new Map(upcoming.map((n) => [n.ref, n])),
    today: todayIn(app.clock),
    nowMs: app.clock.nowMs(),
    at: isoInstant(app.clock),
    settings,
    inDebitHours: withinDebitHours(app),
    debitDayAfterNotice: todayIn({ nowMs: () => app.clock.nowMs() + settings.noticeLeadMs }),
  };
}

function notNeededNotice(agreement: AgreementRow, personName: string, periodKey: string): NewNotice {
  return {
    personId: agreement.personId, openid: agreement.signerOpenid, kind: 'debit.not-needed', ref: noticeRef(agreement, periodKey), title: '本年度无需自动扣款',
    body: `${personName} ${periodKey} 年度居民医保费已缴纳，不会再${debitSourceText(agreement)}扣款。自动续缴协议继续有效，下一年度仍会先提醒再扣款。`,
  };
}

/**
 * When the reminder counts from: its own time, or the agreement's last change when that came later. An agreement
 * resumed after its reminder waits the lead time again (the resume sends a fresh reminder: service.ts), so nobody
 * is debited the moment they resume on a reminder sent before they paused.
 */
export function noticeTakesEffectMs(notice: Pick<NoticeRow, 'createdAt'>, agreement: Pick<AgreementRow, 'updatedAt'>): number {
  return Math.max(Date.parse(notice.createdAt), Date.parse(agreement.updatedAt));
}

function planAgreement(app: App, agreement: AgreementRow, benefitYear: number, facts: PageFacts): Plan {
  const { settings, today, at } = facts;
  const periodKey = String(benefitYear);
  const enrollments = facts.enrollments.get(agreement.personId) ?? [];
  const debits = facts.debits.get(agreement.agreementId) ?? [];
  if (debits.some((d) => d.state === 'SUCCESS')) return { kind: 'skip', outcome: 'enrolled-already' };
  if (enrollments.some((e) => e.benefitYear === benefitYear)) {
    // Paid another way after the reminder went out (in the app, at a counter, by a bank advance): the reminder is
    // answered, once, so the resident does not wait for a debit that will not come.
    const reminded = facts.upcoming.has(noticeRef(agreement, periodKey));
    return { kind: 'skip', outcome: 'enrolled-already', ...(reminded ? { notice: notNeededNotice(agreement, facts.persons.get(agreement.personId)?.name ?? '', periodKey) } : {}) };
  }
  if (debits.some((d) => d.state !== 'FAILED')) return { kind: 'skip', outcome: 'debit-open' };

  const person = facts.persons.get(agreement.personId)!;
  const priced = policyQuote(quoteRequestFrom(person, facts.registries.get(person.idHash) ?? null, benefitYear, enrollments, today), today);
  const ref = noticeRef(agreement, periodKey);
  if ('error' in priced) {
    return { kind: 'skip', outcome: 'not-payable', notice: { personId: person.personId, openid: agreement.signerOpenid, kind: 'debit.not-payable', ref, title: '本年度无法自动扣款', body: priced.error.message } };
  }
  const order: PaymentOrderRow = {
    orderId: app.ids('ord'), payerPersonId: agreement.signerPersonId, payerOpenid: agreement.signerOpenid,
    requestHash: `agreement:${ref}`, totalFen: priced.totalFen, accountFen: 0, wechatFen: priced.totalFen,
    state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: at, updatedAt: at, channel: ORDER_CHANNEL[agreement.channel],
  };
  const item: PaymentItemRow = {
    orderId: order.orderId, itemNo: 0, personId: person.personId, benefitYear, standardFen: priced.standardFen,
    dueFen: priced.totalFen, quote: JSON.stringify(priced), live: true,
  };
  // Fully subsidised: nothing is charged, the year is booked from the public payers' side alone.
  if (priced.totalFen === 0) return { kind: 'zero', order, item };

  const notice: NewNotice = {
    personId: person.personId, openid: agreement.signerOpenid, kind: 'debit.upcoming', ref, title: '医保费自动扣款提醒',
    body: `将于 ${facts.debitDayAfterNotice} 起${debitSourceText(agreement)}扣缴 ${person.name} ${benefitYear} 年度居民医保费 ${formatYuan(priced.totalFen)}。如需取消，请在扣款前于小程序中暂停或解约。`,
  };
  const sent = facts.upcoming.get(ref);
  // "With a notice first" (D17): the notice goes out, and the debit waits the lead time after it.
  if (!sent && settings.noticeLeadMs > 0) return { kind: 'notice', notice };
  if (sent && noticeTakesEffectMs(sent, agreement) + settings.noticeLeadMs > facts.nowMs) return { kind: 'skip', outcome: 'waiting-notice' };
  const last = debits[debits.length - 1];
  // Over the contract's limit: every retry would be refused the same; the signer was told to pay or sign anew.
  if (debits.length >= settings.maxAttempts || last?.failure?.endsWith('AMOUNT_OVER_LIMIT')) return { kind: 'skip', outcome: 'gave-up' };
  if (last && last.failure !== NOT_AT_CHANNEL && !retryDueNow(Date.parse(last.updatedAt), facts.nowMs, settings, concentratedPeriod(params, benefitYear)?.end ?? null)) {
    return { kind: 'skip', outcome: 'waiting-retry' };
  }
  // The bank takes entrusted debits only in its hours; WeChat's 委托代扣 has no such window.
  if (agreement.channel === 'bank' && !facts.inDebitHours) return { kind: 'skip', outcome: 'outside-hours' };
  const debit: DebitRow = {
    debitId: app.ids('dbt'), agreementId: agreement.agreementId, periodKey, attempt: debits.length + 1, amountFen: priced.totalFen,
    orderId: order.orderId, state: 'INIT', failure: null, createdAt: at, updatedAt: at,
  };
  return { kind: 'debit', order, item, debit, notice, agreement, personName: person.name };
}

/**
 * One page of agreements in four steps: plan from reads; store every notice, order and debit (id before the
 * call) in one transaction; call the bank; apply every answer in one transaction. A kill between any two
 * steps leaves debits INIT or UNKNOWN, which the next run settles by asking the bank about their ids: the
 * (agreement, year) key admits one live debit, so nothing is ever debited twice and nobody is skipped.
 */
async function processPage(app: App, page: AgreementRow[], benefitYear: number, concurrency: number): Promise<AgreementOutcome[]> {
  const periodKey = String(benefitYear);
  const facts = await readPage(app, page, periodKey);
  const plans = page.map((a) => planAgreement(app, a, benefitYear, facts));
  // A plan that stores something for its agreement (a debit, an order, a notice), and so must find it unchanged.
  const writes = (p: Plan): boolean => p.kind !== 'skip' || p.notice !== undefined;
  // Decided inside the transaction and returned from it: a store that runs a conflicting transaction again (CloudBase)
  // must not keep what an aborted attempt decided, or the bank would be asked for a debit nobody recorded.
  const { outcomes, toDebit } = await app.store.transaction(async (tx) => {
    const outcomes: AgreementOutcome[] = plans.map((p) => (p.kind === 'skip' ? p.outcome : 'busy'));
    const toDebit: number[] = [];
    const charged = plans.flatMap((p) => (p.kind === 'zero' || p.kind === 'debit' ? [p] : []));
    // Read inside the write transaction, so they cannot race: a person-year another order holds, or an
    // agreement another run has started a debit for, is left alone (its outcome stays 'busy').
    const held = new Set((await tx.listLiveItems(charged.map((p) => p.item.personId), benefitYear)).map((i) => i.personId));
    const started = new Set((await tx.listDebitsOf(charged.flatMap((p) => (p.kind === 'debit' ? [p.debit.agreementId] : [])), periodKey)).filter((d) => d.state !== 'FAILED').map((d) => d.agreementId));
    // An agreement paused, cancelled or resumed since the page was read is planned again next run: the app has
    // told its signer "已暂停" or "已解约", and nobody is debited after that answer (a resume waits a fresh notice).
    // Locked, so a pause that commits while this transaction runs makes it run again rather than slip past. Every
    // agreement this page writes for is locked: a debit, and a reminder too ("将于…扣缴" to someone who just cancelled).
    const readAt = new Map(page.map((a) => [a.agreementId, a.updatedAt]));
    const unchanged = new Set((await tx.lockAgreements(page.filter((_, i) => writes(plans[i])).map((a) => a.agreementId)))
      .filter((now) => now.state === 'ACTIVE' && now.updatedAt === readAt.get(now.agreementId))
      .map((a) => a.agreementId));
    const notices: NoticeRow[] = [];
    const orders: { order: PaymentOrderRow; items: PaymentItemRow[] }[] = [];
    const debits: DebitRow[] = [];
    const free: PaidOrder[] = [];
    const noticeRow = (n: NewNotice): NoticeRow => ({ ...n, noticeId: app.ids('ntc'), createdAt: facts.at });
    for (const [i, plan] of plans.entries()) {
      if (writes(plan) && !unchanged.has(page[i].agreementId)) {
        outcomes[i] = 'busy';
        continue;
      }
      if (plan.kind === 'skip') {
        if (plan.notice) notices.push(noticeRow(plan.notice));
        continue;
      }
      if (plan.kind === 'notice') {
        notices.push(noticeRow(plan.notice));
        outcomes[i] = 'noticed';
        continue;
      }
      if (held.has(plan.item.personId) || (plan.kind === 'debit' && started.has(plan.debit.agreementId))) continue;
      held.add(plan.item.personId);
      orders.push({ order: plan.order, items: [plan.item] });
      if (plan.kind === 'zero') {
        free.push({ order: plan.order, items: [plan.item], channelTxnId: null, paidAt: facts.at });
        outcomes[i] = 'nothing-due';
        continue;
      }
      notices.push(noticeRow(plan.notice));
      debits.push(plan.debit);
      toDebit.push(i);
    }
    await tx.insertNotices(notices);
    await tx.insertOrders(orders);
    await tx.insertDebits(debits);
    await bookPaidOrders(tx, app, free, 'agreement.nothing-due');
    return { outcomes, toDebit };
  });
  const answers = await pooled(toDebit, concurrency, (i) => {
    const plan = plans[i] as Extract<Plan, { kind: 'debit' }>;
    return debitChannelFor(app, plan.agreement.channel).debit({
      out_debit_no: plan.debit.debitId,
      contractNo: plan.agreement.contractNo,
      amount_fen: plan.debit.amountFen,
      description: `合肥城乡居民医保 ${benefitYear}年度 自动续缴`,
    });
  });
  // Refused for want of a contract: the holder may have ended it in WeChat or at the bank with the notice lost. The
  // channel's word ends the agreement first, so the failure notice below says no retry is coming.
  for (const [k, i] of toDebit.entries()) {
    if (contractGone(answers[k])) await checkContractQuietly(app, (plans[i] as Extract<Plan, { kind: 'debit' }>).agreement);
  }
  await app.store.transaction(async (tx) => {
    const applied = await applyDebitAnswersIn(tx, app, toDebit.map((i, k) => {
      const plan = plans[i] as Extract<Plan, { kind: 'debit' }>;
      return { debit: plan.debit, answer: answers[k], paid: { order: plan.order, items: [plan.item] }, owner: { agreement: plan.agreement, personName: plan.personName } };
    }), 'batch.debit');
    toDebit.forEach((i, k) => (outcomes[i] = applied[k]));
  });
  return outcomes;
}

/**
 * A page that throws is taken again one agreement at a time, so one agreement whose data trips the code (logged, with
 * its id, as an error) does not stop every agreement after it, every hour, for the rest of the period. Safe as a rerun
 * after a kill is: whatever the failed page stored is found and settled, never sent twice. When every agreement fails
 * alone too, the fault is not theirs (the store, the bank client) and the run stops with it, as before.
 */
async function processPageOrEach(app: App, page: AgreementRow[], benefitYear: number, concurrency: number): Promise<AgreementOutcome[]> {
  try {
    return await processPage(app, page, benefitYear, concurrency);
  } catch (pageError) {
    log('warn', 'batch.page-failed', { from: page[0].agreementId, to: page[page.length - 1].agreementId, error: errorText(pageError) });
    const outcomes: AgreementOutcome[] = [];
    for (const agreement of page) {
      try {
        outcomes.push(...(await processPage(app, [agreement], benefitYear, concurrency)));
      } catch (error) {
        log('error', 'batch.agreement-failed', { agreementId: agreement.agreementId, error: errorText(error) });
        outcomes.push('error');
      }
    }
    if (outcomes.every((o) => o === 'error')) throw pageError;
    return outcomes;
  }
}

/** Asks the bank about every debit whose answer we lack; a debit the bank never received is ended, to be retried. */
export async function settleOpenDebits(app: App, limit = 1000, concurrency = 8): Promise<{ examined: number; settled: number }> {
  const before = new Date(app.clock.nowMs() - debitSettings().settleMinAgeMs).toISOString();
  let examined = 0;
  let settled = 0;
  for (;;) {
    const open = await app.store.listDebitsToSettle(['INIT', 'UNKNOWN', 'PENDING'], before, limit);
    if (open.length === 0) break;
    // Asked in parallel, as the batch debits; applied one by one, each in its own transaction.
    const answers = await pooled(open, concurrency, async (debit) => {
      const agreement = await app.store.getAgreement(debit.agreementId);
      return debitChannelFor(app, agreement?.channel ?? 'bank').queryDebit(debit.debitId);
    });
    let progressed = 0;
    for (const [i, debit] of open.entries()) {
      examined += 1;
      const answer = answers[i];
      // 404: the bank never recorded it (the call was lost before it arrived) — safe to end; a retry uses a new id.
      if (answer.kind === 'unknown' || (answer.kind === 'rejected' && answer.httpStatus !== 404)) continue;
      const outcome = await applyDebitAnswer(app, debit, answer, answer.kind === 'ok' ? 'settle.query' : NOT_AT_CHANNEL_CAUSE);
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
  /** Set when another run held the batch lease: this run did nothing and left the work to it. */
  skipped?: 'another-run';
}

/**
 * The deduction batch (timer): settle what earlier runs left open, then walk every ACTIVE agreement in id
 * order, a page at a time. It can be killed at any point and started again.
 */
export async function runDeductionBatch(app: App, options: { pageSize?: number; concurrency?: number } = {}): Promise<BatchReport> {
  // A page is one transaction. CloudBase runs a transaction's requests one after another (about six per order)
  // and ends it after 30 s, so its pages stay small; SQLite writes a page in a few statements.
  const pageSize = options.pageSize ?? (app.store.kind === 'cloudbase' ? 40 : 500);
  const concurrency = options.concurrency ?? 8;
  const benefitYear = openPeriodYear(todayIn(app.clock));
  // One run at a time: settling ends debits the bank has not heard of, which another run may be about to send.
  const holder = app.ids('run');
  if (!(await awaitBatchLease(app, holder))) return { benefitYear, agreements: 0, outcomes: {}, settled: { examined: 0, settled: 0 }, skipped: 'another-run' };
  try {
    const settled = await settleOpenDebits(app, 1000, concurrency);
    const report: BatchReport = { benefitYear, agreements: 0, outcomes: {}, settled };
    if (benefitYear === null) return report;
    let cursor = '';
    for (;;) {
      const page = await app.store.listActiveAgreements(cursor, pageSize);
      if (page.length === 0) break;
      for (const outcome of await processPageOrEach(app, page, benefitYear, concurrency)) {
        report.agreements += 1;
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      }
      cursor = page[page.length - 1].agreementId;
      // Renewed after every page; a lease taken over meanwhile (this run stalled past it) stops this run here.
      if (!(await takeBatchLease(app, holder))) break;
    }
    return report;
  } finally {
    await releaseBatchLease(app, holder);
  }
}
