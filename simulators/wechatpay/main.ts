/**
 * `npx tsx simulators/wechatpay/main.ts --port <n|0> --keys-dir <dir> --data-dir <dir>
 *   [--identity certificate|publicKey] [--host 127.0.0.1] [--public-base-url http://...] [--today YYYY-MM-DD]`
 * `--today` is the local runtime's pinned day (DEV_TODAY): payments, refunds and bills keep it too.
 * Prints `{"service":"wechatpay-sim","port":N}` once listening; stops cleanly on SIGINT/SIGTERM.
 */
import { isCalendarDate } from '../../shared/policy/dates';
import { announceListening, parseArgs } from '../shared/http';
import { startWechatPaySimulator } from './server';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const text = (name: string, fallback?: string): string | undefined => {
    const value = args[name];
    return typeof value === 'string' ? value : fallback;
  };
  const port = Number(text('port', '0'));
  const keysDir = text('keys-dir');
  const dataDir = text('data-dir');
  const identity = text('identity', 'certificate');
  const today = text('today');
  if (
    !Number.isInteger(port) ||
    port < 0 ||
    !keysDir ||
    !dataDir ||
    (identity !== 'certificate' && identity !== 'publicKey') ||
    (today !== undefined && !isCalendarDate(today))
  ) {
    process.stderr.write('usage: main.ts --port <n|0> --keys-dir <dir> --data-dir <dir> [--identity certificate|publicKey] [--today YYYY-MM-DD]\n');
    process.exit(2);
  }
  const simulator = await startWechatPaySimulator({
    port,
    keysDir,
    dataDir,
    host: text('host', '127.0.0.1'),
    platformIdentity: identity,
    publicBaseUrl: text('public-base-url'),
    today,
  });
  announceListening('wechatpay-sim', simulator.port);
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
