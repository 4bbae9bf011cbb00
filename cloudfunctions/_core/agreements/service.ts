import type { z } from 'zod';
import type { AgreementsInput, AgreementView } from '../../../shared/api/contract';
import type { App } from '../app';
import type { Caller } from '../caller';
import type { Contract } from '../channels/bank';
import { isoInstant } from '../clock';
import { AppError, UniqueViolation } from '../errors';
import { actingFor } from '../identity/access';
import { decryptId } from '../identity/pii';
import { requireBoundPerson } from '../identity/service';
import { log } from '../log';
import type { AgreementRow } from '../store/port';
import { individualStandard, params } from '../../../shared/policy';
import { todayIn } from '../clock';
import { bankAccountToken, maskBankAccount } from './bankAccount';
import { bank, bankNotifyUrl } from './bankChannel';
import { nextDebitOf, nextDebitView } from './nextDebit';
import { debitSourceText, formatYuan, noticeIn, notify } from './notices';
import { cancelAgreement } from './cancel';
import { requestContractEndIn } from './contractEnds';
import { endNoteOf } from './endNotes';
import { settleWechatSigning, startWechatSigning, wechatContractCode } from './wechatContracts';
import { applyContract } from './contractState';
import { debitSettings, settleAgeReached } from './settings';

/**
 * The per-debit limit signed into the bank contract: the coming year's standard with headroom (debitSettings), whole
 * yuan. The agreement renews every year and the standard rises most years (国办发〔2024〕38号 raises it yearly); a
 * limit of exactly this year's standard refused every later year's debit as over the limit.
 */
export function debitCapFen(app: App): number {
  const nextYear = Number(todayIn(app.clock).slice(0, 4)) + 1;
  const standard = individualStandard(params, nextYear);
  if (!standard) throw new AppError('NOT_PAYABLE', '暂无下一年度缴费标准，暂不能签约');
  return Math.ceil((standard.standardFen * debitSettings().capPercentOfStandard) / 100 / 100) * 100;
}

/** The input type (channel may be left out: bank), so in-process callers need not spell the defaults. */
type Input = z.input<typeof AgreementsInput>;
type SignInput = Extract<Input, { action: 'sign' }>;

/** How a WeChat Pay contract is shown where a bank agreement shows its masked account number. */
const WECHAT_ACCOUNT_LABEL = '微信支付';

const STATE_LABELS: Record<AgreementRow['state'], string> = {
  SIGNING: '签约确认中',
  ACTIVE: '生效中',
  PAUSED: '已暂停',
  CANCELLED: '已解约',
  FAILED: '签约未成功',
};

const IN_FLIGHT_AT_CANCEL = '解约前已发出的本年度扣款仍在处理中，可能扣款成功：成功即为本年度参保缴费，如需退费请到经办窗口办理。此后不会再扣款。';

async function view(app: App, a: AgreementRow): Promise<AgreementView> {
  const person = await app.store.getPerson(a.personId);
  const next = await nextDebitView(app, a);
  // Cancelled with this year's debit at the bank or WeChat, or made: "不会再扣款…直接缴费" would be untrue or misleading.
  const endNote = a.state !== 'CANCELLED' ? endNoteOf(a)
    : next.nextDebit?.status === 'in-progress' ? IN_FLIGHT_AT_CANCEL
      : next.nextDebit?.status === 'paid' ? `本年度保费已由自动续缴扣缴。协议已解约，此后不会再扣款。`
        : endNoteOf(a);
  return {
    agreementId: a.agreementId, personId: a.personId, personName: person?.name ?? '', channel: a.channel,
    accountMasked: a.accountMasked, state: a.state, stateLabel: STATE_LABELS[a.state], createdAt: a.createdAt, updatedAt: a.updatedAt,
    ...(endNote ? { endNote } : {}),
    ...next,
  };
}


/**
 * A signing the bank has no record of is given up (the resident may sign again), with a request to end the contract
 * kept open: the lost call may still land, and the janitor ends what it signs (contractEnds.ts).
 */
async function giveUpSigning(app: App, a: AgreementRow): Promise<void> {
  await app.store.transaction(async (tx) => {
    const at = isoInstant(app.clock);
    if (await tx.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'FAILED', cause: 'bank.not-found', at })) {
      await requestContractEndIn(tx, app, { channel: 'bank', contractNo: a.contractNo, ownerRef: a.agreementId, note: '签约未完成' });
      // Decided after the signing page was left: the signer is told in 消息.
      const name = (await tx.getPerson(a.personId))?.name ?? '';
      await noticeIn(tx, app, {
        personId: a.personId, openid: a.signerOpenid, kind: 'agreement.sign-failed', ref: a.agreementId, title: '自动续缴签约未成功',
        body: `为 ${name} 签约的医保自动续缴未成功：银行没有收到签约申请，未开通自动续缴，也不会扣款。可以重新签约。`,
      });
    }
  });
}

