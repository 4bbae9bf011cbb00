/**
 * Credit enrollment (信用参保, D16). Pilot §三(二): "对信用等级良好的参保人员在集中参保期结束前未缴费的，可通过医保信息平台
 * 与医保、银行签订协议代为缴纳居民医保费，约定还款日期和相关义务，享受不少于2个月的免息账期。享受医保待遇前应还清银行代为
 * 缴纳的居民医保费，逾期未还款的，记入个人征信和医保信用档案，暂缓享受医保待遇，履行还款义务后恢复医保待遇。"
 * Who may sign, when, and the due date are the rules engine's (creditEligibility); the amount is the server's quote.
 */
import { concentratedPeriod, creditEligibility, dates, params, quote as policyQuote, type Quote } from '../../../shared/policy';
import type { App } from '../app';
import type { Caller } from '../caller';
import { bank, bankNotifyUrl } from '../agreements/bankChannel';
import { isoInstant, todayIn } from '../clock';
import { quoteRequestFor } from '../coverage/service';
import { AppError, UniqueViolation } from '../errors';
import { actingFor } from '../identity/access';
import { decryptId } from '../identity/pii';
import { requireBoundPerson } from '../identity/service';
import { log } from '../log';
import { OPEN_REPAYMENT_STATES, type CreditAdvanceRow, type CreditRepaymentRow } from '../store/credit.port';
import type { PaymentItemRow, PaymentOrderRow, PersonRow } from '../store/port';
import { applyAdvanceAnswer, applyAdvanceAnswerIn, bankRepaidAt, benefitStartOf, confirmRepaymentIn, outstandingFen, OWING_STATES, repaidSoFarFen } from './advances';
import { formatYuan } from '../agreements/notices';
import { wechatPay } from '../payments/wechatpayChannel';
import { REPAYMENT_ID_PREFIX } from './repaymentNo';
import { applyRepaymentTransaction, cancelRepaymentSheet, cancelRequested, closeUnneededSheets, openRepaymentSheet, repaymentSheetArgs, sheetStillNeeded } from './wechatRepayment';
import { CREDIT_ADVANCE_STATE_LABELS, type CreditAdvanceView, type CreditEligibilityView, type CreditRequest } from './contract';
import { advanceHistoryView } from './advanceHistory';
import { openOrderHolding } from '../payments/holding';
import { autoRenewalConflict } from './autoRenewal';
import { settleAdvances, settleRepayments } from './settle';
import { advanceEndedNote, repaymentFailureText, restoredFromOf } from './wording';

/**
 * Our side of "信用等级良好": the bank grades the person when it decides the advance (and refuses a poor grade);
 * before that we refuse anyone our own credit file shows as owing an overdue advance now. Whether an old, repaid
 * overdue should count against the grade, and for how long, is for the policy office to decide (not modelled).
 */
async function creditGoodOnOurFile(app: App, personId: string): Promise<boolean> {
  return !(await app.store.listCreditAdvances([personId])).some((a) => a.state === 'OVERDUE');
}

interface Assessment {
  view: CreditEligibilityView;
  quote?: Quote;
}

