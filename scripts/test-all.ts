/**
 * `npm test`: everything a new machine can run, in order — type checks, the function and mini-program
 * builds (the size test reads their output), unit and contract tests, then a real local runtime on a
 * free port with a fresh data folder for the integration and browser tests. Ends with one closing line
 * `tests: N passed, N failed` summing both jest runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');

/**
 * The business day the system tests run on (the runtime's DEV_TODAY, which its simulators and the browser tests'
 * clock follow). The suite pays, signs credit advances and auto-renewals for the year being collected, which the
 * rules allow only inside its concentrated period (2027's: 2026-10-20 – 2026-12-31, shared/policy/params), so it
 * must not run on the real calendar. SYSTEM_TEST_TODAY overrides it (e.g. to try another day in the period).
 */
const SYSTEM_TEST_TODAY = process.env.SYSTEM_TEST_TODAY ?? '2026-11-26';

function step(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const run = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`✖ ${title} failed after ${seconds}s`);
    process.exit(run.status ?? 1);
  }
  console.log(`✔ ${title} (${seconds}s)`);
}

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  success: boolean;
}

function jest(project: string, outFile: string, env: NodeJS.ProcessEnv = {}): JestSummary {
  const started = Date.now();
  console.log(`\n▶ jest ${project}`);
  spawnSync(join(BIN, 'jest'), ['--selectProjects', project, '--json', '--outputFile', outFile, '--forceExit'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (!existsSync(outFile)) throw new Error(`jest ${project} wrote no results`);
  const summary = JSON.parse(readFileSync(outFile, 'utf8')) as JestSummary;
  console.log(`${summary.success ? '✔' : '✖'} jest ${project} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return summary;
}

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`runtime at ${url} not healthy after ${timeoutMs} ms`);
}

async function startRuntime(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(join(BIN, 'tsx'), ['scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SKIP_H5_BUILD: '1', LOG_LEVEL: 'silent', JANITOR_MIN_AGE_SECONDS: '0', DEBIT_NOTICE_LEAD_HOURS: '0', DEBIT_RETRY_INTERVAL_HOURS: '0', DEBIT_SETTLE_MIN_AGE_SECONDS: '0', BANK_DEBIT_HOURS: '00-24', DEV_TODAY: SYSTEM_TEST_TODAY,
      // Test files fire the batch at once on one runtime: a run waits for the one in progress instead of leaving it the work.
      DEBIT_BATCH_LEASE_WAIT_SECONDS: '60' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`runtime did not start:\n${seen}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /(http:\/\/localhost:\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`runtime exited with ${code}:\n${seen}`)));
  });
  await waitHealthy(url, 30_000);
  return { url, stop: () => child.kill('SIGTERM') };
}

async function main() {
  const started = Date.now();
  step('type check (functions, rules, runtime, tests)', join(BIN, 'tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  step('type check (mini-program)', join(BIN, 'tsc'), ['-p', 'miniprogram/tsconfig.json', '--noEmit']);
  step('type check (browser tests)', join(BIN, 'tsc'), ['-p', 'tests/e2e/tsconfig.json', '--noEmit']);
  step('build cloud functions', join(BIN, 'tsx'), ['scripts/build-functions.ts']);
  step('build mini-program h5', 'npm', ['run', '-s', 'build:h5'], { NODE_ENV: 'production' });
  step('build mini-program weapp', 'npm', ['run', '-s', 'build:weapp'], { NODE_ENV: 'production' });

  const out = mkdtempSync(join(tmpdir(), 'medins-test-'));
  const unit = jest('unit', join(out, 'unit.json'));
  const fault = jest('fault', join(out, 'fault.json'), { LOG_LEVEL: 'silent' });
  const dataDir = join(out, 'data');
  console.log(`\n▶ runtime for the system tests, its day pinned to ${SYSTEM_TEST_TODAY}`);
  const runtime = await startRuntime(dataDir);
  let system: JestSummary;
  try {
    system = jest('system', join(out, 'system.json'), { E2E_BASE_URL: runtime.url, E2E_DATA_DIR: dataDir });
  } finally {
    runtime.stop();
  }
  rmSync(out, { recursive: true, force: true });

  const runs = [unit, fault, system];
  const passed = runs.reduce((n, r) => n + r.numPassedTests, 0);
  const failed = runs.reduce((n, r) => n + r.numFailedTests, 0);
  const skipped = runs.reduce((n, r) => n + r.numPendingTests, 0);
  console.log(`\nnpm test finished in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(runs.every((r) => r.success) && failed === 0 && skipped === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
