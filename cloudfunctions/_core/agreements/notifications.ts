import type { App } from '../app';
import { bankNotificationReply } from '../channels/bank';
import { isoInstant } from '../clock';
import type { HttpAnswer, HttpEvent } from '../handler';
import { log } from '../log';
import { advanceNotified } from '../credit/notifications';
import { savingsContractEnded, savingsDebitNotified } from '../savings/notifications';
import { bank } from './bankChannel';
import { contractEndNotified } from './contractEnds';
import { applyDebitAnswer } from './deductions';
import { contractEnded } from './service';

/**
 * A bank notification: verified on the raw body (RSA signature, 300 s window, nonce not seen before),
 * de-duplicated by event id, then applied exactly as a query answer would be.
 */
export async function handleBankNotification(app: App, event: HttpEvent): Promise<HttpAnswer> {
  const parsed = await bank(app).client.parseNotification(event.headers, event.body);
  const reply = (accepted: boolean): HttpAnswer => {
    const r = bankNotificationReply(accepted);
    return { statusCode: r.statusCode, headers: { 'content-type': 'application/json' }, body: r.body };
  };
  if (parsed.kind !== 'ok') {
    log('warn', 'bank-notify.rejected', { code: parsed.code });
    return reply(false);
  }
  const e = parsed.event;
  // Applying is idempotent (compare-and-set transitions), so a re-delivered event is harmless; it is recorded
  // after it was applied, so a crash in between means the bank's retry applies it, not that it is lost.
  if (e.type === 'contract' && e.contract.state !== 'ACTIVE') {
    // A contract belongs to an auto-renewal or to a savings plan; each looks up its own contract number.
    await contractEnded(app, e.contract, `bank-notify:${e.eventType}`);
    await savingsContractEnded(app, e.contract, `bank-notify:${e.eventType}`);
    await contractEndNotified(app, 'bank', e.contract.out_contract_no, `bank-notify:${e.eventType}`);
  }
  if (e.type === 'debit') {
    const debit = await app.store.getDebit(e.debit.out_debit_no);
    if (debit) await applyDebitAnswer(app, debit, { kind: 'ok', data: e.debit }, `bank-notify:${e.eventType}`);
    else if (!(await savingsDebitNotified(app, e.debit, `bank-notify:${e.eventType}`))) log('warn', 'bank-notify.unknown-debit', { outDebitNo: e.debit.out_debit_no });
  }
  if (e.type === 'advance') await advanceNotified(app, e.advance, `bank-notify:${e.eventType}`);
  await app.store.recordNotification('bank', e.id, e.type, isoInstant(app.clock));
  log('info', 'bank-notify.applied', { eventId: e.id, type: e.type });
  return reply(true);
}