async function assess(app: App, person: PersonRow, benefitYear: number, today: string): Promise<Assessment> {
  const base = { personId: person.personId, benefitYear };
  const enrollments = await app.store.listEnrollments([person.personId]);
  const decision = creditEligibility({
    benefitYear,
    signDate: today,
    creditGood: await creditGoodOnOurFile(app, person.personId),
    paid: enrollments.some((e) => e.benefitYear === benefitYear),
  });
  if (!decision.eligible) return { view: { ...base, eligible: false, reason: decision.reason, message: decision.message } };
  const priced = policyQuote(await quoteRequestFor(app, person, benefitYear, enrollments, today), today);
  if ('error' in priced) return { view: { ...base, eligible: false, reason: 'NOT_PAYABLE', message: priced.error.message } };
  if (priced.totalFen === 0) {
    return { view: { ...base, eligible: false, reason: 'NOTHING_DUE', message: '本年度个人无需缴费，不需要银行代缴' } };
  }
  // An unfinished payment (a WeChat sheet, a bank debit at the bank) holds the year: signing would be refused.
  if (await openOrderHolding(app, person.personId, benefitYear)) {
    return { view: { ...base, eligible: false, reason: 'PAYMENT_IN_PROGRESS', message: `${benefitYear} 年度已有一笔缴费正在办理中，请稍后查看结果` } };
  }
  const autoRenewal = await autoRenewalConflict(app, person, benefitYear);
  // Signed after the period (credit.json signUntil): the bank's payment is a late one, and the quote says from when
  // it covers (the day after, for a continuous enrollee in the grace window; later after a waiting period). Inside
  // the period a waiting period (D10) is the quote's own business and is said where the quote is shown.
  const periodEnd = concentratedPeriod(params, benefitYear)?.end;
  const late = periodEnd && today > periodEnd ? `。集中参保期已结束，代缴后待遇最早从 ${priced.benefitStart} 起（还款后）享受` : '';
  return {
    view: {
      ...base, eligible: true, message: `${decision.message}${late}`, amountFen: priced.totalFen, dueDate: decision.dueDate,
      interestFreeMonths: decision.interestFreeMonths, ...(autoRenewal ? { autoRenewal } : {}),
    },
    quote: priced,
  };
}

/**
 * `viewer`: the caller reading it. Only the one who opened a WeChat sheet gets it to pay; they, and the person whose
 * advance it is, may cancel it (so a relative's forgotten sheet never locks the borrower out).
 */
async function view(app: App, a: CreditAdvanceRow, viewer?: Caller): Promise<CreditAdvanceView> {
  const person = await app.store.getPerson(a.personId);
  const open = (await app.store.listCreditRepayments(a.advanceId)).find((r) => (OPEN_REPAYMENT_STATES as readonly string[]).includes(r.state));
  // A sheet waiting for the payer is not "being confirmed": nothing has been paid yet.
  const sheet = open?.channel === 'wechatpay' && open.state === 'PENDING' ? open : undefined;
  const repaymentPending = open !== undefined && !sheet;
  const benefitStart = await benefitStartOf(app.store, a);
  const restoredFrom = restoredFromOf(a, benefitStart);
  const note = advanceEndedNote(a);
  // A sheet is handed out only while it asks for exactly what is owed (after a part repaid at the bank counter it would
  // take money the bank refuses): otherwise it is being closed.
  const owing = (OWING_STATES as readonly string[]).includes(a.state);
  const cancelling = sheet !== undefined && (cancelRequested(sheet) || !sheetStillNeeded(a, sheet));
  const args = sheet && !cancelling && sheet.requestedBy === viewer?.openid ? repaymentSheetArgs(app, sheet) : undefined;
  const cancellable = sheet !== undefined && !cancelling && viewer !== undefined && (sheet.requestedBy === viewer.openid || (await ownPersonId(app, viewer)) === a.personId);
  return {
    advanceId: a.advanceId, personId: a.personId, personName: person?.name ?? '', benefitYear: a.benefitYear, amountFen: a.amountFen,
    repaidFen: repaidSoFarFen(a), outstandingFen: outstandingFen(a),
    signDate: a.signDate, dueDate: a.dueDate, state: a.state,
    // Never "已还款" beside "a repayment is being confirmed": while one awaits the bank's answer, that is the state.
    stateLabel: repaymentPending ? '还款确认中' : cancelling ? '正在取消微信还款' : sheet && owing ? '微信还款待支付' : CREDIT_ADVANCE_STATE_LABELS[a.state],
    ...(restoredFrom ? { restoredFrom } : {}), ...(note ? { note } : {}),
    creditRecorded: a.overdueAt !== null, repaymentPending,
    ...(sheet && owing
      ? { wechatRepayment: { repaymentId: sheet.repaymentId, amountFen: sheet.amountFen, ...(args ? { requestPayment: args } : {}), ...(cancelling ? { cancelling } : {}), ...(cancellable ? { cancellable } : {}) } }
      : {}),
    createdAt: a.createdAt, ...(await advanceHistoryView(app, a, benefitStart)),
  };
}

