import Database from 'better-sqlite3';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import { createSeededRandom } from '../../simulators/shared/prng';

/**
 * The deduction batch killed at random points and restarted (issue: scheduled debits must be exactly-once).
 * A seeded schedule: the bank simulator (its own process, surviving every kill) times out or answers 5xx
 * before or after applying; the batch worker is SIGKILLed after a random delay, again and again; then
 * faults are cleared and the batch runs until nothing is left. Checks: one successful debit per due
 * agreement and none for zero-due ones, our debits and the bank's match one to one, the ledger sums to zero.
 * KILL_AGREEMENTS / KILL_COUNT / KILL_SEED scale and replay it (defaults keep `npm test` short).
 */
const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const AGREEMENTS = Number(process.env.KILL_AGREEMENTS ?? 1000);
const KILLS = Number(process.env.KILL_COUNT ?? 20);
const SEED = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);
// Kills land anywhere in a batch, not only near its start: with the bank over HTTP a run debits a few hundred
// agreements a second, so twenty kills drawn from [0.2 s, N × 0.4 ms] land all through a batch of N (each run
// goes on where the last stopped; paidAtKill in the output shows where the kills fell).
const KILL_WINDOW_MS = Math.max(2500, AGREEMENTS * 0.4);
const ZERO_DUE_EVERY = 10; // every tenth person is 特困 (fully subsidised, D3): never debited

const dir = mkdtempSync(join(tmpdir(), 'kill-batch-'));
const env: NodeJS.ProcessEnv = {
  ...process.env, RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dir, LOG_LEVEL: 'silent', DEV_TODAY: '2026-11-27',
  DEBIT_NOTICE_LEAD_HOURS: '0', DEBIT_RETRY_INTERVAL_HOURS: '0', BANK_DEBIT_HOURS: '00-24', DEBIT_MAX_ATTEMPTS: '100',
  // An answer lost to a timeout is asked about only when no request could still be on its way.
  BANK_TIMEOUT_MS: '800', DEBIT_SETTLE_MIN_AGE_SECONDS: '3',
  // A killed run keeps the batch lease until it lapses: short here, and the next run waits for it rather than skip.
  DEBIT_BATCH_LEASE_SECONDS: '2', DEBIT_BATCH_LEASE_WAIT_SECONDS: '10',
};
let bankSim: ChildProcess;
let bankUrl = '';
// The bank's notifications need somewhere to land, as they would at the runtime: a worker has no server, and a
// dead URL makes the simulator re-sign and re-send every debit's notice on its retry schedule (it then spent its
// time on that, not on debits). The sink answers 204 and counts; the batch itself settles by asking the bank.
let notifySink: Server;
let notificationsReceived = 0;

