/**
 * What the channel says about an auto-renewal's contract, applied to the agreement: the bank's word (applyContract)
 * and, after a debit refused for want of a contract, a fresh look at either channel (checkContractAtChannel).
 */
import type { App } from '../app';
import type { ChannelOutcome } from '../channels/wechatpay';
import type { Contract, Debit } from '../channels/bank';
import { isoInstant } from '../clock';
import type { AgreementRow } from '../store/port';
import { bank } from './bankChannel';
import { endContract } from './contractEnds';
import { notifyEndedInChannel } from './notices';
import { papay } from './wechatChannel';
import { applyPapayContract } from './wechatContracts';

/**
 * The bank's word on a contract, by compare-and-set: a signed contract activates a SIGNING agreement, an ended one
 * cancels. "Signed" for an agreement that has ended meanwhile (cancelled while the signing call was on its way, or
 * given up as never signed) ends the contract at the bank too: nothing will debit under it.
 */
export async function applyContract(app: App, a: AgreementRow, contract: Contract, cause: string): Promise<void> {
  const at = isoInstant(app.clock);
  if (contract.state !== 'ACTIVE') {
    if (await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING', 'ACTIVE', 'PAUSED'], to: 'CANCELLED', cause: `${cause}:${contract.state}`, at })) {
      if (a.state !== 'SIGNING') await notifyEndedInChannel(app, a);
    }
  } else if (!(await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'ACTIVE', cause, at }))) {
    const now = await app.store.getAgreement(a.agreementId);
    if (now?.state === 'CANCELLED' || now?.state === 'FAILED') await endContract(app, { channel: 'bank', contractNo: now.contractNo, ownerRef: now.agreementId, note: '参保人已取消自动续缴' });
  }
}

/** A debit refused because the contract is no longer in force at the channel: ended there, perhaps unannounced. */
export function contractGone(answer: ChannelOutcome<Debit>): boolean {
  if (answer.kind === 'rejected') return answer.code === 'CONTRACT_TERMINATED' || answer.code === 'CONTRACT_INACTIVE';
  return answer.kind === 'ok' && answer.data.state === 'FAILED' && answer.data.fail_code === 'CONTRACT_INACTIVE';
}

/**
 * Asks the channel about the agreement's contract and applies its word: a contract the holder ended in WeChat or at
 * the bank, whose notification was late or lost, ends the agreement here too (CANCELLED, the signer told), instead of
 * retrying a debit every few days under a contract that no longer exists. A channel that does not answer changes
 * nothing: the next refused debit asks again.
 */
export async function checkContractAtChannel(app: App, a: AgreementRow, cause: string): Promise<void> {
  if (a.channel === 'wechat') {
    const channel = papay(app);
    const found = await channel.client.papayQueryContract(channel.planId, a.contractNo);
    if (found.kind === 'ok') await applyPapayContract(app, a, found.data, cause);
    return;
  }
  const found = await bank(app).client.queryContract(a.contractNo);
  if (found.kind === 'ok') await applyContract(app, a, found.data, cause);
}
