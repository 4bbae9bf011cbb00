/**
 * Recognises CloudBase's failures. The SDK turns an answer carrying `code` into a TcbError with that code,
 * message and requestId (node-sdk utils.processReturn). The codes below are CloudBase's documented
 * database codes; a duplicate `_id` has no code of its own: it arrives as DATABASE_REQUEST_FAILED with
 * MongoDB's E11000 text in the message, so that text is what we match.
 */
interface SdkErrorShape {
  code?: unknown;
  message?: unknown;
}

const text = (error: unknown) => {
  const e = (error ?? {}) as SdkErrorShape;
  return { code: typeof e.code === 'string' ? e.code : '', message: typeof e.message === 'string' ? e.message : '' };
};

export function isDuplicateKey(error: unknown): boolean {
  const { message } = text(error);
  return /E11000|duplicate key/i.test(message);
}

/** Another transaction holds or changed a document this one writes: the whole transaction may be retried. */
export function isTransactionConflict(error: unknown): boolean {
  const { code, message } = text(error);
  return code === 'DATABASE_TRANSACTION_CONFLICT' || /TransactionConflict/.test(message);
}

export function isCollectionMissing(error: unknown): boolean {
  const { code, message } = text(error);
  return code === 'DATABASE_COLLECTION_NOT_EXIST' || /ResourceNotFound|collection not exist/i.test(message);
}

export function isCollectionAlreadyThere(error: unknown): boolean {
  const { code, message } = text(error);
  return code === 'DATABASE_COLLECTION_ALREADY_EXIST' || /ResourceExist|already exist/i.test(message);
}

/**
 * Raised inside a transaction when a create hits a document our own earlier read did not see: the snapshot
 * is stale, so the transaction runner retries the whole work instead of reporting a unique violation the
 * retried work may well avoid (it will see the document and decide for itself).
 */
export class StaleSnapshot extends Error {
  readonly code = 'DATABASE_TRANSACTION_CONFLICT';
  constructor(collection: string) {
    super(`stale transaction snapshot: a document in ${collection} appeared after this transaction began`);
    this.name = 'StaleSnapshot';
  }
}
