import { RELATION_LABELS, type CoverageOutput, type CoverageYear } from '@shared/api/contract';
import type { PayOptionsOutput, PrepayYear } from '@shared/api/paymentOutputs';

/** A later year that can be prepaid (D12), with the server's price for it. */
export type PricedPrepayYear = PrepayYear & { dueFen: number };

export interface PersonChoices {
  personId: string;
  name: string;
  relationLabel: string;
  /** The user, or a relative the registry confirmed: only they can be paid for (D13). */
  payable: boolean;
  /** Years the server quoted as DUE, each with its quote, to show before paying. */
  dueYears: CoverageYear[];
  /** DUE years an unfinished payment holds: shown as 缴费办理中, not offered. */
  heldYears: number[];
  enrolledYears: number[];
  /**
   * Later years that may be prepaid (D12), each priced by the server's rules engine exactly as the order will
   * charge it (locked at today's standard). Years the server cannot price today are not offered.
   */
  prepayYears: PricedPrepayYear[];
}

export function choiceKey(personId: string, benefitYear: number): string {
  return `${personId}:${benefitYear}`;
}

/** Every person on 我的参保, with what can be paid for them now (coverage) and later (the server's prepay prices). */
export function personChoices(coverage: CoverageOutput, options: Pick<PayOptionsOutput, 'people'>): PersonChoices[] {
  return coverage.people.map((entry) => {
    const quotedYears = new Set(entry.years.map((year) => year.benefitYear));
    const offered = options.people.find((person) => person.personId === entry.person.personId)?.prepayYears ?? [];
    return {
      personId: entry.person.personId,
      name: entry.person.name,
      relationLabel: RELATION_LABELS[entry.relation],
      payable: entry.relation === 'self' || entry.verified,
      // A year an unfinished payment holds is not offered again (pay would refuse it); 我的参保 says 缴费办理中.
      dueYears: entry.years.filter((year) => year.state === 'DUE' && year.dueFen !== null && year.paymentInProgress === undefined),
      heldYears: entry.years.filter((year) => year.paymentInProgress !== undefined).map((year) => year.benefitYear),
      enrolledYears: entry.years.filter((year) => year.state === 'ENROLLED').map((year) => year.benefitYear),
      prepayYears: offered.filter((year): year is PricedPrepayYear => year.dueFen !== null && !quotedYears.has(year.benefitYear)),
    };
  });
}

export interface SelectionSummary {
  items: Array<{ personId: string; benefitYear: number }>;
  /** Sum of the server's prices for every chosen year, due now or prepaid: what the order will charge. */
  totalFen: number;
  /** Chosen prepaid years, named in the total's note. */
  prepayCount: number;
}

/** What the chosen boxes add up to, in the order the people appear (the personal account pays the first first). */
export function summarize(people: PersonChoices[], selected: ReadonlySet<string>): SelectionSummary {
  const summary: SelectionSummary = { items: [], totalFen: 0, prepayCount: 0 };
  for (const person of people) {
    if (!person.payable) continue;
    for (const year of person.dueYears) {
      if (!selected.has(choiceKey(person.personId, year.benefitYear))) continue;
      summary.items.push({ personId: person.personId, benefitYear: year.benefitYear });
      summary.totalFen += year.dueFen ?? 0;
    }
    for (const year of person.prepayYears) {
      if (!selected.has(choiceKey(person.personId, year.benefitYear))) continue;
      summary.items.push({ personId: person.personId, benefitYear: year.benefitYear });
      summary.totalFen += year.dueFen;
      summary.prepayCount += 1;
    }
  }
  return summary;
}

/** The contract's limit on one order (PayInput in shared/api/contract.ts: items 1..10). */
export const MAX_ITEMS_PER_ORDER = 10;
