import type { Relation, Role } from '../../../shared/api/contract';
import type { App } from '../app';
import type { Caller } from '../caller';
import { AppError } from '../errors';
import type { PersonRow } from '../store/port';
import { requireBoundPerson } from './service';

export interface ActingFor {
  self: PersonRow;
  person: PersonRow;
  relation: Relation | 'self';
  /** False for a declared relative the registry has not confirmed: viewing is allowed, paying is not. */
  verified: boolean;
}

/**
 * The rule behind "a caller sees and pays only for people linked to them": the caller's own person, or a
 * relative the caller linked. Anyone else answers NOT_FOUND, exactly like an id that does not exist.
 */
export async function actingFor(app: App, caller: Caller, personId: string): Promise<ActingFor> {
  const self = await requireBoundPerson(app, caller);
  if (personId === self.personId) return { self, person: self, relation: 'self', verified: true };
  const link = (await app.store.listLinks(self.personId)).find((l) => l.relativePersonId === personId);
  const person = link ? await app.store.getPerson(personId) : null;
  if (!link || !person) throw new AppError('NOT_FOUND');
  return { self, person, relation: link.relation, verified: link.verified };
}

/** Whether the caller's account holds one of `roles` (granted by administrators, never self-service). */
export async function hasRole(app: App, caller: Caller, roles: readonly Role[]): Promise<boolean> {
  const account = await app.store.getAccount(caller.openid);
  return account !== null && account.roles.some((r) => roles.includes(r));
}

/** Staff functions: the caller's account must hold one of `roles`; `refusal` says who may, in the caller's words. */
export async function requireRole(app: App, caller: Caller, roles: readonly Role[], refusal = '该功能仅限经办或基金管理人员使用'): Promise<void> {
  if (!(await hasRole(app, caller, roles))) throw new AppError('FORBIDDEN', refusal);
}
