/**
 * Starts the local runtime (`scripts/start.ts`: gateway, cloud functions, WeChat Pay simulator) as a child
 * process on a data folder, for fault tests and benchmarks that must be able to kill it. The runtime is
 * spawned as the leader of its own process group, so `kill('SIGKILL')` takes the simulator child down
 * with it, as a machine losing power would; `restart()` starts it again on the same data folder (SQLite
 * files of the store and of the simulator persist) and on the same port, because the simulator keeps the
 * notify_url it was given with each order and must still reach us after the restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const STARTED_LINE = /合肥医保参保服务已启动: (http:\/\/localhost:(\d+))\//;

export interface RuntimeOptions {
  dataDir: string;
  /** Extra environment for the runtime (PAYMENT_EXPIRE_MINUTES, WECHATPAY_TIMEOUT_MS, ...). */
  env?: NodeJS.ProcessEnv;
  /** How long start-up (function build included) may take. */
  startTimeoutMs?: number;
}

export interface Runtime {
  /** e.g. http://localhost:41234 (no trailing slash); unchanged by restart. */
  readonly url: string;
  readonly dataDir: string;
  /** Sends `signal` to the whole process group (runtime and simulator) and waits until the runtime is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Kills what is left (SIGKILL) and starts again on the same data folder and port. */
  restart(): Promise<void>;
  /** SIGTERM (clean shutdown), then SIGKILL of the group after a grace period. */
  stop(): Promise<void>;
}

/** Every cloud function in the source tree: a started gateway must have loaded all of them. */
function sourceFunctions(): string[] {
  const dir = join(ROOT, 'cloudfunctions');
  return readdirSync(dir).filter((name) => !name.startsWith('_') && existsSync(join(dir, name, 'index.ts')));
}

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const expected = sourceFunctions();
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`);
      const text = await res.text();
      const health = JSON.parse(text) as { parts?: Record<string, boolean>; functions?: string[] };
      // Another process's start empties dist/cloudfunctions while rebuilding it; a gateway that started
      // in that moment loaded only some functions and would answer UNKNOWN_FUNCTION, so it is no start.
      const missing = expected.filter((name) => !(health.functions ?? []).includes(name));
      if (missing.length > 0) throw new Error(`gateway loaded without ${missing.join(', ')}`);
      // The h5 bundle is served, not needed: payments run without it, and another process may be rebuilding it.
      const parts = health.parts ?? {};
      if (res.status === 200 || (Object.keys(parts).length > 0 && Object.entries(parts).every(([name, up]) => up || name === 'h5'))) return;
      last = `HTTP ${res.status} ${text}`;
    } catch (error) {
      if (String(error).includes('gateway loaded without')) throw error;
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`runtime at ${url} not healthy after ${timeoutMs} ms (${last})`);
}

/** Signals a process group; a group that is already gone is not an error. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Runtimes still running: a test process that exits (or is interrupted) takes them down with it. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

function launch(options: RuntimeOptions, port: number): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(TSX, ['scripts/start.ts'], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      SKIP_H5_BUILD: '1',
      LOG_LEVEL: 'silent',
      JANITOR_MIN_AGE_SECONDS: '0',
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let seen = '';
  const keep = (chunk: Buffer) => {
    // Only the tail is kept: it is for error messages, and a long soak run must not grow it without bound.
    seen = (seen + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      signalGroup(child, 'SIGKILL');
      reject(new Error(`runtime did not start in ${options.startTimeoutMs ?? 120_000} ms:\n${seen}`));
    }, options.startTimeoutMs ?? 120_000);
    const onData = () => {
      const match = STARTED_LINE.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolveStart({ child, url: `http://127.0.0.1:${match[2]}`, output: () => seen });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // Its simulators may already be running in its group: they must not outlive a failed start.
      signalGroup(child, 'SIGKILL');
      reject(new Error(`runtime exited (${code ?? signal}) before it started:\n${seen}`));
    });
  });
}

/**
 * Every start rebuilds dist/cloudfunctions in place (scripts/build-functions.ts empties it first), so a start
 * that overlaps another process's start can find a bundle missing and exit; such a start is simply tried again.
 */
async function launchHealthy(options: RuntimeOptions, port: number): Promise<Awaited<ReturnType<typeof launch>>> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    let started: Awaited<ReturnType<typeof launch>> | undefined;
    try {
      started = await launch(options, port);
      await waitHealthy(started.url, 30_000);
      return started;
    } catch (error) {
      if (started) signalGroup(started.child, 'SIGKILL');
      lastError = error;
      await new Promise((r) => setTimeout(r, 500 + attempt * 500));
    }
  }
  throw lastError;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  let current = await launchHealthy(options, 0);
  const url = current.url;
  const port = Number(new URL(url).port);

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const { child } = current;
    signalGroup(child, signal);
    await exited(child);
    // The simulator may outlive the runtime by a moment after a SIGTERM; a SIGKILL of the group is final.
    if (signal === 'SIGKILL') signalGroup(child, 'SIGKILL');
  };

  return {
    url,
    dataDir: options.dataDir,
    kill,
    async restart() {
      await kill('SIGKILL');
      // The port was just freed; should another process take it meanwhile, the start fails and is retried.
      current = await launchHealthy(options, port);
    },
    async stop() {
      const { child } = current;
      signalGroup(child, 'SIGTERM');
      const grace = new Promise<void>((r) => setTimeout(r, 5_000).unref());
      await Promise.race([exited(child), grace]);
      signalGroup(child, 'SIGKILL');
      await exited(child);
    },
  };
}