async function simPost(path: string, body: unknown) {
  const res = await fetch(`${bankUrl}/sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

const workerGroups = new Set<number>();
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
function spawnedWorkersAlive(): number {
  return [...workerGroups].filter(groupAlive).length;
}

function runWorker(killAfterMs: number | null): Promise<{ killed: boolean; report?: { outcomes: Record<string, number>; settled: { examined: number }; skipped?: string } }> {
  return new Promise((resolveRun, reject) => {
    // Its own process group: tsx runs the worker in a child node process, and a kill must reach that one too.
    const child = spawn(TSX, [join(__dirname, 'batchWorker.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    workerGroups.add(child.pid!);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = killAfterMs === null ? null : setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') {
        // The whole group must be gone before the next run starts, or this was no kill at all.
        const deadline = Date.now() + 5000;
        const waitGone = () => (!groupAlive(child.pid!) ? resolveRun({ killed: true }) : Date.now() > deadline ? reject(new Error('worker survived SIGKILL')) : setTimeout(waitGone, 20));
        return waitGone();
      }
      if (code !== 0) return reject(new Error(`worker failed (${code}): ${err}`));
      resolveRun({ killed: false, report: JSON.parse(out.trim().split('\n').pop()!) });
    });
  });
}

beforeAll(async () => {
  notifySink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      notificationsReceived += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => notifySink.listen(0, '127.0.0.1', ok));
  env.PUBLIC_BASE_URL = `http://127.0.0.1:${(notifySink.address() as { port: number }).port}`;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createApp } = require('../../cloudfunctions/_core/app') as typeof import('../../cloudfunctions/_core/app');
  const { readConfig } = require('../../cloudfunctions/_core/config') as typeof import('../../cloudfunctions/_core/config');
  const { bank, localBankKeysDir } = require('../../cloudfunctions/_core/agreements/bankChannel') as typeof import('../../cloudfunctions/_core/agreements/bankChannel');

  bankSim = spawn(TSX, ['simulators/bank/main.ts', '--port', '0', '--keys-dir', localBankKeysDir(dir), '--data-dir', join(dir, 'bank-sim')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  bankUrl = await new Promise<string>((ok) => {
    createInterface({ input: bankSim.stdout! }).on('line', (line) => {
      const port = (JSON.parse(line) as { port?: number }).port;
      if (port) ok(`http://127.0.0.1:${port}`);
    });
  });
  env.BANK_BASE_URL = bankUrl;
  Object.assign(process.env, env);
  await simPost('/config', { allowedHours: { from: '00:00', to: '23:59' }, debitProcessingMs: 0 });

  // People, registry facts and ACTIVE agreements straight into the store; contracts signed at the bank for real.
  const app = await createApp(readConfig(env));
  const db = new Database(join(dir, 'app.sqlite'));
  // Stamped by the workers' own clock (DEV_TODAY, shifted by whole days), not the machine's: after 16:00 UTC the
  // machine is already on Hefei's next day, and agreements "changed" a day ahead of the batch's clock would keep
  // their retries waiting on the notice (deductions.ts noticeTakesEffectMs) for ever.
  const at = new Date(app.clock.nowMs()).toISOString();
  const contracts: { no: string; idHash: string }[] = [];
  db.transaction(() => {
    for (let i = 0; i < AGREEMENTS; i += 1) {
      const id = String(i).padStart(7, '0');
      const zeroDue = i % ZERO_DUE_EVERY === 0;
      db.prepare('INSERT INTO persons (person_id, id_hash, id_masked, id_sealed, name, birth_date, sex, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(`per_k${id}`, `hash_k${id}`, '3401**********0000', 'x', '测试', '1980-01-01', 'F', at);
      db.prepare('INSERT INTO registry (id_hash, name, birth_date, sex, household_no, facts, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(`hash_k${id}`, '测试', '1980-01-01', 'F', `HK${id}`, JSON.stringify({ coveredYears: [2025, 2026], ...(zeroDue ? { aidCategories: ['tekun'] } : {}) }), at);
      db.prepare(`INSERT INTO agreements (agreement_id, kind, signer_person_id, signer_openid, person_id, channel, contract_no, account_masked, state, live, created_at, updated_at)
        VALUES (?, 'auto-renew', ?, ?, ?, 'bank', ?, '6222********0000', 'ACTIVE', 1, ?, ?)`).run(`agr_k${id}`, `per_k${id}`, `openid_k${id}`, `per_k${id}`, `ctr_k${id}`, at, at);
      contracts.push({ no: `ctr_k${id}`, idHash: createHash(id) });
    }
  })();
  db.close();
  const client = bank(app).client;
  for (let i = 0; i < contracts.length; i += 32) {
    await Promise.all(contracts.slice(i, i + 32).map(async (c) => {
      const request = { out_contract_no: c.no, holder_name: '测试', account_no_masked: '6222********0000', account_token: `tok_${c.no}`, id_hash: c.idHash, max_amount_per_debit_fen: 1_000_000 };
      // Set-up, not under test: a signing lost to a slow machine is asked again under the same contract number.
      let signed = await client.signContract(request);
      for (let attempt = 1; signed.kind === 'unknown' && attempt < 5; attempt += 1) signed = await client.signContract(request);
      if (signed.kind !== 'ok') throw new Error(`contract ${c.no}: ${JSON.stringify(signed)}`);
    }));
  }
  await app.store.close();
}, Math.max(600_000, AGREEMENTS * 10));

function createHash(id: string): string {
  return require('node:crypto').createHash('sha256').update(id).digest('hex');
}

afterAll(async () => {
  bankSim?.kill('SIGTERM');
  notifySink?.close();
  // No worker may outlive the test (a kill that missed one would also have been no kill at all).
  expect(spawnedWorkersAlive()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

it(`debits every due agreement exactly once through ${KILLS} kills and injected bank faults (seed printed)`, async () => {
  const random = createSeededRandom(SEED);
  await simPost('/faults', {
    seed: SEED,
    timeout: { phase: 'before', probability: 0.01, holdMs: 1500, match: 'POST /v1/debits' },
    serverError: { phase: 'after', probability: 0.02, status: 503, match: 'POST /v1/debits' },
    connectionReset: { phase: 'after', probability: 0.01, match: 'POST /v1/debits' },
  });
  let kills = 0;
  const paidAtKill: number[] = [];
  while (kills < KILLS) {
    const run = await runWorker(200 + Math.floor(random() * KILL_WINDOW_MS));
    if (!run.killed) continue;
    kills += 1;
    // Where the kill landed: how far the debits had got, so a run's note can show kills spread over the batch.
    const progress = new Database(join(dir, 'app.sqlite'), { readonly: true });
    paidAtKill.push(progress.prepare("SELECT COUNT(*) FROM debits WHERE state = 'SUCCESS'").pluck().get() as number);
    progress.close();
  }
  const fired = ((await (await fetch(`${bankUrl}/sim/faults`)).json()) as { fired: { fault: string }[] }).fired;
  const faultsByKind: Record<string, number> = {};
  for (const f of fired) faultsByKind[f.fault] = (faultsByKind[f.fault] ?? 0) + 1;
  await simPost('/faults', {});
  // Finish: run until a run has nothing left to settle or debit (bounded).
  let finished = false;
  let last: unknown = null;
  for (let round = 0; round < 30 && !finished; round += 1) {
    await new Promise((r) => setTimeout(r, 3100)); // let every open debit age past DEBIT_SETTLE_MIN_AGE_SECONDS
    const run = await runWorker(null);
    const o = run.report!.outcomes;
    last = run.report;
    finished = !run.report!.skipped && !o.paid && !o['debit-open'] && !o['debit-unknown'] && !o['debit-failed'] && !o.busy && run.report!.settled.examined === 0;
  }
  if (!finished) console.log(`batch did not finish; last report: ${JSON.stringify(last)}`);
  expect(finished).toBe(true);

  const db = new Database(join(dir, 'app.sqlite'), { readonly: true });
  const ours = db.prepare("SELECT agreement_id, debit_id, amount_fen FROM debits WHERE state = 'SUCCESS'").all() as { agreement_id: string; debit_id: string; amount_fen: number }[];
  const open = db.prepare("SELECT COUNT(*) FROM debits WHERE state NOT IN ('SUCCESS','FAILED')").pluck().get();
  const perAgreement = new Map<string, number>();
  for (const d of ours) perAgreement.set(d.agreement_id, (perAgreement.get(d.agreement_id) ?? 0) + 1);
  const enrolled = db.prepare('SELECT COUNT(*) FROM enrollments WHERE benefit_year = 2027 AND ended_at IS NULL').pluck().get();
  db.close();
  const bankRecords = (await (await fetch(`${bankUrl}/sim/records`)).json()) as { debits: { out_debit_no: string; state: string; amount_fen: number }[] };
  const bankSuccess = new Map(bankRecords.debits.filter((d) => d.state === 'SUCCESS').map((d) => [d.out_debit_no, d.amount_fen]));
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { openSqliteStore } = require('../../cloudfunctions/_core/store/sqlite') as typeof import('../../cloudfunctions/_core/store/sqlite');
  const store = openSqliteStore(join(dir, 'app.sqlite'));
  const ledger = await store.ledgerCheck();
  await store.close();

  const dueAgreements = AGREEMENTS - Math.ceil(AGREEMENTS / ZERO_DUE_EVERY);
  console.log(JSON.stringify({ test: 'deduction-kills', seed: SEED, agreements: AGREEMENTS, kills, paidAtKill, faults: faultsByKind, successfulDebits: ours.length, bankSuccessfulDebits: bankSuccess.size, notificationsReceived }));
  expect(open).toBe(0);
  expect([...perAgreement.values()].every((n) => n === 1)).toBe(true);
  expect(perAgreement.size).toBe(dueAgreements);
  expect(enrolled).toBe(AGREEMENTS); // the zero-due are enrolled too, without a debit
  expect(bankSuccess.size).toBe(ours.length);
  for (const d of ours) expect(bankSuccess.get(d.debit_id)).toBe(d.amount_fen);
  expect(ledger).toMatchObject({ ok: true, totalFen: 0 });
}, Math.max(900_000, AGREEMENTS * 30));
