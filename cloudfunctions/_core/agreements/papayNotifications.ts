import type { App } from '../app';
import type { WechatPayEvent } from '../channels/wechatpay';
import { isoInstant } from '../clock';
import { log } from '../log';
import { papayDebit } from './debitChannels';
import { applyDebitAnswer } from './deductions';
import { applyPapayContract } from './wechatContracts';

export type PapayEvent = Extract<WechatPayEvent, { type: 'papay-contract' | 'papay-transaction' }>;

/**
 * A verified, decrypted 委托代扣 callback from the WeChat Pay endpoint (payments/notifications.ts routes it here):
 * a contract signed or ended activates or cancels its agreement, a debit's result is applied exactly as a query
 * answer would be. Both are compare-and-set, so WeChat's re-deliveries change nothing. Returns the reference
 * the notification is recorded under.
 */
export async function applyPapayEvent(app: App, e: PapayEvent): Promise<string> {
  const cause = `notify:${e.eventType}`;
  if (e.type === 'papay-contract') {
    const a = await app.store.findAgreementByContract(e.contract.out_contract_code);
    if (a && a.channel === 'wechat') await applyPapayContract(app, a, e.contract, cause);
    // A contract we do not know is acknowledged: retrying would not make it known.
    else log('warn', 'notify.papay-unknown-contract', { eventId: e.id });
    log('info', 'notify.papay-contract', { eventId: e.id, agreementId: a?.agreementId, change: e.contract.change_type });
    return e.contract.out_contract_code;
  }
  const debit = await app.store.getDebit(e.transaction.out_trade_no);
  if (debit) {
    const agreement = await app.store.getAgreement(debit.agreementId);
    const outcome = await applyDebitAnswer(app, debit, { kind: 'ok', data: papayDebit(e.transaction, agreement?.contractNo ?? e.transaction.contract_id, isoInstant(app.clock)) }, cause);
    log('info', 'notify.papay-debit', { eventId: e.id, debitId: debit.debitId, outcome });
  } else log('warn', 'notify.papay-unknown-debit', { eventId: e.id, outTradeNo: e.transaction.out_trade_no });
  return e.transaction.out_trade_no;
}
