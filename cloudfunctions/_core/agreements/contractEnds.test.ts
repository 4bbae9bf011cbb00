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
import type { BankClient } from '../channels/bank';
import { fixedClock } from '../clock';
import { encryptId } from '../identity/pii';
import { person } from '../store/contract';
import { bank, localBankKeysDir, useBankChannel } from './bankChannel';
import { settleContractEnds } from './contractEnds';
import { agreements, settleSigningAgreements } from './service';
import { settleSigningPlans } from '../savings/plans';

jest.setTimeout(20_000);

const dir = mkdtempSync(join(tmpdir(), 'contract-ends-'));
const OPENID = 'o-contract-ends';
let app: App;
let sim: BankSimulator;
// The app's business clock, moved by the tests; signatures between the app and the simulator use real time.
const clock = fixedClock(Date.now());
/** Past the time a signing call sent before a contract-end request could still be accepted by the bank (2 × 300 s). */
const LATE_SIGNING_PASSED_MS = 601_000;

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
  app = await createApp({ RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir }, { clock });
  await app.store.ensureAccount({ openid: OPENID, personId: null, roles: [], createdAt: '2026-11-27T00:00:00.000Z' });
});

afterAll(async () => {
  await sim.close();
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => sim.setFaults({}));

it('keeps a cancellation whose termination answer was lost open, and the janitor ends the contract at the bank', async () => {
  // The signer's ID number is sealed for real: signing sends the bank its hash.
  await app.store.insertPerson({ ...person(1), idSealed: encryptId(app.pii, '340104198503123412') });
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

it('answers a bank that refuses the termination with a request left open until it accepts', async () => {
  const agreementId = await activeAgreement(3);
  sim.setFaults({ serverError: { phase: 'before', probability: 1, status: 503, match: 'POST /v1/contracts/' } });
  await agreements(app, { openid: OPENID }, { action: 'cancel', agreementId });
  expect((await app.store.getContractEnd('bank', 'ctr_ce3'))?.confirmedAt).toBeNull();
  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 0 });
  sim.setFaults({});
  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 1 });

});

/** An agreement of per_<n> still SIGNING: its signing call's answer never came, and the bank has no contract (yet). */
async function signingAgreement(n: number): Promise<string> {
  await app.store.insertPerson(person(n));
  await app.store.insertAgreement({
    agreementId: `agr_ce${n}`, kind: 'auto-renew', signerPersonId: 'per_1', signerOpenid: OPENID, personId: `per_${n}`, channel: 'bank', contractNo: `ctr_ce${n}`,
    accountMasked: '6222***********0001', state: 'SIGNING', live: true, createdAt: '2026-11-27T00:00:00.000Z', updatedAt: '2026-11-27T00:00:00.000Z',
  });
  return `agr_ce${n}`;
}

/** The lost signing call landing at the bank after all. */
async function lateSigning(n: number): Promise<void> {
  const signed = await bank(app).client.signContract({
    out_contract_no: `ctr_ce${n}`, holder_name: '测试', account_no_masked: '6222***********0001', account_token: `tok_contract_end_${n}`,
    id_hash: 'a'.repeat(64), max_amount_per_debit_fen: 1_000_000,
  });
  expect(signed.kind).toBe('ok');
}

it('counts a contract the bank never signed as ended only once no signing call of ours can still land', async () => {
  const agreementId = await signingAgreement(4);
  await agreements(app, { openid: OPENID }, { action: 'cancel', agreementId });
  expect(await app.store.getContractEnd('bank', 'ctr_ce4')).toMatchObject({ lastResult: 'NOT_AT_BANK', confirmedAt: null });
  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 0 });

  clock.advance(LATE_SIGNING_PASSED_MS);
  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 1 });
  expect(await app.store.getContractEnd('bank', 'ctr_ce4')).toMatchObject({ lastResult: 'NOT_AT_BANK', confirmedAt: expect.any(String) });
});

