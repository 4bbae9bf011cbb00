/**
 * Fault switches shared by the channel simulators (WeChat Pay now, the bank later). A test or a
 * person sets them through `POST /sim/faults`; each switch fires with a probability drawn from a
 * seeded generator, optionally only a number of times and only for requests matching a pattern.
 * Every firing is logged with its draw number, so a failing seed can be read back and replayed.
 */
import { z } from 'zod';
import { createSeededRandom } from './prng';

const base = {
  probability: z.number().min(0).max(1).default(1),
  /** Fire at most this many times, then stay quiet. */
  times: z.number().int().positive().optional(),
  /** A regular expression tested against `METHOD /path` (requests) or the event type (callbacks). */
  match: z.string().optional(),
};
/** `before`: nothing is applied. `after`: the request is applied, then its answer is lost. */
const phase = z.enum(['before', 'after']).default('before');

export const FaultConfigSchema = z.strictObject({
  seed: z.number().int().nonnegative().optional(),
  /** Hold the request past the client's deadline, then drop the connection. */
  timeout: z.strictObject({ ...base, phase, holdMs: z.number().int().positive().default(30_000) }).optional(),
  /** Answer with a 5xx (unsigned, as a gateway would). */
  serverError: z.strictObject({ ...base, phase, status: z.number().int().min(500).max(599).default(500) }).optional(),
  /** Drop the connection without an answer. */
  connectionReset: z.strictObject({ ...base, phase }).optional(),
  /** Apply the request and answer it, with a signature that does not verify. */
  badSignature: z.strictObject({ ...base }).optional(),
  /** Deliver a callback more than once: `resend` signs each copy afresh, `verbatim` replays the same bytes. */
  duplicateCallback: z
    .strictObject({ ...base, copies: z.number().int().positive().max(10).default(1), mode: z.enum(['resend', 'verbatim']).default('resend') })
    .optional(),
  /** Hold a callback back, so later events can overtake it. */
  delayCallback: z.strictObject({ ...base, delayMs: z.number().int().nonnegative().max(600_000) }).optional(),
  /** Send a copy signed with a key nobody trusts before the genuine callback. */
  forgedCallback: z.strictObject({ ...base }).optional(),
});
export type FaultConfigInput = z.input<typeof FaultConfigSchema>;
export type FaultConfig = z.output<typeof FaultConfigSchema>;
export type FaultName = Exclude<keyof FaultConfig, 'seed'>;

export interface FiredFault {
  draw: number;
  fault: FaultName;
  subject: string;
}

export class FaultSwitches {
  private config: FaultConfig = {};
  private random = createSeededRandom(0);
  private seed = 0;
  private draws = 0;
  private readonly firedCount = new Map<FaultName, number>();
  private readonly log: FiredFault[] = [];

  /** Replaces every switch; an empty object turns all faults off. */
  configure(input: unknown): { ok: true; config: FaultConfig } | { ok: false; issues: string } {
    const parsed = FaultConfigSchema.safeParse(input);
    if (!parsed.success) return { ok: false, issues: parsed.error.message };
    for (const [name, rule] of Object.entries(parsed.data)) {
      if (name !== 'seed' && rule && typeof rule === 'object' && 'match' in rule && rule.match !== undefined) {
        try {
          new RegExp(rule.match);
        } catch {
          return { ok: false, issues: `${name}.match is not a regular expression` };
        }
      }
    }
    this.config = parsed.data;
    this.seed = parsed.data.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.random = createSeededRandom(this.seed);
    this.draws = 0;
    this.firedCount.clear();
    this.log.length = 0;
    return { ok: true, config: parsed.data };
  }

  /**
   * Whether `fault` fires for `subject`; returns its settings when it does. A draw is taken only for a
   * switch that is set and matches, so unrelated traffic does not shift a replay.
   */
  draw<K extends FaultName>(fault: K, subject: string): NonNullable<FaultConfig[K]> | undefined {
    const rule = this.config[fault] as (NonNullable<FaultConfig[K]> & { probability: number; times?: number; match?: string }) | undefined;
    if (!rule) return undefined;
    if (rule.match !== undefined && !new RegExp(rule.match).test(subject)) return undefined;
    const fired = this.firedCount.get(fault) ?? 0;
    if (rule.times !== undefined && fired >= rule.times) return undefined;
    this.draws += 1;
    if (this.random() >= rule.probability) return undefined;
    this.firedCount.set(fault, fired + 1);
    this.log.push({ draw: this.draws, fault, subject });
    return rule;
  }

  describe(): { seed: number; config: FaultConfig; draws: number; fired: FiredFault[] } {
    return { seed: this.seed, config: this.config, draws: this.draws, fired: [...this.log] };
  }
}
