/**
 * For unit tests of the deduction batch: an App on an injected clock, a fresh SQLite file, the in-process bank, and
 * one resident (per_1, bound to `openid`) with one ACTIVE bank agreement `agreementId`. Registers its own
 * beforeAll/afterAll (the environment is restored and the data directory removed after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app';
import type { FixedClock } from '../clock';
import type { DebitRow, StoreOps } from '../store/port';
import { person } from '../store/contract';
import { useBankChannel } from './bankChannel';
import { inProcessBank, type InProcessBank } from './inProcessBank';

export interface BatchTestApp {
  app: App;
  bank: InProcessBank;
}

export function useBatchTestApp(options: { clock: FixedClock; env: NodeJS.ProcessEnv; openid: string; agreementId: string }): BatchTestApp {
  const dir = mkdtempSync(join(tmpdir(), 'batch-test-'));
  const saved = { ...process.env };
  const ready = {} as BatchTestApp;
  beforeAll(async () => {
    Object.assign(process.env, { LOG_LEVEL: 'silent', BANK_DEBIT_HOURS: '00-24', ...options.env });
    ready.app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock: options.clock });
    ready.bank = inProcessBank(() => new Date(options.clock.nowMs()));
    useBankChannel(ready.app, ready.bank);
    const { store } = ready.app;
    await store.insertPerson(person(1));
    await store.ensureAccount({ openid: options.openid, personId: null, roles: ['resident'], createdAt: '2026-11-01T00:00:00.000Z' });
    await store.bindAccountPerson(options.openid, 'per_1');
    await store.insertAgreement({
      agreementId: options.agreementId, kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: options.openid, personId: 'per_1', channel: 'bank',
      contractNo: `ctr_${options.agreementId}`, accountMasked: '6222***********0001', state: 'ACTIVE', live: true,
      createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
    });
  });
  afterAll(async () => {
    await ready.app?.store.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  return ready;
}

const AT = '2026-11-27T01:00:00.000Z';

/** Another ACTIVE bank agreement, signed by per_1 (`openid`) for a new person `personId` (a copy of per_1 under that id). */
export async function addAgreement(store: StoreOps, openid: string, agreementId: string, personId: string): Promise<void> {
  await store.insertPerson({ ...(await store.getPerson('per_1'))!, personId, idHash: `hash_${personId}` });
  await store.insertAgreement({
    agreementId, kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: openid, personId, channel: 'bank',
    contractNo: `ctr_${agreementId}`, accountMasked: '6222***********0001', state: 'ACTIVE', live: true, createdAt: AT, updatedAt: AT,
  });
}

/** A 2027 debit of 400 元 under `agreementId` in `state`, with its bank order for `personId`, as the batch stores them. */
export async function addDebit(store: StoreOps, openid: string, d: { agreementId: string; personId: string; debitId: string; state: DebitRow['state'] }): Promise<void> {
  const orderId = `ord_${d.debitId}`;
  await store.insertOrder({
    orderId, payerPersonId: 'per_1', payerOpenid: openid, requestHash: `agreement:${d.agreementId}:2027`, totalFen: 40000, accountFen: 0, wechatFen: 40000,
    state: 'INIT', prepayId: null, channelTxnId: null, failure: null, createdAt: AT, updatedAt: AT, channel: 'bank',
  }, [{ orderId, itemNo: 0, personId: d.personId, benefitYear: 2027, standardFen: 40000, dueFen: 40000, quote: '{}', live: true }]);
  await store.insertDebit({ debitId: d.debitId, agreementId: d.agreementId, periodKey: '2027', attempt: 1, amountFen: 40000, orderId, state: d.state, failure: null, createdAt: AT, updatedAt: AT });
}
