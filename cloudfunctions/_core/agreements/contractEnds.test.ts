/**
 * Ending a contract at the channel survives a lost answer: the request is stored before the call, stays open
 * while the bank does not confirm it, and the janitor's next run ends it. Against the bank simulator in process,
 * over real HTTP with real signatures; its fault switches lose the answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBankSimulator, type BankSimulator } from '../../../simulators/bank/server';
import { type App, createApp } from '../app';
import { person } from '../store/contract';
import { bank, localBankKeysDir } from './bankChannel';
import { settleContractEnds } from './contractEnds';
import { agreements } from './service';

jest.setTimeout(20_000);

const dir = mkdtempSync(join(tmpdir(), 'contract-ends-'));
const OPENID = 'o-contract-ends';
let app: App;
let sim: BankSimulator;

/** An ACTIVE bank agreement of per_<n>, its contract signed at the bank for real. */
async function activeAgreement(n: number): Promise<string> {
  const agreementId = `agr_ce${n}`;
  const contractNo = `ctr_ce${n}`;
  await app.store.insertPerson(person(n));
  await app.store.insertAgreement({
    agreementId, kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: OPENID, personId: `per_${n}`, channel: 'bank', contractNo,
    accountMasked: '6222***********0001', state: 'ACTIVE', live: true, createdAt: '2026-11-27T00:00:00.000Z', updatedAt: '2026-11-27T00:00:00.000Z',
  });
  const signed = await bank(app).client.signContract({
    out_contract_no: contractNo, holder_name: '测试', account_no_masked: '6222***********0001', account_token: `tok_contract_end_${n}`,
    id_hash: 'a'.repeat(64), max_amount_per_debit_fen: 1_000_000,
  });
  expect(signed.kind).toBe('ok');
  return agreementId;
}

const contractAtBank = async (n: number) => {
  const found = await bank(app).client.queryContract(`ctr_ce${n}`);
  return found.kind === 'ok' ? found.data.state : found.kind;
};

beforeAll(async () => {
  Object.assign(process.env, { RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir, LOG_LEVEL: 'silent', BANK_TIMEOUT_MS: '300' });
  sim = await startBankSimulator({ port: 0, keysDir: localBankKeysDir(dir), dataDir: join(dir, 'bank-sim'), callbackRetryDelaysMs: [50] });
  process.env.BANK_BASE_URL = sim.baseUrl;
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir });
  await app.store.ensureAccount({ openid: OPENID, personId: null, roles: [], createdAt: '2026-11-27T00:00:00.000Z' });
});

afterAll(async () => {
  await sim.close();
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => sim.setFaults({}));

it('keeps a cancellation whose termination answer was lost open, and the janitor ends the contract at the bank', async () => {
  await app.store.insertPerson(person(1));
  await app.store.bindAccountPerson(OPENID, 'per_1');
  const agreementId = await activeAgreement(2);
  // The bank never sees the termination: the call times out on our side.
  sim.setFaults({ timeout: { phase: 'before', probability: 1, holdMs: 1_000, match: 'POST /v1/contracts/' } });

  expect(await agreements(app, { openid: OPENID }, { action: 'cancel', agreementId })).toMatchObject({ agreement: { state: 'CANCELLED' } });
  expect(await app.store.getContractEnd('bank', 'ctr_ce2')).toMatchObject({ ownerRef: agreementId, attempts: 1, lastResult: 'unknown', confirmedAt: null });
  sim.setFaults({});
  expect(await contractAtBank(2)).toBe('ACTIVE');

  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 1 });
  expect(['TERMINATING', 'TERMINATED']).toContain(await contractAtBank(2));
  expect(await app.store.getContractEnd('bank', 'ctr_ce2')).toMatchObject({ attempts: 2, confirmedAt: expect.any(String) });
  // Nothing is left to ask about.
  expect(await settleContractEnds(app)).toEqual({ examined: 0, confirmed: 0 });
});

it('answers a bank that refuses the termination with a request left open, and one the bank never signed as ended', async () => {
  const agreementId = await activeAgreement(3);
  sim.setFaults({ serverError: { phase: 'before', probability: 1, status: 503, match: 'POST /v1/contracts/' } });
  await agreements(app, { openid: OPENID }, { action: 'cancel', agreementId });
  expect((await app.store.getContractEnd('bank', 'ctr_ce3'))?.confirmedAt).toBeNull();
  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 0 });
  sim.setFaults({});
  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 1 });

  // A contract the bank never heard of (its signing call was lost on the way) has nothing to end.
  await app.store.insertPerson(person(4));
  await app.store.insertAgreement({
    agreementId: 'agr_ce4', kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: OPENID, personId: 'per_4', channel: 'bank', contractNo: 'ctr_ce4',
    accountMasked: '6222***********0001', state: 'SIGNING', live: true, createdAt: '2026-11-27T00:00:00.000Z', updatedAt: '2026-11-27T00:00:00.000Z',
  });
  await agreements(app, { openid: OPENID }, { action: 'cancel', agreementId: 'agr_ce4' });
  expect(await app.store.getContractEnd('bank', 'ctr_ce4')).toMatchObject({ lastResult: 'NOT_AT_BANK', confirmedAt: expect.any(String) });
});