async function ownPersonId(app: App, caller: Caller): Promise<string | null> {
  return (await app.store.getAccount(caller.openid))?.personId ?? null;
}

async function liveAdvanceSignedBy(app: App, personId: string, benefitYear: number, openid: string): Promise<CreditAdvanceRow | null> {
  return (await app.store.listCreditAdvances([personId])).find((a) => a.live && a.benefitYear === benefitYear && a.signerOpenid === openid) ?? null;
}

/**
 * Signing: the order (channel 'bank', holding the person-year against any other payment) and the advance with
 * our out_advance_no are stored before the bank hears of it, so a lost answer is settled by asking about that
 * number, never by asking the bank to pay twice. The bank names the debtor by the insured person's ID hash.
 */
async function sign(app: App, caller: Caller, personId: string, benefitYear: number, confirmAutoRenewal: boolean): Promise<CreditAdvanceView> {
  const acting = await actingFor(app, caller, personId);
  if (!acting.verified) throw new AppError('RELATIVE_NOT_VERIFIED');
  const person = acting.person;
  // A second tap (or a retry after a lost answer) gets the advance the first one signed, not "already paid".
  const earlier = await liveAdvanceSignedBy(app, person.personId, benefitYear, caller.openid);
  if (earlier) return view(app, earlier, caller);
  const today = todayIn(app.clock);
  const { view: eligibility, quote } = await assess(app, person, benefitYear, today);
  if (!eligibility.eligible || !quote || !eligibility.dueDate) {
    const code = eligibility.reason === 'ALREADY_PAID' || eligibility.reason === 'PAYMENT_IN_PROGRESS' ? eligibility.reason : 'NOT_PAYABLE';
    throw new AppError(code, `${person.name}：${eligibility.message}`);
  }
  // D16 is for people who have not paid; D17's debit would pay the same year. A resident who knows and still
  // wants the bank to pay now (the debit then finds the year paid) confirms it; nobody takes a loan unawares.
  if (eligibility.autoRenewal && !confirmAutoRenewal) throw new AppError('CONFLICT', eligibility.autoRenewal.message);
  const at = isoInstant(app.clock);
  const advanceId = app.ids('adv');
  const order: PaymentOrderRow = {
    orderId: app.ids('ord'), payerPersonId: acting.self.personId, payerOpenid: caller.openid, requestHash: `credit:${advanceId}`,
    totalFen: quote.totalFen, accountFen: 0, wechatFen: quote.totalFen, state: 'INIT', prepayId: null, channelTxnId: null,
    failure: null, createdAt: at, updatedAt: at, channel: 'bank',
  };
  const item: PaymentItemRow = {
    orderId: order.orderId, itemNo: 0, personId: person.personId, benefitYear, standardFen: quote.standardFen, dueFen: quote.totalFen,
    quote: JSON.stringify(quote), live: true,
  };
  const advance: CreditAdvanceRow = {
    advanceId, personId: person.personId, benefitYear, signerPersonId: acting.self.personId, signerOpenid: caller.openid,
    orderId: order.orderId, amountFen: quote.totalFen, signDate: today, dueDate: eligibility.dueDate, state: 'INIT', live: true,
    bankAdvanceId: null, failure: null, paidAt: null, overdueAt: null, repaidDate: null, repaidFen: 0, createdAt: at, updatedAt: at,
  };
  try {
    await app.store.transaction(async (tx) => {
      // Inside the write transaction: a payment that landed since the assessment is seen here.
      if ((await tx.listEnrollments([person.personId])).some((e) => e.benefitYear === benefitYear)) {
        throw new AppError('ALREADY_PAID', `${person.name} ${benefitYear} 年度已参保，无需信用参保`);
      }
      await tx.insertOrder(order, [item]);
      await tx.insertCreditAdvance(advance);
      await tx.appendAudit({
        at, actor: caller.openid, action: 'credit.signed', subjectPersonId: person.personId,
        detail: { advanceId, benefitYear, amountFen: advance.amountFen, dueDate: advance.dueDate, signer: acting.self.personId },
      });
    });
  } catch (error) {
    if (error instanceof UniqueViolation) {
      const raced = await liveAdvanceSignedBy(app, person.personId, benefitYear, caller.openid);
      if (raced) return view(app, raced, caller);
      if (error.constraint === 'credit_advance_live') throw new AppError('CONFLICT', `${person.name} ${benefitYear} 年度已办理信用参保`);
      throw new AppError('PAYMENT_IN_PROGRESS');
    }
    throw error;
  }

  const channel = bank(app);
  const answer = await channel.client.advance({
    out_advance_no: advanceId,
    id_hash: channel.idHash(decryptId(app.pii, person.idSealed)),
    amount_fen: advance.amountFen,
    due_date: advance.dueDate,
    // The bank does not know our policy: we state the shortest interest-free period it allows, in days from today.
    min_interest_free_days: dates.daysBetween(today, advance.dueDate),
    description: `合肥城乡居民医保 ${benefitYear}年度 信用参保代缴`,
    notify_url: bankNotifyUrl(),
  });
  const outcome = await applyAdvanceAnswer(app, advanceId, answer, 'sign.advance', caller.openid);
  if (outcome === 'refused') {
    throw new AppError('NOT_PAYABLE', `银行未同意为 ${person.name} 代缴：信用等级不满足信用参保条件。可以在小程序中直接缴费，或到经办窗口咨询。`);
  }
  if (outcome === 'failed' && answer.kind === 'rejected') {
    // The bank's own message stays in the logs and the row's failure code: the resident reads ours (wording.ts).
    log('warn', 'credit.advance-rejected', { advanceId, code: answer.code, httpStatus: answer.httpStatus });
    throw new AppError('NOT_PAYABLE', `银行未能为 ${person.name} 办理代缴：${advanceEndedNote({ state: 'FAILED', failure: `rejected:${answer.code}` })}`);
  }
  if (outcome === 'unknown') log('warn', 'credit.advance-unknown', { advanceId, reason: answer.kind === 'unknown' ? answer.reason : '' });
  return view(app, (await app.store.getCreditAdvance(advanceId))!, caller);
}

