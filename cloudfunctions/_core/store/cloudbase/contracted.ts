import { z } from 'zod';
import { UniqueViolation } from '../../errors';
import type { Doc } from './docAccess';
import { keyed, type FeatureContext } from './keyed';
import type { CollectionName } from './layout';
import { StateEvent } from './rowSchemas';

interface ContractedRow {
  state: string;
  live: boolean;
  contractNo: string;
  createdAt: string;
  updatedAt: string;
}

const EventsDoc = z.object({ events: z.array(StateEvent) });

/**
 * A row signed under a contract number of ours, live until a final state: auto-renewal agreements and
 * savings plans. Its document embeds its state events (SQLite's *_events table: an agreement or plan changes
 * state a handful of times); the contract number is a key document naming it; while live, it holds its
 * live key document (one per person, or per person and kind). Every key any of them breaks is reported as
 * `constraint`, as the SQLite adapter names all of a table's keys after its live key.
 */
export function contractedRows<R extends ContractedRow>(
  ctx: FeatureContext,
  spec: {
    schema: z.ZodType<R>;
    collection: CollectionName;
    contracts: CollectionName;
    lives: CollectionName;
    /** The field naming the row in its key documents, and the row's id. */
    idField: string & keyof R;
    liveKey: (row: R) => string;
    final: readonly R['state'][];
    constraint: string;
  },
) {
  const { access, namespace: ns } = ctx;
  const k = keyed(ctx);
  const idOf = (row: R) => String(row[spec.idField]);
  const get = (id: string) => k.read(spec.schema, spec.collection, id);
  // Rows are plain records of the port's interfaces, which TypeScript does not see as indexable.
  const docOf = (row: R, events: z.infer<typeof StateEvent>[]): Doc => ({ ns, ...(row as unknown as Doc), events });
  return {
    get,

    async insert(row: R): Promise<void> {
      const parsed = spec.schema.parse(row);
      const id = idOf(parsed);
      if ((await access.get(spec.collection, id)) || (await access.get(spec.contracts, parsed.contractNo))) throw new UniqueViolation(spec.constraint);
      if (parsed.live) await k.claim(spec.lives, spec.liveKey(parsed), spec.idField, id, spec.constraint);
      await access.create(spec.contracts, parsed.contractNo, { ns, [spec.idField]: id });
      await access.create(spec.collection, id, docOf(parsed, [{ fromState: null, toState: parsed.state, cause: 'created', at: parsed.createdAt }]));
    },

    async byContract(contractNo: string): Promise<R | null> {
      const id = await k.holder(spec.contracts, contractNo, spec.idField);
      return id ? get(id) : null;
    },

    /** Compare-and-set from `from` to `to` with the event recorded; a final state gives up the live key. */
    async transition(id: string, t: { from: readonly R['state'][]; to: R['state']; cause: string; at: string }, changes: Partial<R> = {}): Promise<boolean> {
      const doc = await access.get(spec.collection, id);
      if (!doc) return false;
      const row = k.rows(spec.schema, spec.collection, [doc])[0];
      if (!t.from.includes(row.state)) return false;
      const live = !spec.final.includes(t.to);
      await k.follow(spec.lives, spec.liveKey(row), spec.idField, id, row.live, live, spec.constraint);
      const { events } = k.rows(EventsDoc, spec.collection, [doc])[0];
      events.push({ fromState: row.state, toState: t.to, cause: t.cause, at: t.at });
      const next = spec.schema.parse({ ...row, ...changes, state: t.to, live, updatedAt: t.at });
      await access.put(spec.collection, id, docOf(next, events));
      return true;
    },

    /** Rewrites the row (not its state or keys), keeping its events. */
    async update(row: R): Promise<void> {
      const doc = await access.get(spec.collection, idOf(row));
      const { events } = doc ? k.rows(EventsDoc, spec.collection, [doc])[0] : { events: [] };
      await access.put(spec.collection, idOf(row), docOf(spec.schema.parse(row), events));
    },
  };
}
