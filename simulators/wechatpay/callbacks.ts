/**
 * Callback delivery the way WeChat Pay does it: the resource sealed with AEAD_AES_256_GCM under the
 * merchant's APIv3 key, the body signed with the platform key, re-sent on anything but a 2xx on a
 * bounded schedule. Deliveries are stored first, so a restarted simulator resumes what it still owes.
 * The callback fault switches (duplicate, delay, forged) act here.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { encryptResource } from '../../cloudfunctions/_core/channels/wechatpay/aesgcm';
import type { LocalWechatPayKeys } from '../../cloudfunctions/_core/channels/wechatpay/keys';
import { buildWechatpaySignatureHeaders, generateNonce } from '../../cloudfunctions/_core/channels/wechatpay/sign';
import { toUnixSeconds, toWechatTime } from '../../cloudfunctions/_core/channels/wechatpay/wechatTime';
import type { FaultSwitches } from '../shared/faults';
import type { CallbackRow, SimStore } from './store';
import { createDelivery } from '../shared/delivery';

export interface CallbackEvent {
  eventType: string;
  summary: string;
  originalType: 'transaction' | 'refund' | 'contract';
  resource: Record<string, unknown>;
  notifyUrl: string;
  /** out_trade_no, out_refund_no or out_contract_code, for listings. */
  subject: string;
}

export interface CallbackSenderDeps {
  store: SimStore;
  keys: LocalWechatPayKeys;
  /** Transport time: the signature timestamp our verifier checks for freshness. */
  clock: () => Date;
  /** Business time: the envelope's create_time. */
  businessNow: () => Date;
  faults: FaultSwitches;
  /** Pause before each re-delivery; its length bounds the number of attempts. */
  retryDelaysMs: ReadonlyArray<number>;
  timeoutMs: number;
  /** The serial or public-key id answers and callbacks are signed under. */
  signingSerial: () => string;
  platformKey: KeyObject;
}

interface Plan {
  delayMs: number;
  duplicate?: { copies: number; mode: 'resend' | 'verbatim' };
  forged: boolean;
}

export function createCallbackSender(deps: CallbackSenderDeps) {
  const delivery = createDelivery(deps.timeoutMs);
  const { schedule, post } = delivery;
  let untrustedKey: KeyObject | undefined;


  const signedHeaders = (body: string, key: KeyObject = deps.platformKey) => ({
    ...buildWechatpaySignatureHeaders({
      privateKey: key,
      serial: deps.signingSerial(),
      body,
      timestampSeconds: toUnixSeconds(deps.clock()),
      nonce: generateNonce(),
    }),
    'Content-Type': 'application/json',
    'Request-ID': randomUUID(),
  });


  async function attempt(row: CallbackRow, attemptIndex: number, plan: Plan): Promise<void> {
    if (delivery.isClosed()) return;
    if (plan.forged && attemptIndex === 0) {
      untrustedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      await post(row.notify_url, row.body, signedHeaders(row.body, untrustedKey));
    }
    const headers = signedHeaders(row.body);
    const outcome = await post(row.notify_url, row.body, headers);
    if (delivery.isClosed()) return;
    if (plan.duplicate && attemptIndex === 0) {
      for (let copy = 0; copy < plan.duplicate.copies; copy += 1) {
        await post(row.notify_url, row.body, plan.duplicate.mode === 'verbatim' ? headers : signedHeaders(row.body));
      }
    }
    if (outcome.delivered) {
      deps.store.recordAttempt(row.id, 'delivered', outcome.result);
    } else if (attemptIndex < deps.retryDelaysMs.length) {
      deps.store.recordAttempt(row.id, 'pending', outcome.result);
      schedule(deps.retryDelaysMs[attemptIndex], () => attempt(row, attemptIndex + 1, { delayMs: 0, forged: false }));
    } else {
      deps.store.recordAttempt(row.id, 'gave_up', outcome.result);
    }
  }

  return {
    /** Stores the callback, then delivers it (subject to the callback fault switches). */
    enqueue(event: CallbackEvent): string {
      const now = deps.businessNow();
      const envelope = {
        id: randomUUID(),
        create_time: toWechatTime(now),
        resource_type: 'encrypt-resource',
        event_type: event.eventType,
        summary: event.summary,
        resource: encryptResource(deps.keys.apiV3Key, JSON.stringify(event.resource), event.originalType),
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
        created_at: now.toISOString(),
      };
      deps.store.insertCallback(row);
      const delay = deps.faults.draw('delayCallback', event.eventType);
      const duplicate = deps.faults.draw('duplicateCallback', event.eventType);
      const forged = deps.faults.draw('forgedCallback', event.eventType);
      const plan: Plan = { delayMs: delay?.delayMs ?? 0, duplicate, forged: Boolean(forged) };
      schedule(plan.delayMs, () => attempt(row, 0, plan));
      return row.id;
    },

    /** After a restart: deliver again whatever was still pending, as WeChat would keep trying. */
    resumePending(): void {
      for (const row of deps.store.pendingCallbacks()) {
        schedule(0, () => attempt(row, Math.min(row.attempts, deps.retryDelaysMs.length), { delayMs: 0, forged: false }));
      }
    },

    close(): void {
      delivery.close();
    },
  };
}

export type CallbackSender = ReturnType<typeof createCallbackSender>;
