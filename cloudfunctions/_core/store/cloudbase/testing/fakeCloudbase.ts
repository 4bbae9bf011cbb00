import type { WireHandler } from './httpHarness';
import { decodeEjson, requestShape, type Json } from './wire';

/**
 * An in-memory stand-in for CloudBase's document database behind the `/admin` HTTP API, for tests only.
 * It implements the actions the adapter sends, with CloudBase's documented behaviour where the adapter
 * relies on it:
 * - envelopes: a result object, or HTTP 200 with `{ code, message, requestId }` for a failure;
 * - a duplicate `_id` fails as DATABASE_REQUEST_FAILED with MongoDB's E11000 text;
 * - a collection must exist (DATABASE_COLLECTION_NOT_EXIST otherwise) and is created by addCollection;
 * - transactions read a snapshot taken at start plus their own writes, lock what they write, and fail with
 *   DATABASE_TRANSACTION_CONFLICT when writing a document another open transaction locked or another
 *   writer changed after the snapshot; queries (`WHERE`) are refused inside a transaction.
 * Queries support equality and $ne/$in/$lt/$lte/$gt/$gte filters, orderings on several fields, offset and
 * limit, and removal by query; aggregation supports $match, $unwind, $group with $sum, $sort, $skip and
 * $limit. Anything else is refused loudly rather than faked.
 */
type Doc = { [key: string]: Json };
interface Version {
  seq: number;
  doc: Doc | null;
}
interface Transaction {
  id: string;
  startSeq: number;
  writes: Map<string, { collection: string; id: string; doc: Doc | null }>;
}

export interface FakeCloudbase {
  handle: WireHandler;
  /** Writes a committed document directly (test set-up). */
  seed(collection: string, id: string, doc: Doc): void;
  /** The committed document, or null. */
  peek(collection: string, id: string): Doc | null;
  /** Answers the next request whose shape `matches` with `response` instead of handling it. */
  inject(matches: (shape: { [key: string]: Json }) => boolean, response: Record<string, unknown>): void;
  openTransactions(): number;
}

const CONFLICT = {
  code: 'DATABASE_TRANSACTION_CONFLICT',
  message:
    '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.',
};
const NO_TRANSACTION = {
  code: 'DATABASE_TRANSACTION_FAIL',
  message:
    '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.',
};

class Refusal extends Error {
  constructor(readonly envelope: { code: string; message: string }) {
    super(envelope.message);
  }
}

export function duplicateKeyEnvelope(envId: string, collection: string, id: string) {
  return {
    code: 'DATABASE_REQUEST_FAILED',
    message: `[FailedOperation] multiple write errors: [{write errors: [{E11000 duplicate key error collection: ${envId}.${collection} index: _id_ dup key: { _id: "${id}" }}]}, {<nil>}]`,
  };
}

