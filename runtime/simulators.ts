import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { localBankKeysDir } from '../cloudfunctions/_core/agreements/bankChannel';
import { localWechatPayKeysDir } from '../cloudfunctions/_core/payments/wechatpayChannel';
import type { HealthPart } from './gateway';

const ROOT = resolve(__dirname, '..');

export interface RunningSimulators {
  health: HealthPart[];
  /** service name → base URL, e.g. wechatpay → http://127.0.0.1:41234 */
  urls: Record<string, string>;
  close: () => Promise<void>;
}

/** Starts one simulator as its own process, as a real channel is its own server, and waits for its port. */
function startProcess(service: string, script: string, args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} simulator did not start in 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${service} simulator exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const announced = JSON.parse(line) as { service?: string; port?: number };
        if (announced.port) {
          clearTimeout(timer);
          resolvePort({ child, url: `http://127.0.0.1:${announced.port}` });
        }
      } catch {
        // not the announcement line
      }
    });
  });
}

/**
 * The channel simulators the local runtime runs beside the gateway, each a separate process with its own
 * state under DATA_DIR. Their addresses reach the cloud functions through the environment, as the real
 * channels' addresses do in the cloud.
 */
export async function startSimulators(dataDir: string): Promise<RunningSimulators> {
  // A pinned "today" (DEV_TODAY, local only) is the channels' business day too: bills, statements, due dates and
  // "yesterday's" reconciliation must fall on the days our functions see. Signatures keep real time either way.
  const today = process.env.DEV_TODAY ? ['--today', process.env.DEV_TODAY] : [];
  const wechat = await startProcess('wechatpay', 'simulators/wechatpay/main.ts', [
    '--port', '0', '--keys-dir', localWechatPayKeysDir(dataDir), '--data-dir', join(dataDir, 'wechatpay-sim'), ...today,
  ]);
  process.env.WECHATPAY_BASE_URL = wechat.url;
  const bank = await startProcess('bank', 'simulators/bank/main.ts', [
    '--port', '0', '--keys-dir', localBankKeysDir(dataDir), '--data-dir', join(dataDir, 'bank-sim'), ...today,
  ]);
  process.env.BANK_BASE_URL = bank.url;
  const children = [wechat.child, bank.child];
  return {
    urls: { wechatpay: wechat.url, bank: bank.url },
    health: [
      { name: 'wechatpay-sim', check: async () => (await fetch(`${wechat.url}/sim/health`)).ok },
      { name: 'bank-sim', check: async () => (await fetch(`${bank.url}/sim/health`)).ok },
    ],
    close: async () => {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((done) => {
              if (c.exitCode !== null) return done();
              c.once('exit', () => done());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
