/**
 * Suspended years (D15, pilot §三(四)): "After the year starts: no refund, the enrollment is suspended". A refund
 * asked for after the benefit year started ends the enrollment with a `suspended:<reason>` mark (refunds.ts); the
 * money stays paid, so the year is neither enrolled nor payable: 我的参保, 待遇状态, 缴费 and the counter say so.
 */
import type { App } from '../app';
import { todayIn } from '../clock';
import { AppError } from '../errors';
import type { EndedEnrollmentRow, PersonRow } from '../store/port';

export const SUSPENDED_PREFIX = 'suspended:';

export async function suspendedYears(app: App, personIds: string[]): Promise<EndedEnrollmentRow[]> {
  return (await app.store.listEndedEnrollments(personIds)).filter((e) => e.endedReason.startsWith(SUSPENDED_PREFIX));
}

/** The Hefei calendar day a suspension took effect. */
export function suspendedFrom(e: Pick<EndedEnrollmentRow, 'endedAt'>): string {
  return todayIn({ nowMs: () => Date.parse(e.endedAt) });
}

export function suspendedNote(e: Pick<EndedEnrollmentRow, 'endedAt'>): string {
  return `已于 ${suspendedFrom(e)} 暂停参保（退出居民医保，已缴费用不退）。如需恢复，请到经办窗口办理。`;
}

/** Paying a suspended year again would take money for a year already paid; the counter restores it instead. */
export async function refuseSuspendedYear(app: App, person: Pick<PersonRow, 'personId' | 'name'>, benefitYear: number): Promise<void> {
  const suspended = (await suspendedYears(app, [person.personId])).find((e) => e.benefitYear === benefitYear);
  if (suspended) throw new AppError('ALREADY_PAID', `${person.name} ${benefitYear} 年度${suspendedNote(suspended)}`);
}
