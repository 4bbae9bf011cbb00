import type { z } from 'zod';
import type { RefundsInput, RestoreOutput } from '../../../shared/api/contract';
import { maskIdNumbersIn } from '../../../shared/identity/idNumber';
import type { App } from '../app';
import { personAtCounter } from '../identity/counterPerson';
import type { StoreOps } from '../store/port';
import { noticeIn } from '../agreements/notices';
import type { Caller } from '../caller';
import { isoInstant } from '../clock';
import { AppError } from '../errors';
import { log } from '../log';
import { suspendedFrom, suspendedYears } from './suspensions';

type RestoreInput = Extract<z.infer<typeof RefundsInput>, { action: 'restore' }>;

/**
 * Who asked for the year's latest suspension (the refund request refunds.ts audits names them), while they may still
 * see this person: a relative who has since removed the link (or been removed) is told nothing of them.
 */
async function suspensionAskedBy(tx: StoreOps, personId: string, benefitYear: number): Promise<string | undefined> {
  const asker = (await tx.listAudit(personId)).filter((a) => a.action === 'enrollment.suspended' && a.detail.benefitYear === benefitYear).pop()?.actor;
  const account = asker ? await tx.getAccount(asker) : null;
  if (!account?.personId) return undefined;
  const linked = account.personId === personId || (await tx.listLinks(account.personId)).some((l) => l.relativePersonId === personId);
  return linked ? account.openid : undefined;
}

/**
 * 恢复参保 at the 经办窗口: a year suspended because its person left resident insurance after it started (D15: no
 * refund, the enrollment suspended) is taken up again, e.g. when they come back from employee insurance within the
 * year. What every suspension notice promises ("如需恢复，请到经办窗口办理"). The money never left, so nothing moves
 * but the enrollment: it is re-opened as it was (same source, same enrollment date) from today, the days it was
 * suspended staying suspended (a stay settled from then is not covered after the fact), the audit trail names the
 * staff member and the reason, and the person is told. The current year only (an ended year restored would cover
 * nothing); staff only; once (a second restore finds the year enrolled).
 */
export async function restoreSuspendedYear(app: App, caller: Caller, input: RestoreInput): Promise<RestoreOutput['restored']> {
  const { person, today } = await personAtCounter(app, caller, input.idNumber, '系统中没有该人员，请核对身份证号');
  if (input.benefitYear !== Number(today.slice(0, 4))) throw new AppError('CONFLICT', `只能恢复本年度（${today.slice(0, 4)} 年度）的暂停参保`);
  const suspended = (await suspendedYears(app, [person.personId])).find((e) => e.benefitYear === input.benefitYear);
  if (!suspended) {
    const enrolled = (await app.store.listEnrollments([person.personId])).some((e) => e.benefitYear === input.benefitYear);
    throw new AppError('CONFLICT', enrolled
      ? `${person.name} ${input.benefitYear} 年度正常参保，无需恢复`
      : `${person.name} ${input.benefitYear} 年度没有暂停参保记录，无法恢复；未缴费的请办理缴费`);
  }
  const at = isoInstant(app.clock);
  // Free text kept in the audit trail: an ID number typed into it is masked like any other.
  const reason = maskIdNumbersIn(input.reason.trim());
  const outcome = await app.store.transaction(async (tx) => {
    // Restored (or paid again) since it was read: nothing to do, and saying so is the answer.
    if (!(await tx.restoreEnrollment(person.personId, suspended.benefitYear, { from: suspendedFrom(suspended), restoredOn: today }))) return null;
    await tx.appendAudit({
      at, actor: caller.openid, action: 'enrollment.restored', subjectPersonId: person.personId,
      detail: { benefitYear: suspended.benefitYear, reason, suspendedAt: suspended.endedAt, suspendedReason: suspended.endedReason },
    });
    // The person's own account, and whoever asked for the suspension (a relative may have, for them).
    const told = new Set([(await tx.findAccountByPerson(person.personId))?.openid, await suspensionAskedBy(tx, person.personId, suspended.benefitYear)]);
    told.delete(undefined);
    for (const openid of told) {
      await noticeIn(tx, app, {
        personId: person.personId, openid: openid!, kind: 'enrollment.restored', ref: `${person.personId}:${suspended.benefitYear}:${at}:${openid}`, title: '已恢复参保',
        body: `${person.name} ${suspended.benefitYear} 年度居民医保已由医保经办机构于 ${today} 恢复参保，暂停期间不享受待遇；自当日起可享受待遇，等待期未满、银行代缴保费未还的，以“待遇状态”所示为准。`,
      });
    }
    return { notified: told.size > 0 };
  });
  if (!outcome) throw new AppError('CONFLICT', `${person.name} ${input.benefitYear} 年度已恢复参保，请勿重复办理`);
  log('info', 'enrollment.restored', { personId: person.personId, benefitYear: suspended.benefitYear });
  return {
    personName: person.name, idMasked: person.idMasked, benefitYear: suspended.benefitYear, suspendedFrom: suspendedFrom(suspended), restoredOn: today, notified: outcome.notified,
  };
}
