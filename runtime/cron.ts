/**
 * WeChat cloud timer triggers use a 7-field cron: second minute hour day-of-month month day-of-week year.
 * This parses that form (numbers, `*`, lists `a,b`, ranges `a-b`, steps `x/n`) and finds the next firing
 * instant, so the local runtime fires timers on the schedules their config.json declares.
 * Fields are read in Asia/Shanghai time, as the platform does.
 */
const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'weekday', min: 0, max: 6 },
  { name: 'year', min: 1970, max: 2199 },
] as const;

export interface Cron {
  source: string;
  sets: Set<number>[];
}

function parseField(text: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [rangeText, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo: number;
    let hi: number;
    if (rangeText === '*') {
      lo = min;
      hi = max;
    } else if (rangeText.includes('-')) {
      [lo, hi] = rangeText.split('-').map(Number);
    } else {
      lo = Number(rangeText);
      hi = stepText === undefined ? lo : max;
    }
    if (![lo, hi, step].every(Number.isInteger) || lo < min || hi > max || lo > hi || step < 1) {
      throw new Error(`bad cron field "${part}" (allowed ${min}-${max})`);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

export function parseCron(source: string): Cron {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 7) throw new Error(`cron "${source}" must have 7 fields (second minute hour day month weekday year)`);
  return { source, sets: parts.map((p, i) => parseField(p, FIELDS[i].min, FIELDS[i].max)) };
}

/** Shanghai has had no daylight saving since 1991: a fixed +8 h offset is exact for every date we schedule. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The first firing strictly after `afterMs`, or null if none within `horizonDays`. */
export function nextFire(cron: Cron, afterMs: number, horizonDays = 400): number | null {
  const [sec, min, hour, day, month, weekday, year] = cron.sets;
  let t = Math.floor((afterMs + SHANGHAI_OFFSET_MS) / 1000) * 1000 + 1000;
  const end = t + horizonDays * 86400 * 1000;
  while (t < end) {
    const d = new Date(t);
    const dayOk =
      year.has(d.getUTCFullYear()) && month.has(d.getUTCMonth() + 1) && day.has(d.getUTCDate()) && weekday.has(d.getUTCDay());
    if (!dayOk) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!hour.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (!min.has(d.getUTCMinutes())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes() + 1);
      continue;
    }
    if (sec.has(d.getUTCSeconds())) return t - SHANGHAI_OFFSET_MS;
    t += 1000;
  }
  return null;
}
