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
