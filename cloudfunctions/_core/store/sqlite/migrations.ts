/**
 * Schema migrations, applied in order inside one transaction each and recorded in `schema_migrations`.
 * A migration is never edited once released; a change is a new entry at the end.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'identity, registry, links, enrollments, audit',
    sql: `
      CREATE TABLE accounts (
        openid TEXT PRIMARY KEY,
        person_id TEXT UNIQUE,
        roles TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE persons (
        person_id TEXT PRIMARY KEY,
        id_hash TEXT NOT NULL UNIQUE,
        id_masked TEXT NOT NULL,
        id_sealed TEXT NOT NULL,
        name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('M','F')),
        created_at TEXT NOT NULL
      );
      CREATE TABLE registry (
        id_hash TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('M','F')),
        household_no TEXT NOT NULL,
        father_hash TEXT,
        mother_hash TEXT,
        spouse_hash TEXT,
        facts TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE person_links (
        link_id TEXT PRIMARY KEY,
        owner_person_id TEXT NOT NULL REFERENCES persons(person_id),
        relative_person_id TEXT NOT NULL REFERENCES persons(person_id),
        relation TEXT NOT NULL,
        verified INTEGER NOT NULL,
        verify_note TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (owner_person_id, relative_person_id)
      );
      CREATE TABLE enrollments (
        person_id TEXT NOT NULL REFERENCES persons(person_id),
        benefit_year INTEGER NOT NULL,
        source TEXT NOT NULL,
        enrolled_at TEXT NOT NULL,
        PRIMARY KEY (person_id, benefit_year)
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_person_id TEXT,
        detail TEXT NOT NULL
      );
      CREATE INDEX audit_subject ON audit_log (subject_person_id, seq);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
];
