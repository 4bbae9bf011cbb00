import type { WechatSign } from '../../../shared/api/contract';
import type { App } from '../app';
import type { PapayContract } from '../channels/wechatpay';
import { isoInstant } from '../clock';
import { AppError } from '../errors';
import { log } from '../log';
import type { AgreementRow } from '../store/port';
import { contractEndNotified, endContract, requestContractEndIn } from './contractEnds';
import { notifyEndedInChannel } from './notices';
import { papay, papayNotifyUrl } from './wechatChannel';

/**
 * The life of an auto-renewal agreement signed as a WeChat Pay 委托代扣 (papay) contract. Our contract code is
 * stored with the agreement (SIGNING) before WeChat hears of it; WeChat knows the contract only once the user
 * signs in its signing mini-program, and tells us by callback (or answers a query about our code). Everything
 * here is a compare-and-set transition, so a callback, a query and a retry can arrive in any order.
 */

/** WeChat's out_contract_code takes digits and letters only, so our id loses its separator. */
export function wechatContractCode(id: string): string {
  return id.replace(/[^0-9A-Za-z]/g, '');
}

/** What WeChat shows the signer as the account the contract is for. */
export function contractDisplayAccount(personName: string): string {
  return `${personName}医保自动续缴`.slice(0, 32);
}

/**
 * Applies what WeChat says about the contract under our code. A contract signed by someone other than the
 * resident who asked for it is never activated (the agreement fails and the contract is ended). A contract signed after we gave up on the agreement (cancelled
 * here, or its session judged over) is ended at WeChat, so nobody keeps a contract we would never use.
 */
export async function applyPapayContract(app: App, a: AgreementRow, contract: PapayContract, cause: string): Promise<void> {
  const at = isoInstant(app.clock);
  if (contract.contract_state === 'TERMINATED') {
    const mode = contract.contract_termination_mode ?? 'UNKNOWN';
    if (await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING', 'ACTIVE', 'PAUSED'], to: 'CANCELLED', cause: `${cause}:${mode}`, at })) {
      if (a.state !== 'SIGNING') await notifyEndedInChannel(app, a);
    }
    await contractEndNotified(app, 'wechat', a.contractNo, cause);
    return;
  }
  if (contract.openid !== undefined && contract.openid !== a.signerOpenid) {
    // Someone other than the resident who asked signed under our code: never debit under it, and end it.
    log('error', 'agreement.papay-signer-mismatch', { agreementId: a.agreementId });
    const end = { channel: 'wechat' as const, contractNo: a.contractNo, ownerRef: a.agreementId, note: '签约人与申请人不一致' };
    await app.store.transaction(async (tx) => {
      await tx.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'FAILED', cause: `${cause}:signer-mismatch`, at });
      await requestContractEndIn(tx, app, end);
    });
    await endContract(app, end);
    return;
  }
  if (await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'ACTIVE', cause, at })) return;
  const now = await app.store.getAgreement(a.agreementId);
  if (now && (now.state === 'CANCELLED' || now.state === 'FAILED')) {
    await endContract(app, { channel: 'wechat', contractNo: now.contractNo, ownerRef: now.agreementId, note: '参保人已取消自动续缴' });
  }
}

/**
 * Opens (or, for a retry, re-opens: the same request gives the same session) the signing session at WeChat.
 * A refusal ends the agreement; an answer we never got leaves it SIGNING for the resident to try again.
 */
export async function startWechatSigning(app: App, a: AgreementRow, personName: string): Promise<WechatSign> {
  const channel = papay(app);
  const outcome = await channel.client.papayPreSign({
    plan_id: channel.planId,
    out_contract_code: a.contractNo,
    contract_display_account: contractDisplayAccount(personName),
    contract_notify_url: papayNotifyUrl(),
    openid: a.signerOpenid,
  });
  if (outcome.kind === 'ok') return channel.signSheet(outcome.data.pre_entrustweb_id);
  if (outcome.kind === 'rejected') {
    await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'FAILED', cause: `wechat.rejected:${outcome.code}`, at: isoInstant(app.clock) });
    throw new AppError('INVALID_INPUT', `微信支付未能发起签约：${outcome.message || outcome.code}`);
  }
  log('warn', 'agreement.papay-presign-unknown', { agreementId: a.agreementId, reason: outcome.reason });
  throw new AppError('CHANNEL_UNAVAILABLE', '微信支付暂时无法发起签约，请稍后重试');
}

/** The session counts from its last opening: 继续签约 re-opens it (service.ts), and the agreement's updatedAt says when. */
export function signingSessionClosed(a: Pick<AgreementRow, 'createdAt' | 'updatedAt'>, sessionMs: number, nowMs: number): boolean {
  return Math.max(Date.parse(a.createdAt), Date.parse(a.updatedAt)) + sessionMs < nowMs;
}

/**
 * An agreement still SIGNING: WeChat is asked about our code. Not signed yet is normal while the session is
 * open; once it has closed, the resident did not sign and the agreement has failed.
 */
export async function settleWechatSigning(app: App, a: AgreementRow): Promise<void> {
  const channel = papay(app);
  const found = await channel.client.papayQueryContract(channel.planId, a.contractNo);
  if (found.kind === 'ok') await applyPapayContract(app, a, found.data, 'wechat.query');
  else if (found.kind === 'rejected' && found.httpStatus === 404 && signingSessionClosed(a, channel.sessionMs, app.clock.nowMs())) {
    await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'FAILED', cause: 'wechat.sign-expired', at: isoInstant(app.clock) });
  }
}