/**
 * The caller and every relative the registry confirmed: whose advances the caller sees. A declared relative the
 * registry has not confirmed is anyone whose name and ID number the caller typed, so their debts stay private.
 */
async function visiblePeople(app: App, caller: Caller): Promise<string[]> {
  const self = await requireBoundPerson(app, caller);
  return [self.personId, ...(await app.store.listLinks(self.personId)).filter((l) => l.verified).map((l) => l.relativePersonId)];
}

async function list(app: App, caller: Caller): Promise<CreditAdvanceView[]> {
  const personIds = await visiblePeople(app, caller);
  const rows = await app.store.listCreditAdvances(personIds);
  // Answers lost on the way are asked for here too, once old enough that no request can still be travelling.
  if (rows.some((r) => r.state === 'INIT' || r.state === 'UNKNOWN')) await settleAdvances(app, rows);
  // A repayment whose answer was lost is asked about at once: the bank's list of repayments confirms it at any age.
  // (settleRepayments asks the bank only about advances among these with an open repayment.)
  const owing = rows.filter((r) => (OWING_STATES as readonly string[]).includes(r.state) || r.state === 'REPAID').map((r) => r.advanceId);
  if (owing.length > 0) await settleRepayments(app, owing.length, owing);
  // An open sheet: WeChat's callback of a payment may still be on its way, and what is owed may have changed at the
  // bank counter since it was opened. Asking both is harmless at any age; a sheet no longer for what is owed is closed.
  for (const advanceId of owing) {
    const sheets = (await app.store.listCreditRepayments(advanceId)).filter((x) => x.channel === 'wechatpay' && x.state === 'PENDING');
    if (sheets.length === 0) continue;
    const atBank = await bank(app).client.queryAdvance(advanceId);
    if (atBank.kind === 'ok') await applyAdvanceAnswer(app, advanceId, atBank, 'list.query', 'system');
    for (const r of sheets) {
      const answer = await wechatPay(app).queryOrder(r.repaymentId);
      if (answer.kind === 'ok') await applyRepaymentTransaction(app, answer.data, 'list.query');
    }
    await closeUnneededSheets(app, advanceId);
  }
  const fresh = await app.store.listCreditAdvances(personIds);
  return Promise.all(fresh.map((a) => view(app, a, caller)));
}