/**
 * Signing an auto-renewal (续约协议) for oneself or a verified relative, with a bank account or as a WeChat Pay
 * 委托代扣 contract: our contract number is stored (SIGNING) before the channel hears of it, so a lost answer is
 * settled by asking the channel about that number, never by signing twice. One live agreement per person.
 */
async function sign(app: App, caller: Caller, input: SignInput): Promise<AgreementView> {
  const acting = await actingFor(app, caller, input.personId);
  if (!acting.verified) throw new AppError('RELATIVE_NOT_VERIFIED');
  const at = isoInstant(app.clock);
  const wechat = input.channel === 'wechat';
  const bankAccount = input.bankAccount;
  if (!wechat && !bankAccount) throw new AppError('INVALID_INPUT', '请填写银行账户');
  const agreement: AgreementRow = {
    agreementId: app.ids('agr'), kind: 'auto-renew', signerPersonId: acting.self.personId, signerOpenid: caller.openid,
    personId: acting.person.personId, channel: wechat ? 'wechat' : 'bank',
    contractNo: wechat ? wechatContractCode(app.ids('ctr')) : app.ids('ctr'),
    accountMasked: bankAccount && !wechat ? maskBankAccount(bankAccount.accountNo) : WECHAT_ACCOUNT_LABEL,
    state: 'SIGNING', live: true, createdAt: at, updatedAt: at,
  };
  try {
    await app.store.insertAgreement(agreement);
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    // The resident comes back to a WeChat signing they left unfinished: the same contract code reopens it.
    const unfinished = wechat ? await unfinishedWechatSigning(app, acting.self.personId, caller.openid, acting.person.personId) : null;
    if (!unfinished) throw new AppError('CONFLICT', `${acting.person.name} 已有一份自动续缴协议`);
    // Its session may have closed long ago: then WeChat is asked, and an agreement that ended frees the person.
    await settleWechatSigning(app, unfinished);
    if ((await app.store.getAgreement(unfinished.agreementId))?.state !== 'SIGNING') return sign(app, caller, input);
    const wechatSign = await startWechatSigning(app, unfinished, acting.person.name);
    // Re-opened at WeChat: recorded (updatedAt), so the settle judges the session by this opening's clock, not the
    // first one's (a later answer than WeChat's own timeout only keeps 继续签约 on offer a little longer).
    await app.store.transitionAgreement({ agreementId: unfinished.agreementId, from: ['SIGNING'], to: 'SIGNING', cause: 'wechat.reopened', at });
    return { ...(await view(app, (await app.store.getAgreement(unfinished.agreementId))!)), wechatSign };
  }
  if (wechat) return { ...(await view(app, agreement)), wechatSign: await startWechatSigning(app, agreement, acting.person.name) };
  if (!bankAccount) throw new AppError('INVALID_INPUT', '请填写银行账户');
  const channel = bank(app);
  const outcome = await channel.client.signContract({
    out_contract_no: agreement.contractNo,
    holder_name: bankAccount.holderName,
    account_no_masked: agreement.accountMasked,
    account_token: bankAccountToken(app, bankAccount.accountNo),
    id_hash: channel.idHash(decryptId(app.pii, acting.self.idSealed)),
    // The individual standard is the most a single debit may take (subsidies only lower it); a year with
    // repair payments is paid in the app instead.
    max_amount_per_debit_fen: debitCapFen(app),
    notify_url: bankNotifyUrl(),
  });
  if (outcome.kind === 'ok') await applyContract(app, agreement, outcome.data, 'bank.signed');
  else if (outcome.kind === 'rejected') {
    await app.store.transitionAgreement({ agreementId: agreement.agreementId, from: ['SIGNING'], to: 'FAILED', cause: `bank.rejected:${outcome.code}`, at: isoInstant(app.clock) });
    throw new AppError('INVALID_INPUT', `银行未能签约：${outcome.message || outcome.code}`);
  } else log('warn', 'agreement.sign-unknown', { agreementId: agreement.agreementId, reason: outcome.reason });
  return view(app, (await app.store.getAgreement(agreement.agreementId))!);
}

async function unfinishedWechatSigning(app: App, signerPersonId: string, openid: string, personId: string): Promise<AgreementRow | null> {
  const rows = await app.store.listAgreementsSignedBy(signerPersonId);
  return rows.find((a) => a.live && a.personId === personId && a.channel === 'wechat' && a.state === 'SIGNING' && a.signerOpenid === openid) ?? null;
}

async function mine(app: App, caller: Caller, agreementId: string): Promise<AgreementRow> {
  const a = await app.store.getAgreement(agreementId);
  if (!a || a.signerOpenid !== caller.openid) throw new AppError('NOT_FOUND');
  return a;
}

