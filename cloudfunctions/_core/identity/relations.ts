import type { Relation } from '../../../shared/api/contract';
import type { RegistryRow } from '../store/port';

/**
 * Checks a declared 近亲属 relation against the population registry's parent and spouse links.
 * D13: "spouse, parents, children, siblings, grandparents (both sides), grandchildren (both sides).
 * Nobody else can be paid for from a personal account." Every relation is derived from the two kinds of
 * links the registry holds (parent, spouse), so the check needs no separate relation table.
 */
export type RegistryLookup = (idHash: string) => Promise<RegistryRow | null>;

const parentsOf = (row: RegistryRow): string[] => [row.fatherHash, row.motherHash].filter((h): h is string => h !== null);

async function grandparentsOf(row: RegistryRow, lookup: RegistryLookup): Promise<string[]> {
  const result: string[] = [];
  for (const parentHash of parentsOf(row)) {
    const parent = await lookup(parentHash);
    if (parent) result.push(...parentsOf(parent));
  }
  return result;
}

/** Whether `relative` is `relation` to `owner` in the registry. */
export async function registryConfirms(owner: RegistryRow, relative: RegistryRow, relation: Relation, lookup: RegistryLookup): Promise<boolean> {
  switch (relation) {
    case 'spouse':
      return owner.spouseHash === relative.idHash || relative.spouseHash === owner.idHash;
    case 'parent':
      return parentsOf(owner).includes(relative.idHash);
    case 'child':
      return parentsOf(relative).includes(owner.idHash);
    case 'sibling': {
      const shared = parentsOf(owner).filter((h) => parentsOf(relative).includes(h));
      return owner.idHash !== relative.idHash && shared.length > 0;
    }
    case 'grandparent':
      return (await grandparentsOf(owner, lookup)).includes(relative.idHash);
    case 'grandchild':
      return (await grandparentsOf(relative, lookup)).includes(owner.idHash);
  }
}