/** The advance a caller may repay (the person or a confirmed relative); anyone else learns nothing of it. */
async function repayable(app: App, caller: Caller, advanceId: string): Promise<CreditAdvanceRow> {
  const advance = await app.store.getCreditAdvance(advanceId);
  if (!advance) throw new AppError('NOT_FOUND');
  if (!(await actingFor(app, caller, advance.personId)).verified) throw new AppError('NOT_FOUND');
  return advance;
}

/**
 * Repaying the whole outstanding amount, through the bank (it collects from the borrower) or by WeChat Pay (we
 * collect and remit to the bank: wechatRepayment.ts). Our repayment number is stored first, one open repayment per
 * advance, so a double tap or a lost answer never pays twice; the bank's answer (or a later query) closes the
 * advance, and benefits resume the day after.
 */
async function repay(app: App, caller: Caller, input: Extract<CreditRequest, { action: 'repay' }>): Promise<CreditAdvanceView> {
  const { advanceId } = input;
  const channel = input.channel ?? 'bank';
  const advance = await repayable(app, caller, advanceId);
  if (!(OWING_STATES as readonly string[]).includes(advance.state)) {
    throw new AppError('CONFLICT', advance.state === 'REPAID' ? '该笔银行代缴已还清' : '该笔信用参保没有需要归还的款项');
  }
  const client = bank(app).client;
  // The person may have repaid part (or all) at the bank counter: the bank's outstanding amount is what is owed.
  const current = await client.queryAdvance(advanceId);
  if (current.kind === 'ok') {
    await applyAdvanceAnswer(app, advanceId, current, 'repay.query', caller.openid);
    // A sheet opened before a repayment at the bank counter no longer asks for what is owed.
    await closeUnneededSheets(app, advanceId);
    if (current.data.state === 'REPAID' || current.data.outstanding_fen === 0) return view(app, (await app.store.getCreditAdvance(advanceId))!, caller);
  }
  // A bank that did not answer: what we last heard it has (parts repaid at its counter included).
  const amountFen = current.kind === 'ok' ? current.data.outstanding_fen : outstandingFen(advance);
  // The person confirmed an amount: if the bank now says another (a part repaid at its counter meanwhile), they see it first.
  if (input.expectedFen !== undefined && input.expectedFen !== amountFen) {
    throw new AppError('CONFLICT', `待还金额已变为 ${formatYuan(amountFen)}，请核对后重新还款`);
  }
  const at = isoInstant(app.clock);
  const repaymentId = app.ids(REPAYMENT_ID_PREFIX);
  const row: CreditRepaymentRow = {
    repaymentId, advanceId, amountFen, requestedBy: caller.openid, channel, state: 'INIT', failure: null,
    prepayId: null, channelTxnId: null, collectedAt: null, refundedAt: null, createdAt: at, updatedAt: at,
  };
  try {
    await app.store.transaction(async (tx) => {
      await tx.insertCreditRepayment(row);
      await tx.appendAudit({ at, actor: caller.openid, action: 'credit.repayment-requested', subjectPersonId: advance.personId, detail: { advanceId, repaymentId, amountFen, channel } });
    });
  } catch (error) {
    if (error instanceof UniqueViolation) {
      // A second tap on 微信支付还款 gets the sheet the first one opened (it asks for the same amount: checked above).
      const mine = (await app.store.listCreditRepayments(advanceId)).find((r) => r.state === 'PENDING' && r.channel === channel && r.requestedBy === caller.openid && r.amountFen === amountFen);
      if (mine && channel === 'wechatpay') return view(app, (await app.store.getCreditAdvance(advanceId))!, caller);
      throw new AppError('CONFLICT', '已有一笔还款正在办理中（如未完成的微信支付），请完成或取消后再试');
    }
    throw error;
  }
  if (channel === 'wechatpay') {
    await openRepaymentSheet(app, row, advance.benefitYear);
    return view(app, (await app.store.getCreditAdvance(advanceId))!, caller);
  }
  const answer = await client.repay({ out_advance_no: advanceId, out_repayment_no: repaymentId, amount_fen: amountFen });
  const done = isoInstant(app.clock);
  await app.store.transaction(async (tx) => {
    if (answer.kind === 'ok') {
      await confirmRepaymentIn(tx, app, row, bankRepaidAt(answer.data.advance, repaymentId, done));
      await applyAdvanceAnswerIn(tx, app, advanceId, { kind: 'ok', data: answer.data.advance }, 'repay.answer', caller.openid);
    } else if (answer.kind === 'rejected') {
      await tx.transitionCreditRepayment({ repaymentId, from: ['INIT', 'UNKNOWN'], to: 'FAILED', at: done, failure: `rejected:${answer.code}` });
    } else {
      await tx.transitionCreditRepayment({ repaymentId, from: ['INIT'], to: 'UNKNOWN', at: done, failure: `unknown:${answer.reason}` });
    }
  });
  if (answer.kind === 'rejected') {
    log('warn', 'credit.repayment-rejected', { advanceId, repaymentId, code: answer.code, httpStatus: answer.httpStatus });
    throw new AppError('PAYMENT_FAILED', `还款未成功：${repaymentFailureText({ state: 'FAILED', failure: `rejected:${answer.code}` })}`);
  }
  return view(app, (await app.store.getCreditAdvance(advanceId))!, caller);
}