/** Settles agreements whose signing answer was lost (or, for WeChat, not yet given): the channel is asked about our contract number. */
export async function settleSigningAgreements(app: App, agreements: AgreementRow[]): Promise<void> {
  for (const a of agreements.filter((x) => x.state === 'SIGNING')) {
    if (a.channel === 'wechat') {
      await settleWechatSigning(app, a);
      continue;
    }
    const answer = await bank(app).client.queryContract(a.contractNo);
    if (answer.kind === 'ok') await applyContract(app, a, answer.data, 'bank.query');
    // Not before the settle age: until then our signing call may still be on its way (settleStaleSignings).
    else if (answer.kind === 'rejected' && answer.httpStatus === 404 && settleAgeReached(app.clock.nowMs(), a.updatedAt)) {
      await giveUpSigning(app, a);
    }
  }
}

/**
 * Signings whose answer was lost and whose signer never opened 自动续缴 again: the bank never tells of a contract it
 * signed, and the batch walks ACTIVE agreements only, so without this hourly pass (the deduction timer's) such an
 * agreement would wait SIGNING for ever and its year never be debited, nobody told. Each is asked about once older
 * than the settle age, so a signing call still on its way is not judged lost.
 */
export async function settleStaleSignings(app: App, pageSize = 200): Promise<{ examined: number; settled: number }> {
  let cursor = '';
  let examined = 0;
  let settled = 0;
  for (;;) {
    const page = await app.store.listSigningAgreements(cursor, pageSize);
    if (page.length === 0) break;
    const stale = page.filter((a) => settleAgeReached(app.clock.nowMs(), a.updatedAt));
    await settleSigningAgreements(app, stale);
    examined += stale.length;
    for (const a of stale) if ((await app.store.getAgreement(a.agreementId))?.state !== 'SIGNING') settled += 1;
    cursor = page[page.length - 1].agreementId;
  }
  return { examined, settled };
}

/**
 * A reminder sent before the pause no longer counts once the agreement resumes (deductions.ts noticeTakesEffectMs):
 * when this year's debit is coming, the resident is told again, with its new day, before any money moves.
 */
async function remindOnResume(app: App, agreement: AgreementRow, at: string): Promise<void> {
  const next = await nextDebitOf(app, agreement);
  if (!next?.plannedDate || next.amountFen === null || (next.status !== 'noticed' && next.status !== 'retrying')) return;
  const person = await app.store.getPerson(agreement.personId);
  await notify(app, {
    personId: agreement.personId, openid: agreement.signerOpenid, kind: 'debit.resumed', ref: `${agreement.agreementId}:${next.benefitYear}:${at}`,
    title: '自动续缴已恢复',
    body: `将于 ${next.plannedDate} 起${debitSourceText(agreement)}扣缴 ${person?.name ?? ''} ${next.benefitYear} 年度居民医保费 ${formatYuan(next.amountFen)}。如需取消，请在扣款前于小程序中暂停或解约。`,
  });
}

export async function agreements(app: App, caller: Caller, input: Input): Promise<{ agreements: AgreementView[] } | { agreement: AgreementView }> {
  const self = await requireBoundPerson(app, caller);
  const at = isoInstant(app.clock);
  switch (input.action) {
    case 'list': {
      const rows = await app.store.listAgreementsSignedBy(self.personId);
      await settleSigningAgreements(app, rows);
      const fresh = await app.store.listAgreementsSignedBy(self.personId);
      return { agreements: await Promise.all(fresh.map((a) => view(app, a))) };
    }
    case 'sign':
      return { agreement: await sign(app, caller, input) };
    case 'pause': {
      const a = await mine(app, caller, input.agreementId);
      if (!(await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['ACTIVE'], to: 'PAUSED', cause: 'user.paused', at }))) {
        throw new AppError('CONFLICT', '只有生效中的协议可以暂停');
      }
      return { agreement: await view(app, (await app.store.getAgreement(a.agreementId))!) };
    }
    case 'resume': {
      const a = await mine(app, caller, input.agreementId);
      if (!(await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['PAUSED'], to: 'ACTIVE', cause: 'user.resumed', at }))) {
        throw new AppError('CONFLICT', '只有已暂停的协议可以恢复');
      }
      const resumed = (await app.store.getAgreement(a.agreementId))!;
      await remindOnResume(app, resumed, at);
      return { agreement: await view(app, resumed) };
    }
    case 'cancel': {
      const a = await mine(app, caller, input.agreementId);
      await cancelAgreement(app, a, { abandoned: 'user.abandoned-signing', cancelled: 'user.cancelled', note: '参保人解约' });
      return { agreement: await view(app, (await app.store.getAgreement(a.agreementId))!) };
    }
  }
}

/** The bank says a contract ended (the holder cancelled at the bank): no further debit under it. */
export async function contractEnded(app: App, contract: Contract, cause: string): Promise<void> {
  const a = await app.store.findAgreementByContract(contract.out_contract_no);
  if (a && a.channel === 'bank') await applyContract(app, a, contract, cause);
}
