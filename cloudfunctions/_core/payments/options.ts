import type { PayOptionsOutput, PrepayYear } from '../../../shared/api/paymentOutputs';
import { params } from '../../../shared/policy';
import { datedValue } from '../../../shared/policy/params/lookup';
import type { App } from '../app';
import type { Caller } from '../caller';
import { todayIn } from '../clock';
import { requireBoundPerson } from '../identity/service';
import { accounts } from '../ledger/accounts';
import type { EnrollmentRow, PersonRow } from '../store/port';
import { openOrderHolding } from './holding';
import { heldSources } from './postings';
import { quoteForPayment } from './pricing';
import { OPEN_STATES } from './states';

/**
 * The later benefit years 缴费 offers as prepayment on `today` (D12, pilot §三（一）: "预缴预存家庭成员和近亲属2-5个年度"):
 * from `minYears` to `maxYears` after today's year, as the prepayment table says. The year being collected and
 * the one before it are on 我的参保 already, priced there.
 */
export function prepayYearsOn(today: string): number[] {
  const rule = datedValue(params.prepay.values, today);
  if (!rule) return [];
  const thisYear = Number(today.slice(0, 4));
  const years: number[] = [];
  for (let ahead = rule.minYears; ahead <= rule.maxYears; ahead += 1) years.push(thisYear + ahead);
  return years;
}

async function prepayYear(app: App, person: PersonRow, benefitYear: number, enrollments: EnrollmentRow[], today: string): Promise<PrepayYear> {
  // A year an unfinished order holds would only be refused by pay (one live order per person-year).
  if (await openOrderHolding(app, person.personId, benefitYear)) {
    return { benefitYear, dueFen: null, standardFen: null, provisional: false, note: '该年度已有一笔缴费正在办理中，请在缴费记录中查看' };
  }
  const quote = await quoteForPayment(app, person, benefitYear, enrollments, today);
  if ('error' in quote) return { benefitYear, dueFen: null, standardFen: null, provisional: false, note: quote.error.message };
  return { benefitYear, dueFen: quote.totalFen, standardFen: quote.standardFen, provisional: quote.provisional };
}

/**
 * What 缴费 needs before an order exists: the caller's personal-account balance (shown beside the switch, D14) and
 * every prepayable year of the caller and each verified relative, priced exactly as `pay` would charge it today.
 * Years already enrolled are left out; unverified relatives cannot be paid for (D13), so they get no prices.
 */
export async function payOptions(app: App, caller: Caller): Promise<PayOptionsOutput> {
  const self = await requireBoundPerson(app, caller);
  const today = todayIn(app.clock);
  const people: PersonRow[] = [self];
  for (const link of await app.store.listLinks(self.personId)) {
    if (!link.verified) continue;
    const person = await app.store.getPerson(link.relativePersonId);
    if (person) people.push(person);
  }
  const enrollments = await app.store.listEnrollments(people.map((p) => p.personId));
  const years = prepayYearsOn(today);
  // Money an unfinished order holds is out of the balance until that order ends: say so, or 0.00 looks like a loss.
  const open = (await app.store.listOrdersOfPayer(self.personId, 50)).filter((o) => OPEN_STATES.includes(o.state));
  const accountHeldFen = open.reduce((sum, o) => sum + heldSources(o).personalFen, 0);
  const answer: PayOptionsOutput = {
    accountBalanceFen: await app.store.balanceOf(accounts.personal(self.personId).id), ...(accountHeldFen > 0 ? { accountHeldFen } : {}), people: [],
  };
  for (const person of people) {
    const enrolled = new Set(enrollments.filter((e) => e.personId === person.personId).map((e) => e.benefitYear));
    const prepayYears: PrepayYear[] = [];
    for (const year of years) if (!enrolled.has(year)) prepayYears.push(await prepayYear(app, person, year, enrollments, today));
    answer.people.push({ personId: person.personId, prepayYears });
  }
  return answer;
}
