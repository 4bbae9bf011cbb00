/**
 * `npx tsx simulators/bank/main.ts --port <n|0> --keys-dir <dir> --data-dir <dir>
 *   [--host 127.0.0.1] [--notify-url http://...] [--allowed-hours 06:00-22:00] [--today YYYY-MM-DD]`
 * `--today` is the local runtime's pinned day (DEV_TODAY): the bank's business clock keeps it too.
 * Prints `{"service":"bank-sim","port":N}` once listening; stops cleanly on SIGINT/SIGTERM.
 */
import { isCalendarDate } from '../../shared/policy/dates';
import { announceListening, parseArgs } from '../shared/http';
import { startBankSimulator } from './server';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const text = (name: string, fallback?: string): string | undefined => {
    const value = args[name];
    return typeof value === 'string' ? value : fallback;
  };
  const port = Number(text('port', '0'));
  const keysDir = text('keys-dir');
  const dataDir = text('data-dir');
  const hours = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(text('allowed-hours', '') ?? '');
  const today = text('today');
  if (!Number.isInteger(port) || port < 0 || !keysDir || !dataDir || (text('allowed-hours') !== undefined && !hours) || (today !== undefined && !isCalendarDate(today))) {
    process.stderr.write(
      'usage: main.ts --port <n|0> --keys-dir <dir> --data-dir <dir> [--host h] [--notify-url url] [--allowed-hours HH:mm-HH:mm] [--today YYYY-MM-DD]\n',
    );
    process.exit(2);
  }
  const simulator = await startBankSimulator({
    port,
    keysDir,
    dataDir,
    host: text('host', '127.0.0.1'),
    notifyUrl: text('notify-url'),
    allowedHours: hours ? { from: hours[1], to: hours[2] } : undefined,
    today,
  });
  announceListening('bank-sim', simulator.port);
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
