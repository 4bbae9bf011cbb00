import type { PersonRow, RegistryRow } from '../port';

type Row = Record<string, unknown>;

/** Row mappers shared by the single-row and the page operations. */
export const toPerson = (r: Row): PersonRow => ({
  personId: r.person_id as string,
  idHash: r.id_hash as string,
  idMasked: r.id_masked as string,
  idSealed: r.id_sealed as string,
  name: r.name as string,
  birthDate: r.birth_date as string,
  sex: r.sex as 'M' | 'F',
  createdAt: r.created_at as string,
});
export const toRegistry = (r: Row): RegistryRow => ({
  idHash: r.id_hash as string,
  name: r.name as string,
  birthDate: r.birth_date as string,
  sex: r.sex as 'M' | 'F',
  householdNo: r.household_no as string,
  fatherHash: (r.father_hash as string | null) ?? null,
  motherHash: (r.mother_hash as string | null) ?? null,
  spouseHash: (r.spouse_hash as string | null) ?? null,
  facts: JSON.parse(r.facts as string),
  importedAt: r.imported_at as string,
});
