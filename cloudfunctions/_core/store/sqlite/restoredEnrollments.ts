import type { Migration } from './migrations';

/**
 * A suspended year restored at the counter (coverage/restore.ts) keeps the gaps it was suspended for (a JSON array,
 * oldest first; a year is rarely restored more than once): benefits on a day inside one stay suspended (a hospital settling a stay from then is told so), as they were when it was asked then.
 */
export const RESTORED_ENROLLMENT_MIGRATIONS: Migration[] = [
  {
    version: 21,
    name: 'a suspended enrollment restored at the counter keeps its gap',
    sql: `
      ALTER TABLE enrollments ADD COLUMN last_suspended_from TEXT;
      ALTER TABLE enrollments ADD COLUMN last_restored_on TEXT;
    `,
  },
  {
    version: 22,
    // A year suspended, restored, suspended and restored again kept only its last gap, so a day of the first read active.
    name: 'a restored enrollment keeps every gap it was suspended for, not only the last',
    sql: `
      ALTER TABLE enrollments ADD COLUMN lifted_suspensions TEXT;
      UPDATE enrollments SET lifted_suspensions = json_array(json_object('from', last_suspended_from, 'restoredOn', last_restored_on))
        WHERE last_restored_on IS NOT NULL;
      ALTER TABLE enrollments DROP COLUMN last_suspended_from;
      ALTER TABLE enrollments DROP COLUMN last_restored_on;
    `,
  },
];