export function fakeCloudbase(options: { envId: string; collections?: string[] }): FakeCloudbase {
  const collections = new Map<string, Map<string, Version[]>>();
  for (const name of options.collections ?? []) collections.set(name, new Map());
  const transactions = new Map<string, Transaction>();
  const locks = new Map<string, string>();
  const injections: Array<{ matches: (shape: { [key: string]: Json }) => boolean; response: Record<string, unknown> }> = [];
  let commitSeq = 0;
  let counter = 0;
  let transactionCount = 0;

  const key = (collection: string, id: string) => `${collection}\u0000${id}`;
  const table = (name: unknown) => {
    const t = typeof name === 'string' ? collections.get(name) : undefined;
    if (!t)
      throw new Refusal({
        code: 'DATABASE_COLLECTION_NOT_EXIST',
        message: '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem persists, contact us.',
      });
    return t;
  };
  const versionAt = (versions: Version[] | undefined, seq: number) => {
    if (!versions) return null;
    for (let i = versions.length - 1; i >= 0; i -= 1) if (versions[i].seq <= seq) return versions[i].doc;
    return null;
  };
  const latest = (versions: Version[] | undefined) => (versions && versions.length ? versions[versions.length - 1] : null);
  const commitWrite = (collection: string, id: string, doc: Doc | null) => {
    const t = table(collection);
    const versions = t.get(id) ?? [];
    versions.push({ seq: commitSeq, doc });
    t.set(id, versions);
  };
  const transactionOf = (shape: { [key: string]: Json }) => {
    if (shape.transactionId === undefined) return null;
    const tx = transactions.get(String(shape.transactionId));
    if (!tx) throw new Refusal(NO_TRANSACTION);
    return tx;
  };
  const docIdOf = (shape: { [key: string]: Json }) => {
    const query = decodeEjson(shape.query ?? null) as Doc | null;
    if (shape.queryType !== 'DOC' || !query || typeof query._id !== 'string') throw new Error(`only single-document requests are supported here: ${JSON.stringify(shape)}`);
    return query._id;
  };
  /** What `tx` (or, without one, the latest commit) sees of a document. */
  const visible = (tx: Transaction | null, collection: string, id: string) => {
    const versions = table(collection).get(id);
    if (!tx) return latest(versions)?.doc ?? null;
    const own = tx.writes.get(key(collection, id));
    return own ? own.doc : versionAt(versions, tx.startSeq);
  };
  /** A transactional write: lock the document, or fail as CloudBase does on a conflict. */
  const stage = (tx: Transaction, collection: string, id: string, doc: Doc | null) => {
    const k = key(collection, id);
    const holder = locks.get(k);
    if (holder && holder !== tx.id) throw new Refusal(CONFLICT);
    const last = latest(table(collection).get(id));
    if (last && last.seq > tx.startSeq) throw new Refusal(CONFLICT);
    locks.set(k, tx.id);
    tx.writes.set(k, { collection, id, doc });
  };
  const write = (tx: Transaction | null, collection: string, id: string, doc: Doc | null) => {
    if (tx) stage(tx, collection, id, doc);
    else {
      commitSeq += 1;
      commitWrite(collection, id, doc);
    }
  };
  const release = (tx: Transaction) => {
    for (const [k, holder] of locks) if (holder === tx.id) locks.delete(k);
    transactions.delete(tx.id);
  };
  const compare = (a: Json, b: Json) => (a === b ? 0 : a === undefined || a === null ? -1 : b === undefined || b === null ? 1 : a < b ? -1 : 1);
  const pathOf = (doc: Doc, path: string): Json =>
    path.split('.').reduce<Json>((v, part) => (v && typeof v === 'object' && !Array.isArray(v) ? (v[part] ?? null) : null), doc);
  /** MongoDB's comparison operators; a missing field (null) never matches a range. */
  const OPERATORS: Record<string, (value: Json, operand: Json) => boolean> = {
    $ne: (v, o) => v !== o,
    $in: (v, o) => Array.isArray(o) && o.includes(v),
    $lt: (v, o) => v !== null && o !== null && v < o,
    $lte: (v, o) => v !== null && o !== null && v <= o,
    $gt: (v, o) => v !== null && o !== null && v > o,
    $gte: (v, o) => v !== null && o !== null && v >= o,
  };
  /**
   * Equality, or the operators above (several on one field are all required), on dotted paths; an array value
   * matches when one element matches (MongoDB's rule; $ne requires that none equals).
   */
  const matchesFilter = (doc: Doc, filter: Doc) =>
    Object.entries(filter).every(([field, wanted]) => {
      const [head, ...rest] = field.split('.');
      const values: Json[] = Array.isArray(doc[head]) && rest.length ? (doc[head] as Json[]).map((item) => pathOf({ item } as Doc, ['item', ...rest].join('.'))) : [pathOf(doc, field)];
      if (wanted !== null && typeof wanted === 'object' && !Array.isArray(wanted)) {
        return Object.entries(wanted).every(([op, operand]) => {
          const test = OPERATORS[op];
          if (!test) throw new Error(`filter operator ${op} is not supported here: ${field}`);
          return op === '$ne' ? values.every((v) => test(v, operand)) : values.some((v) => test(v, operand));
        });
      }
      return values.some((v) => v === wanted);
    });
  /** Sorts by every field of a MongoDB sort spec, in its order. */
  const sortBy = (docs: Doc[], spec: Doc) => {
    const keys = Object.entries(spec);
    return [...docs].sort((a, b) => {
      for (const [field, direction] of keys) {
        const c = compare(pathOf(a, field), pathOf(b, field)) * (direction === -1 ? -1 : 1);
        if (c !== 0) return c;
      }
      return 0;
    });
  };
  const committedDocs = (collection: string) =>
    [...table(collection).entries()].flatMap(([id, versions]) => {
      const doc = latest(versions)?.doc;
      return doc ? [{ _id: id, ...doc } as Doc] : [];
    });

  const actions: Record<string, (shape: { [key: string]: Json }) => Record<string, unknown>> = {
    'database.addCollection': (shape) => {
      const name = String(shape.collectionName);
      if (collections.has(name))
        throw new Refusal({ code: 'DATABASE_COLLECTION_ALREADY_EXIST', message: '[ResourceUnavailable.ResourceExist] Table exist.' });
      collections.set(name, new Map());
      return {};
    },
    'database.startTransaction': () => {
      transactionCount += 1;
      const id = `fake-tx-${transactionCount}`;
      transactions.set(id, { id, startSeq: commitSeq, writes: new Map() });
      return { transactionId: id };
    },
    'database.commitTransaction': (shape) => {
      const tx = transactionOf(shape);
      if (!tx) throw new Error('commit without transactionId');
      commitSeq += 1;
      for (const w of tx.writes.values()) commitWrite(w.collection, w.id, w.doc);
      release(tx);
      return {};
    },
    'database.abortTransaction': (shape) => {
      const tx = transactionOf(shape);
      if (tx) release(tx);
      return {};
    },
    'database.getDocument': (shape) => {
      const tx = transactionOf(shape);
      const collection = String(shape.collectionName);
      table(collection);
      if (shape.queryType === 'DOC') {
        const id = docIdOf(shape);
        const doc = visible(tx, collection, id);
        return { data: { list: doc ? [JSON.stringify({ _id: id, ...doc })] : [] } };
      }
      if (tx) throw new Refusal({ code: 'DATABASE_TRANSACTION_FAIL', message: 'queries are not supported in a transaction' });
      const filter = (decodeEjson(shape.query ?? {}) ?? {}) as Doc;
      const docs = sortBy(
        committedDocs(collection).filter((d) => matchesFilter(d, filter)),
        decodeEjson(shape.order ?? {}) as Doc,
      );
      const offset = typeof shape.offset === 'number' ? shape.offset : 0;
      const limit = typeof shape.limit === 'number' ? shape.limit : 100;
      return { data: { list: docs.slice(offset, offset + limit).map((d) => JSON.stringify(d)) } };
    },
    'database.insertDocument': (shape) => {
      const tx = transactionOf(shape);
      const collection = String(shape.collectionName);
      const insertedIds: string[] = [];
      for (const item of (shape.data as Json[]) ?? []) {
        const { _id, ...doc } = decodeEjson(item) as Doc;
        const id = typeof _id === 'string' ? _id : `auto-${(counter += 1)}`;
        if (visible(tx, collection, id)) throw new Refusal(duplicateKeyEnvelope(options.envId, collection, id));
        write(tx, collection, id, doc);
        insertedIds.push(id);
      }
      return { data: { insertedIds } };
    },
    'database.modifyDocument': (shape) => {
      const tx = transactionOf(shape);
      const collection = String(shape.collectionName);
      if (shape.merge !== false || shape.upsert !== true || shape.multi !== false) throw new Error('only doc().set() is supported here');
      const id = docIdOf(shape);
      const existed = visible(tx, collection, id) !== null;
      write(tx, collection, id, decodeEjson(shape.data ?? {}) as Doc);
      return { data: existed ? { updated: 1 } : { updated: 0, upsert_id: id } };
    },
    'database.removeDocument': (shape) => {
      const tx = transactionOf(shape);
      const collection = String(shape.collectionName);
      if (shape.queryType === 'WHERE') {
        if (tx) throw new Refusal({ code: 'DATABASE_TRANSACTION_FAIL', message: 'queries are not supported in a transaction' });
        const filter = (decodeEjson(shape.query ?? {}) ?? {}) as Doc;
        const doomed = committedDocs(collection).filter((d) => matchesFilter(d, filter));
        for (const d of doomed) write(null, collection, String(d._id), null);
        return { data: { deleted: doomed.length } };
      }
      const id = docIdOf(shape);
      const existed = visible(tx, collection, id) !== null;
      if (existed) write(tx, collection, id, null);
      return { data: { deleted: existed ? 1 : 0 } };
    },
    'database.aggregateDocuments': (shape) => {
      let rows: Doc[] = committedDocs(String(shape.collectionName));
      for (const stage of (shape.stages as Array<{ stageKey: string; stageValue: Json }>) ?? []) {
        const value = decodeEjson(stage.stageValue);
        if (stage.stageKey === '$match') rows = rows.filter((d) => matchesFilter(d, value as Doc));
        else if (stage.stageKey === '$limit') rows = rows.slice(0, Number(value));
        else if (stage.stageKey === '$skip') rows = rows.slice(Number(value));
        else if (stage.stageKey === '$sort') rows = sortBy(rows, value as Doc); else if (stage.stageKey === '$unwind') {
          const field = String(value).slice(1);
          rows = rows.flatMap((d) => (Array.isArray(d[field]) ? (d[field] as Json[]).map((item) => ({ ...d, [field]: item })) : []));
        } else if (stage.stageKey === '$group') {
          const { _id: by, ...accumulators } = value as Doc;
          const groups = new Map<string, Doc>();
          for (const d of rows) {
            const groupKey = typeof by === 'string' && by.startsWith('$') ? pathOf(d, by.slice(1)) : by;
            const g = groups.get(JSON.stringify(groupKey)) ?? { _id: groupKey ?? null };
            for (const [name, spec] of Object.entries(accumulators)) {
              const operand = (spec as Doc).$sum;
              if (operand === undefined) throw new Error('only $sum accumulators are supported here');
              const add = typeof operand === 'string' && operand.startsWith('$') ? Number(pathOf(d, operand.slice(1)) ?? 0) : Number(operand);
              g[name] = Number(g[name] ?? 0) + add;
            }
            groups.set(JSON.stringify(groupKey), g);
          }
          rows = [...groups.values()];
        } else throw new Error(`aggregation stage ${stage.stageKey} is not supported here`);
      }
      return { data: { list: rows.map((r) => JSON.stringify(r)) } };
    },
  };

  return {
    handle(body) {
      counter += 1;
      const requestId = `fake-request-${counter}`;
      const shape = requestShape(body);
      const injected = injections.findIndex((i) => i.matches(shape));
      if (injected >= 0) return { requestId, ...injections.splice(injected, 1)[0].response };
      const action = actions[String(shape.action)];
      if (!action) return { requestId, code: 'INVALID_ACTION', message: `unsupported action ${String(shape.action)}` };
      try {
        return { requestId, ...action(shape) };
      } catch (error) {
        if (error instanceof Refusal) return { requestId, ...error.envelope };
        throw error;
      }
    },
    seed(collection, id, doc) {
      if (!collections.has(collection)) collections.set(collection, new Map());
      commitSeq += 1;
      commitWrite(collection, id, doc);
    },
    peek: (collection, id) => latest(collections.get(collection)?.get(id))?.doc ?? null,
    inject(matches, response) {
      injections.push({ matches, response });
    },
    openTransactions: () => transactions.size,
  };
}
