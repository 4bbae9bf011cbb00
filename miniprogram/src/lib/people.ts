import { RELATION_LABELS, type PersonView, type Relation } from '@shared/api/contract';
import type { ApiError } from '@shared/api/errors';
import { api } from '../api/client';

export interface Person {
  personId: string;
  name: string;
  relation: Relation | 'self';
  relationLabel: string;
  /** Money moves, and agreements are signed, only for the user and relatives the registry confirmed. */
  verified: boolean;
  person: PersonView;
}

/**
 * The user and their relatives, the user first: whom the service pages offer to act for. Unverified relatives
 * are listed with verified false, so a page may show why they are not offered.
 */
export async function loadPeople(): Promise<{ ok: true; people: Person[] } | { ok: false; error: ApiError }> {
  const me = await api.me();
  if (!me.ok) return me;
  if (!me.data.bound || !me.data.person) return { ok: false, error: { code: 'NOT_BOUND', message: '请先在“我的参保”完成实名认证' } };
  const relatives = await api.listRelatives();
  if (!relatives.ok) return relatives;
  const self = me.data.person;
  return {
    ok: true,
    people: [
      { personId: self.personId, name: self.name, relation: 'self', relationLabel: RELATION_LABELS.self, verified: true, person: self },
      ...relatives.data.relatives.map((r) => ({
        personId: r.person.personId, name: r.person.name, relation: r.relation, relationLabel: RELATION_LABELS[r.relation], verified: r.verified, person: r.person,
      })),
    ],
  };
}
