import { type Clock, dayShiftMs, systemClock } from './clock';
import { type Config, readConfig } from './config';
import { type IdSource, idSource } from './ids';
import type { PiiKeys } from './identity/pii';
import { loadPiiKeys } from './secrets';
import { openStore } from './store/open';
import type { Store } from './store/port';

/** What every application service is given: storage, time, ids and keys. Tests build their own. */
export interface App {
  config: Config;
  store: Store;
  clock: Clock;
  ids: IdSource;
  pii: PiiKeys;
}

/**
 * Local runs may pin "today": the clock is the wall clock moved by whole days, so the time of day stays real
 * and every process (and every restart) agrees on the same instant.
 */
function clockFor(config: Config): Clock {
  if (!config.DEV_TODAY) return systemClock;
  const offsetMs = dayShiftMs(config.DEV_TODAY, Date.now());
  return { nowMs: () => Date.now() + offsetMs };
}

export async function createApp(config: Config, overrides: Partial<Omit<App, 'config'>> = {}): Promise<App> {
  const clock = overrides.clock ?? clockFor(config);
  return {
    config,
    clock,
    store: overrides.store ?? (await openStore(config)),
    ids: overrides.ids ?? idSource(clock),
    pii: overrides.pii ?? loadPiiKeys(config),
  };
}

/**
 * One App per process, made on first use: a warm cloud function instance (or the local gateway, which
 * loads every bundle into one process) reuses the open store instead of reopening it per call.
 */
const APP_KEY = Symbol.for('hefei-medins.app');
export function sharedApp(): Promise<App> {
  const holder = globalThis as Record<symbol, Promise<App> | undefined>;
  holder[APP_KEY] ??= createApp(readConfig());
  return holder[APP_KEY]!;
}
