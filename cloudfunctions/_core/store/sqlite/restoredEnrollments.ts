import type { Migration } from './migrations';

/**
 * A suspended year restored at the counter (coverage/restore.ts) keeps the gap it was suspended for: benefits on a day
 * inside it stay suspended (a hospital settling a stay from then is told so), as they were when it was asked then.
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
];
