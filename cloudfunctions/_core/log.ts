import { maskIdNumbersIn } from '../../shared/identity/idNumber';

/**
 * JSON-lines logs on stderr. Every line passes through the ID-number mask on its way out, so a careless
 * `detail` cannot leak a number into a log file.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export function log(level: LogLevel, event: string, detail: Record<string, unknown> = {}): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  const line = JSON.stringify({ at: new Date().toISOString(), level, event, ...detail });
  process.stderr.write(`${maskIdNumbersIn(line)}\n`);
}

/** A caught error as a log line gives it: its class and message (a thrown non-Error as text). */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
