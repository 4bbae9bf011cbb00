import { RELATION_LABELS, type CoverageOutput, type CoverageYear } from '@shared/api/contract';
import { params } from '@shared/policy/params';
import { datedValue } from '@shared/policy/params/lookup';

export interface PersonChoices {
  personId: string;
  name: string;
  relationLabel: string;
  /** The user, or a relative the registry confirmed: only they can be paid for (D13). */
  payable: boolean;
  /** Years the server quoted as DUE, each with its quote, to show before paying. */
  dueYears: CoverageYear[];
  enrolledYears: number[];
  /** Later years that may be prepaid (D12); the server prices them when the order is made. */
  prepayYears: number[];
  /**
   * The quote being collected now, shown as the estimate for prepaid years: D12 locks their price at the
   * current standard. Null when nothing is due now (the server's price is then the first the user sees).
   */
  estimate: CoverageYear | null;
}

/**
 * The benefit years that count as prepayment on `today` (D12, pilot §三（一）: "预缴预存家庭成员和近亲属2-5个年度"):
 * from minYears to maxYears after today's year, as the prepayment table says. Only a suggestion of what to
 * ask for: the server's quote decides whether each year can be paid.
 */
export function prepayYearsOn(today: string): number[] {
  const rule = datedValue(params.prepay.values, today);
  if (!rule) return [];
  const thisYear = Number(today.slice(0, 4));
  const years: number[] = [];
  for (let ahead = rule.minYears; ahead <= rule.maxYears; ahead += 1) years.push(thisYear + ahead);
  return years;
}

export function choiceKey(personId: string, benefitYear: number): string {
  return `${personId}:${benefitYear}`;
}

/** Every person on 我的参保, with what can be paid for them now and later. */
export function personChoices(coverage: CoverageOutput): PersonChoices[] {
  const laterYears = prepayYearsOn(coverage.today);
  return coverage.people.map((entry) => {
    const dueYears = entry.years.filter((year) => year.state === 'DUE' && year.dueFen !== null);
    const quotedYears = new Set(entry.years.map((year) => year.benefitYear));
    return {
      personId: entry.person.personId,
      name: entry.person.name,
      relationLabel: RELATION_LABELS[entry.relation],
      payable: entry.relation === 'self' || entry.verified,
      dueYears,
      enrolledYears: entry.years.filter((year) => year.state === 'ENROLLED').map((year) => year.benefitYear),
      prepayYears: laterYears.filter((year) => !quotedYears.has(year)),
      estimate: dueYears[dueYears.length - 1] ?? null,
    };
  });
}

export interface SelectionSummary {
  items: Array<{ personId: string; benefitYear: number }>;
  /** Sum of the server's quotes for the chosen DUE years. */
  quotedFen: number;
  /** Sum of the estimates for chosen prepaid years that have one. */
  estimatedFen: number;
  /** Chosen prepaid years: their price is the server's to set, so the total is marked as an estimate. */
  prepayCount: number;
  /** Chosen prepaid years with no estimate at all (nothing is due now for that person). */
  unpricedCount: number;
}

/** What the chosen boxes add up to, in the order the people appear (the personal account pays the first first). */
export function summarize(people: PersonChoices[], selected: ReadonlySet<string>): SelectionSummary {
  const summary: SelectionSummary = { items: [], quotedFen: 0, estimatedFen: 0, prepayCount: 0, unpricedCount: 0 };
  for (const person of people) {
    if (!person.payable) continue;
    for (const year of person.dueYears) {
      if (!selected.has(choiceKey(person.personId, year.benefitYear))) continue;
      summary.items.push({ personId: person.personId, benefitYear: year.benefitYear });
      summary.quotedFen += year.dueFen ?? 0;
    }
    for (const benefitYear of person.prepayYears) {
      if (!selected.has(choiceKey(person.personId, benefitYear))) continue;
      summary.items.push({ personId: person.personId, benefitYear });
      summary.prepayCount += 1;
      if (person.estimate?.dueFen != null) summary.estimatedFen += person.estimate.dueFen;
      else summary.unpricedCount += 1;
    }
  }
  return summary;
}

/** The contract's limit on one order (PayInput in shared/api/contract.ts: items 1..10). */
export const MAX_ITEMS_PER_ORDER = 10;