it('ends a contract whose lost signing call lands after the resident cancelled', async () => {
  const agreementId = await signingAgreement(5);
  await agreements(app, { openid: OPENID }, { action: 'cancel', agreementId });
  await lateSigning(5);
  expect(await contractAtBank(5)).toBe('ACTIVE');

  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 1 });
  expect(['TERMINATING', 'TERMINATED']).toContain(await contractAtBank(5));
  expect((await app.store.getAgreement(agreementId))?.state).toBe('FAILED');
});

it('ends a contract whose lost signing call lands after the signing was given up as never signed', async () => {
  const agreementId = await signingAgreement(6);
  await settleSigningAgreements(app, [(await app.store.getAgreement(agreementId))!]);
  expect((await app.store.getAgreement(agreementId))?.state).toBe('FAILED');
  expect(await app.store.getContractEnd('bank', 'ctr_ce6')).toMatchObject({ ownerRef: agreementId, confirmedAt: null });
  const told = (await app.store.listNotices(OPENID, 50)).filter((n) => n.kind === 'agreement.sign-failed' && n.ref === agreementId);
  expect(told.map((n) => n.body)).toEqual(['为 测试6 签约的医保自动续缴未成功：银行没有收到签约申请，未开通自动续缴，也不会扣款。可以重新签约。']);
  await lateSigning(6);

  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 1 });
  expect(['TERMINATING', 'TERMINATED']).toContain(await contractAtBank(6));
  expect((await app.store.getAgreement(agreementId))?.state).toBe('FAILED');
});

it('ends the contract a signing answer brings after the resident cancelled while it was on its way', async () => {
  const real = bank(app);
  let entered!: () => void;
  const inFlight = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // The signing call is held on its way to the bank until the resident has cancelled.
  const slowSigning: BankClient = {
    ...real.client,
    signContract: async (request) => {
      entered();
      await released;
      return real.client.signContract(request);
    },
  };
  useBankChannel(app, { ...real, client: slowSigning });
  try {
    const signing = agreements(app, { openid: OPENID }, { action: 'sign', personId: 'per_1', channel: 'bank', bankAccount: { holderName: '测试', accountNo: '6222020000000000701' } });
    await Promise.race([inFlight, signing]);
    const [agreement] = (await app.store.listAgreementsSignedBy('per_1')).filter((a) => a.personId === 'per_1');
    await agreements(app, { openid: OPENID }, { action: 'cancel', agreementId: agreement.agreementId });
    release();
    expect(await signing).toMatchObject({ agreement: { agreementId: agreement.agreementId, state: 'FAILED' } });
    const atBank = await real.client.queryContract(agreement.contractNo);
    expect(atBank.kind === 'ok' && atBank.data.state).toMatch(/^TERMINAT(ING|ED)$/);
    expect(await app.store.getContractEnd('bank', agreement.contractNo)).toMatchObject({ confirmedAt: expect.any(String) });
  } finally {
    useBankChannel(app, real);
  }
});

it('ends a savings plan\'s contract whose lost signing call lands after the plan was given up', async () => {
  await app.store.insertPerson(person(8));
  await app.store.insertSavingsPlan({
    planId: 'svp_ce8', personId: 'per_8', openid: 'o-saver', contractNo: 'ctr_ce8', accountMasked: '6222***********0001', maxDebitFen: 100_000,
    depositFen: 5_000, schedule: { kind: 'weekly', weekday: 5 }, topUp: false, state: 'SIGNING', live: true, activeSince: '2026-11-27',
    createdAt: '2026-11-27T00:00:00.000Z', updatedAt: '2026-11-27T00:00:00.000Z',
  });
  expect(await settleSigningPlans(app, [(await app.store.getSavingsPlan('svp_ce8'))!])).toBe(1);
  expect((await app.store.getSavingsPlan('svp_ce8'))?.state).toBe('FAILED');
  await lateSigning(8);

  expect(await settleContractEnds(app)).toEqual({ examined: 1, confirmed: 1 });
  expect(['TERMINATING', 'TERMINATED']).toContain(await contractAtBank(8));
});
