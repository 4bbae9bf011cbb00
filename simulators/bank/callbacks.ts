/**
 * Notification delivery the way the partner bank does it (README "Notifications"): a JSON envelope
 * signed with the bank's key, re-sent on anything but a 2xx on a bounded schedule. Deliveries are stored
 * first, so a restarted simulator resumes what it still owes. The callback fault switches act here:
 * `delayCallback` holds one back so later events overtake it, `duplicateCallback` sends extra copies
 * (fresh signatures or the very same bytes), `forgedCallback` first sends a copy signed by a key nobody
 * trusts.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { toBankTime, toUnixSeconds } from '../../cloudfunctions/_core/channels/bank/bankTime';
import type { LocalBankKeys } from '../../cloudfunctions/_core/channels/bank/keys';
import { signBankMessage } from '../../cloudfunctions/_core/channels/bank/sign';
import type { FaultSwitches } from '../shared/faults';
import type { BankSimStore, CallbackRow } from './store';
import { createDelivery } from '../shared/delivery';

export interface BankCallbackEvent {
  eventType: string;
  resource: unknown;
  /** The URL given with the contract, debit or advance; null means the partner's registered URL. */
  notifyUrl: string | null;
  /** out_contract_no, out_debit_no or out_advance_no, for listings. */
  subject: string;
}

export interface BankCallbackDeps {
  store: BankSimStore;
  keys: LocalBankKeys;
  bankKey: KeyObject;
  /** Transport time, for signatures. */
  clock: () => Date;
  /** The simulator's (movable) business time, for create_time. */
  businessNow: () => Date;
  faults: FaultSwitches;
  registeredNotifyUrl: () => string | null;
  retryDelaysMs: ReadonlyArray<number>;
  timeoutMs: number;
}

interface Plan {
  duplicate?: { copies: number; mode: 'resend' | 'verbatim' };
  forged: boolean;
}

export function createBankCallbackSender(deps: BankCallbackDeps) {
  const delivery = createDelivery(deps.timeoutMs);
  const { schedule, post } = delivery;
  let untrustedKey: KeyObject | undefined;


  const signedHeaders = (body: string, key: KeyObject = deps.bankKey) => ({
    ...signBankMessage({
      kind: { type: 'notification' },
      partnerId: deps.keys.partnerId,
      keyId: deps.keys.bankKeyId,
      privateKey: key,
      timestampSeconds: toUnixSeconds(deps.clock()),
      body,
    }),
    'Content-Type': 'application/json; charset=utf-8',
  });


  async function attempt(row: CallbackRow, attemptIndex: number, plan: Plan): Promise<void> {
    if (delivery.isClosed()) return;
    const url = row.notify_url ?? deps.registeredNotifyUrl();
    let outcome: { delivered: boolean; result: string };
    if (url === null) {
      outcome = { delivered: false, result: 'no notify url registered' };
    } else {
      if (plan.forged) {
        untrustedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
        await post(url, row.body, signedHeaders(row.body, untrustedKey));
      }
      const headers = signedHeaders(row.body);
      outcome = await post(url, row.body, headers);
      for (let copy = 0; copy < (plan.duplicate?.copies ?? 0); copy += 1) {
        await post(url, row.body, plan.duplicate?.mode === 'verbatim' ? headers : signedHeaders(row.body));
      }
    }
    if (delivery.isClosed()) return;
    if (outcome.delivered) {
      deps.store.recordAttempt(row.id, 'delivered', outcome.result);
    } else if (attemptIndex < deps.retryDelaysMs.length) {
      deps.store.recordAttempt(row.id, 'pending', outcome.result);
      schedule(deps.retryDelaysMs[attemptIndex], () => attempt(row, attemptIndex + 1, { forged: false }));
    } else {
      deps.store.recordAttempt(row.id, 'gave_up', outcome.result);
    }
  }

  return {
    /** Stores the notification, then delivers it (subject to the callback fault switches). */
    enqueue(event: BankCallbackEvent): string {
      const envelope = {
        id: `EV${randomUUID().replace(/-/g, '')}`,
        event_type: event.eventType,
        create_time: toBankTime(deps.businessNow()),
        resource: event.resource,
      };
      const row: CallbackRow = {
        id: envelope.id,
        event_type: event.eventType,
        subject: event.subject,
        notify_url: event.notifyUrl,
        body: JSON.stringify(envelope),
        status: 'pending',
        attempts: 0,
        last_result: null,
        created_at: new Date(deps.clock()).toISOString(),
      };
      deps.store.insertCallback(row);
      const delay = deps.faults.draw('delayCallback', event.eventType);
      const duplicate = deps.faults.draw('duplicateCallback', event.eventType);
      const forged = deps.faults.draw('forgedCallback', event.eventType);
      schedule(delay?.delayMs ?? 0, () => attempt(row, 0, { duplicate, forged: Boolean(forged) }));
      return row.id;
    },

    /** After a restart: deliver again whatever was still owed, as the bank would keep trying. */
    resumePending(): void {
      for (const row of deps.store.pendingCallbacks()) {
        schedule(0, () => attempt(row, Math.min(row.attempts, deps.retryDelaysMs.length), { forged: false }));
      }
    },

    close(): void {
      delivery.close();
    },
  };
}
