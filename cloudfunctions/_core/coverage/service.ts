import type { CoverageOutput, CoverageYear } from '../../../shared/api/contract';
import { quote as policyQuote } from '../../../shared/policy';
import type { App } from '../app';
import type { Caller } from '../caller';
import { todayIn } from '../clock';
import { requireBoundPerson } from '../identity/service';
import { personView } from '../identity/views';
import { openOrderHolding } from '../payments/holding';
import type { EndedEnrollmentRow, EnrollmentRow, PersonRow, RegistryRow } from '../store/port';
import { suspendedNote, suspendedYears } from './suspensions';

/**
 * Builds the rules engine's request for one person and year from what the server knows: the birth date,
 * the years they were covered, and the facts other departments imported into the registry. The client
 * never supplies any of it: the quote shown before paying is the one the server will charge.
 */
export async function quoteRequestFor(app: App, person: PersonRow, benefitYear: number, enrollments: EnrollmentRow[], paymentDate: string) {
  return quoteRequestFrom(person, await app.store.getRegistry(person.idHash), benefitYear, enrollments, paymentDate);
}

/** The same request from rows already read (the deduction batch reads a page of people at once). */
export function quoteRequestFrom(person: PersonRow, registry: RegistryRow | null, benefitYear: number, enrollments: readonly EnrollmentRow[], paymentDate: string) {
  const facts = registry?.facts ?? {};
  return {
    benefitYear,
    paymentDate,
    person: {
      birthDate: person.birthDate,
      // Only earlier years decide continuity and break years (D9); the quoted year itself is what is being bought.
      // Years come from our enrollments and from the platform's import (coverage anywhere, in any scheme).
      coveredYears: [
        ...new Set([
          ...enrollments.filter((e) => e.personId === person.personId && e.benefitYear < benefitYear).map((e) => e.benefitYear),
          ...(facts.coveredYears ?? []).filter((y) => y < benefitYear),
        ]),
      ].sort((a, b) => a - b),
      ...(facts.student !== undefined ? { student: facts.student } : {}),
      ...(facts.aidCategories?.length ? { aidCategories: facts.aidCategories } : {}),
      ...(facts.parentInEmployeeInsurance !== undefined ? { parentInEmployeeInsurance: facts.parentInEmployeeInsurance } : {}),
      ...(facts.villageSubsidy ? { villageSubsidy: facts.villageSubsidy } : {}),
    },
  };
}

function unavailable(benefitYear: number, note: string): CoverageYear {
  return {
    benefitYear, state: 'UNAVAILABLE', standardFen: null, dueFen: null, reductions: [], benefitStart: null,
    benefitEnd: null, waitingMonths: null, provisional: false, note,
  };
}

async function coverageYear(app: App, person: PersonRow, benefitYear: number, enrollments: EnrollmentRow[], suspended: EndedEnrollmentRow[], today: string): Promise<CoverageYear> {
  const stopped = suspended.find((e) => e.personId === person.personId && e.benefitYear === benefitYear);
  if (stopped) {
    return {
      benefitYear, state: 'SUSPENDED', standardFen: null, dueFen: null, reductions: [], benefitStart: null,
      benefitEnd: null, waitingMonths: null, provisional: false, note: suspendedNote(stopped),
    };
  }
  const enrolled = enrollments.find((e) => e.personId === person.personId && e.benefitYear === benefitYear);
  if (enrolled) {
    // An enrolled year is not priced again: what was paid is the payment's business, not today's quote. Its state
    // says 已参保 already; a note repeating it would print it twice.
    return {
      benefitYear, state: 'ENROLLED', standardFen: null, dueFen: null, reductions: [], benefitStart: null,
      benefitEnd: null, waitingMonths: null, provisional: false,
    };
  }
  const request = await quoteRequestFor(app, person, benefitYear, enrollments, today);
  const result = policyQuote(request, today);
  if ('error' in result) return unavailable(benefitYear, result.error.message);
  return {
    benefitYear,
    state: 'DUE',
    standardFen: result.standardFen,
    dueFen: result.dueFen,
    reductions: result.reductions.map((r) => ({ rule: r.rule, payer: r.payer, fen: r.fen, ...(r.label ? { label: r.label } : {}) })),
    benefitStart: result.benefitStart,
    benefitEnd: result.benefitEnd,
    waitingMonths: result.waitingMonths,
    provisional: result.provisional,
  };
}

/** A DUE year held by an order not finished yet (not paid, not failed): 去缴费 would only be refused. */
async function withPaymentInProgress(app: App, caller: Caller, person: PersonRow, year: CoverageYear): Promise<CoverageYear> {
  const live = await openOrderHolding(app, person.personId, year.benefitYear);
  if (!live) return year;
  return { ...year, paymentInProgress: live.payerOpenid === caller.openid ? { orderId: live.orderId } : {} };
}

/** "我的参保": this year's and next year's coverage for the caller and every confirmed relative. */
export async function coverage(app: App, caller: Caller): Promise<CoverageOutput> {
  const self = await requireBoundPerson(app, caller);
  const today = todayIn(app.clock);
  const thisYear = Number(today.slice(0, 4));
  const links = await app.store.listLinks(self.personId);
  const people: { relation: CoverageOutput['people'][number]['relation']; verified: boolean; person: PersonRow }[] = [
    { relation: 'self', verified: true, person: self },
  ];
  for (const link of links) {
    // A relative the registry has not confirmed is only a name and ID number the user typed: their coverage, and
    // the reductions that would tell their 低保 or disability status, stay private (the card says 待核验).
    if (!link.verified) continue;
    const person = await app.store.getPerson(link.relativePersonId);
    if (person) people.push({ relation: link.relation, verified: link.verified, person });
  }
  const enrollments = await app.store.listEnrollments(people.map((p) => p.person.personId));
  const suspended = await suspendedYears(app, people.map((p) => p.person.personId));
  const result: CoverageOutput = { today, people: [] };
  for (const p of people) {
    const years: CoverageYear[] = [];
    for (const year of [thisYear, thisYear + 1]) {
      const covered = await coverageYear(app, p.person, year, enrollments, suspended, today);
      years.push(covered.state === 'DUE' ? await withPaymentInProgress(app, caller, p.person, covered) : covered);
    }
    result.people.push({ relation: p.relation, verified: p.verified, person: personView(p.person), years });
  }
  return result;
}
