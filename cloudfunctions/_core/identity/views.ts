import type { PersonView, RelativeView } from '../../../shared/api/contract';
import type { LinkRow, PersonRow } from '../store/port';

/** The only shape in which a person leaves the server: the ID number masked, no hash, no ciphertext. */
export function personView(p: PersonRow): PersonView {
  return { personId: p.personId, name: p.name, idNumberMasked: p.idMasked, birthDate: p.birthDate, sex: p.sex };
}

export function relativeView(link: LinkRow, relative: PersonRow): RelativeView {
  return {
    linkId: link.linkId,
    relation: link.relation,
    verified: link.verified,
    ...(link.verifyNote ? { verifyNote: link.verifyNote } : {}),
    person: personView(relative),
  };
}
