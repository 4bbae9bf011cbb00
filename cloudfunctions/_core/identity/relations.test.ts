import type { RegistryRow } from '../store/port';
import { registryConfirms } from './relations';

function row(idHash: string, links: Partial<RegistryRow> = {}): RegistryRow {
  return {
    idHash, name: idHash, birthDate: '1990-01-01', sex: 'M', householdNo: 'H', fatherHash: null, motherHash: null,
    spouseHash: null, facts: {}, importedAt: '2026-01-01T00:00:00Z', ...links,
  };
}

// A three-generation family: grandma → mum (married to dad) → two children.
const people = new Map<string, RegistryRow>(
  [
    row('grandma'),
    row('mum', { motherHash: 'grandma', spouseHash: 'dad' }),
    row('dad'),
    row('kid', { motherHash: 'mum', fatherHash: 'dad' }),
    row('sister', { motherHash: 'mum' }),
    row('stranger'),
  ].map((r) => [r.idHash, r]),
);
const lookup = async (h: string) => people.get(h) ?? null;
const confirms = (owner: string, relative: string, relation: Parameters<typeof registryConfirms>[2]) =>
  registryConfirms(people.get(owner)!, people.get(relative)!, relation, lookup);

describe('近亲属 relations confirmed by the registry', () => {
  it.each([
    ['a spouse, from either side of the marriage link', 'dad', 'mum', 'spouse', true],
    ['a mother', 'kid', 'mum', 'parent', true],
    ['a child', 'dad', 'kid', 'child', true],
    ['a half-sibling sharing one parent', 'kid', 'sister', 'sibling', true],
    ['a maternal grandmother', 'kid', 'grandma', 'grandparent', true],
    ['a grandchild', 'grandma', 'sister', 'grandchild', true],
    ['a stranger declared as a sibling', 'kid', 'stranger', 'sibling', false],
    ['a parent declared as a spouse', 'kid', 'mum', 'spouse', false],
    ['oneself as a sibling', 'kid', 'kid', 'sibling', false],
    ['a son-in-law declared as a child (not 近亲属)', 'grandma', 'dad', 'child', false],
  ] as const)('%s', async (_name, owner, relative, relation, expected) => {
    expect(await confirms(owner, relative, relation)).toBe(expected);
  });
});
