import { UniqueViolation } from '../../errors';

/** Runs an insert and reports a broken unique key in the port's terms: UniqueViolation with the key's name. */
export function unique<T>(constraint: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new UniqueViolation(constraint);
    throw error;
  }
}