/** The payer closed the WeChat sheet of their repayment: it is closed at WeChat and ended, so they may choose again. */
async function cancelRepayment(app: App, caller: Caller, repaymentId: string): Promise<CreditAdvanceView> {
  const r = await app.store.getCreditRepayment(repaymentId);
  if (!r) throw new AppError('NOT_FOUND');
  // The one who opened it, or the person whose advance it is (a relative's forgotten sheet must not lock them out).
  const advance = await repayable(app, caller, r.advanceId);
  if (r.requestedBy !== caller.openid && (await ownPersonId(app, caller)) !== advance.personId) throw new AppError('NOT_FOUND');
  await cancelRepaymentSheet(app, r);
  return view(app, (await app.store.getCreditAdvance(r.advanceId))!, caller);
}

export type CreditResult =
  | { eligibility: CreditEligibilityView }
  | { advance: CreditAdvanceView }
  | { advances: CreditAdvanceView[] };

/** The `credit` function: eligibility, sign, list, repay. */
export async function credit(app: App, caller: Caller, input: CreditRequest): Promise<CreditResult> {
  switch (input.action) {
    case 'eligibility': {
      const acting = await actingFor(app, caller, input.personId);
      if (!acting.verified) throw new AppError('RELATIVE_NOT_VERIFIED');
      return { eligibility: (await assess(app, acting.person, input.benefitYear, todayIn(app.clock))).view };
    }
    case 'sign':
      return { advance: await sign(app, caller, input.personId, input.benefitYear, input.confirmAutoRenewal === true) };
    case 'list':
      return { advances: await list(app, caller) };
    case 'repay':
      return { advance: await repay(app, caller, input) };
    case 'cancelRepayment':
      return { advance: await cancelRepayment(app, caller, input.repaymentId) };
  }
}
