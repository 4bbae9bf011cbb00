import type { Relation, RelativeView } from '@shared/api/contract';
import { maskIdNumber } from '@shared/identity/idNumber';

/**
 * The relatives action answers with the whole list; the one just added is the entry with the typed
 * relation and ID number (compared masked, the only form the server ever sends back).
 */
export function findAddedRelative(
  relatives: RelativeView[],
  added: { relation: Relation; idNumber: string; name: string },
): RelativeView | undefined {
  const masked = maskIdNumber(added.idNumber);
  const matches = relatives.filter(
    (relative) => relative.relation === added.relation && relative.person.idNumberMasked === masked && relative.person.name === added.name,
  );
  return matches[matches.length - 1];
}
