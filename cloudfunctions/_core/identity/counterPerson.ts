import { ID_PROBLEM_MESSAGES, parseIdNumber } from '../../../shared/identity/idNumber';
import type { App } from '../app';
import type { Caller } from '../caller';
import { todayIn } from '../clock';
import { AppError } from '../errors';
import type { PersonRow } from '../store/port';
import { requireRole } from './access';
import { idHash } from './pii';

/**
 * The person a clerk at the 经办窗口 names by ID number (as the counter's paper forms do), for a staff action; with the
 * functions' day, which the action usually needs too. Not known here: NOT_FOUND in `notFound`'s words.
 */
export async function personAtCounter(app: App, caller: Caller, idNumber: string, notFound: string): Promise<{ person: PersonRow; today: string }> {
  await requireRole(app, caller, ['staff'], '该功能仅限医保经办人员在经办窗口使用');
  const today = todayIn(app.clock);
  const id = parseIdNumber(idNumber, today);
  if (!id.ok) throw new AppError('INVALID_INPUT', ID_PROBLEM_MESSAGES[id.problem]);
  const person = await app.store.findPersonByIdHash(idHash(app.pii, id.id.canonical));
  if (!person) throw new AppError('NOT_FOUND', notFound);
  return { person, today };
}
