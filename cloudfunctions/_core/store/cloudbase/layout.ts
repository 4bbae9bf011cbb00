/**
 * How the port's rows are laid out in CloudBase's document database.
 *
 * CloudBase has no secondary unique indexes we can rely on from code, and its transactions accept only
 * single-document operations (doc get/set/remove and add; no `where`). So every unique key of the port is
 * a document `_id`, and every list a service may read inside a transaction is an index document holding the
 * ids in order. Writing the row, its key documents and its index document in one transaction makes two
 * concurrent writers touch the same document, which CloudBase resolves by failing one of them.
 */
export const COLLECTIONS = {
  /** `_id` = openid. */
  accounts: 'accounts',
  /** `_id` = personId, `{ openid }`: at most one account per person (constraint account_person). */
  accountPersons: 'account_persons',
  /** `_id` = personId. */
  persons: 'persons',
  /** `_id` = idHash, `{ personId }`: one person per ID number (constraint person_id_hash). */
  personIdHashes: 'person_id_hashes',
  /** `_id` = idHash. */
  registry: 'registry',
  /** `_id` = linkId. */
  links: 'person_links',
  /** `_id` = `${owner}:${relative}`, `{ linkId }` (constraint link_owner_relative). */
  linkPairs: 'link_pairs',
  /** `_id` = owner personId, `{ linkIds }` in creation order: listLinks without a query. */
  linkOwners: 'link_owners',
  /** `_id` = `${personId}:${benefitYear}` (constraint enrollment_person_year). */
  enrollments: 'enrollments',
  /** `_id` = personId, `{ years }`: listEnrollments without a query, and the document concurrent enrolments collide on. */
  enrollmentYears: 'enrollment_years',
  /** `_id` = an order key (see audit.ts); listed by a query on subjectPersonId, ordered by `orderKey`. */
  audit: 'audit_log',
  /**
   * `_id` = `${kind}:${ref}` (one transfer per business operation), legs embedded: a transfer is written
   * once and never changed, so its postings need no documents of their own.
   */
  ledgerTransfers: 'ledger_transfers',
  /**
   * `_id` = ledger account id: the running balance of each account that has a floor (a person's own
   * money), updated in the transfer's transaction so the floor check and the write cannot interleave.
   * Accounts without a floor (channel clearing, funds, city finance) have no balance document: every
   * payment would otherwise contend on, say, the WeChat Pay clearing account; their balance is summed
   * from postings when asked.
   */
  ledgerBalances: 'ledger_balances',
  /** `_id` = meta key, `{ value }`; also holds the schema version. */
  meta: 'meta',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

export const ALL_COLLECTIONS: CollectionName[] = Object.values(COLLECTIONS);

/**
 * The layout version this code writes. Raise it with a note here when the layout changes; `schemaVersion()`
 * records it in the meta collection so an older deployment can see it is behind.
 * 1: the layout above.
 */
export const LAYOUT_VERSION = 1;

/** The meta document holding the layout version; a name services' meta keys will not use. */
export const SCHEMA_VERSION_KEY = '__schema_version';

export const linkPairId = (owner: string, relative: string) => `${owner}:${relative}`;
export const enrollmentId = (personId: string, benefitYear: number) => `${personId}:${benefitYear}`;
export const transferKey = (kind: string, ref: string) => `${kind}:${ref}`;
