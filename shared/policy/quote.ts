/**
 * The quote: what one person owes for one benefit year, who pays the rest, and when benefits start. This is the
 * contract other tools rely on (cli.ts, the `quote` cloud function, the mini-program's breakdown). It never
 * throws: every failure is `{ error: { code, message } }` with a Chinese message.
 */
import { isCalendarDate, yearOf, type IsoDate } from './dates';
import { failure, type QuoteFailure } from './errors';
import { datedValue } from './params/lookup';
import { params as shippedParams } from './params';
import type { Params } from './params/schema';
import { parseQuoteRequest, type QuoteRequest } from './request';
import { breakYears, isContinuous } from './rules/breaks';
import type { Reduction } from './rules/measure';
import { aidAppliesOn, isNewAidRecipient } from './rules/medicalAid';
import { newbornEligibility } from './rules/newborn';
import { paymentWindow, type PaymentWindow } from './rules/period';
import { priceYear } from './rules/price';
import { firstSupportedYear, individualStandard } from './rules/standard';
import { benefitTiming, maxRepairYears, repairedYears, type WaitingExemption } from './rules/waiting';
import { yearRules } from './rules/year';

/** Names of the rules a quote can report in `rulesApplied`, so the UI and the tests can say why. */
export type RuleName =
  | 'individual-standard'
  | 'medical-aid'
  | 'newborn-half'
  | 'newborn-waiver'
  | 'infant-waiver'
  | 'student-standard'
  | 'village-subsidy'
  | 'most-favourable'
  | 'newborn-coverage-from-birth'
  | 'new-aid-recipient-exemption'
  | 'grace-window'
  | 'waiting-period'
  | 'payment-repair'
  | 'benefit-start';

export interface Quote {
  benefitYear: number;
  /** The individual standard of the year (D1); every reduction is a part of it. */
  standardFen: number;
  /** What the person pays for the year: standardFen minus the reductions. */
  dueFen: number;
  reductions: Reduction[];
  benefitStart: IsoDate;
  benefitEnd: IsoDate;
  waitingMonths: number;
  /** Paid on top of dueFen to repair break years (缴费修复, D9). */
  repairFen: number;
  /** The year has no parameters of its own yet; numbers are the latest known ones (D1, D8). */
  provisional: boolean;
  rulesApplied: RuleName[];
  // Beside the contract: what the mini-program needs to explain the numbers.
  /** dueFen + repairFen: the amount of the payment order. */
  totalFen: number;
  repairedYears: number[];
  breakYears: number;
  continuous: boolean;
  paymentWindow: PaymentWindow;
  waitingExemption: WaitingExemption;
  /** Public measures the person also qualified for that did not apply, because they do not stack (D6). */
  notApplied: Reduction[];
}

export type { QuoteFailure };

/**
 * Validates and quotes one request. `today` (YYYY-MM-DD, defaults to the payment date) bounds how far ahead a
 * year can be quoted: no further than the longest prepayment (D12). `params` defaults to the shipped tables.
 */
export function quote(request: unknown, today?: string, params: Params = shippedParams): Quote | QuoteFailure {
  try {
    if (today !== undefined && !isCalendarDate(today)) return failure('INVALID_INPUT', `today：“${today}” 不是有效日期`);
    const parsed = parseQuoteRequest(request);
    if (!parsed.ok) return { error: parsed.error };
    return quoteRequest(parsed.value, today, params);
  } catch {
    // A rule that throws is a bug; the caller still gets the closed error shape, never a stack trace.
    return failure('INTERNAL', '报价计算出错，请稍后再试或到经办窗口咨询');
  }
}

/** Quotes an already validated request. */
export function quoteRequest(request: QuoteRequest, today: string | undefined, params: Params = shippedParams): Quote | QuoteFailure {
  const { benefitYear, paymentDate, person } = request;
  const firstYear = firstSupportedYear(params);
  if (benefitYear < firstYear) {
    return failure('YEAR_NOT_SUPPORTED', `暂不支持 ${benefitYear} 年度，最早可查询 ${firstYear} 年度`);
  }
  const lastYear = lastQuotableYear(params, today ?? paymentDate, person.student === true);
  if (benefitYear > lastYear) {
    return failure('YEAR_NOT_SUPPORTED', `${benefitYear} 年度太远，目前最晚可办理 ${lastYear} 年度`);
  }
  const year = yearRules(params, benefitYear);
  if (!year) return failure('YEAR_NOT_SUPPORTED', `${benefitYear} 年度缺少参数，暂不能报价`);

  const { birthDate, coveredYears } = person;
  if (birthDate > paymentDate) return failure('INVALID_INPUT', 'person.birthDate：出生日期不能晚于缴费日期');
  const birthYear = yearOf(birthDate);
  if (birthYear > benefitYear) {
    return failure('INVALID_INPUT', `person.birthDate：${birthYear} 年出生的人不能参加 ${benefitYear} 年度`);
  }
  const newborn = newbornEligibility(params, birthDate, paymentDate, benefitYear);
  if (!newborn && paymentDate > year.yearEnd) {
    return failure('YEAR_CLOSED', `${benefitYear} 年度已结束，不能再缴费`);
  }

  const window = paymentWindow(paymentDate, year.period, year.grace);
  const breaks = breakYears(benefitYear, birthYear, coveredYears, year.waiting.breakCountFromYear);
  const continuous = isContinuous(benefitYear, coveredYears);
  const newAidRecipient =
    person.aidCategories !== undefined &&
    person.aidCategories.length > 0 &&
    aidAppliesOn(paymentDate, person.aidCertifiedDate) &&
    isNewAidRecipient(person.aidCertifiedDate, year.period.end);
  const repairYears = request.repairYears ?? 0;
  const repairable = newborn || newAidRecipient ? 0 : maxRepairYears(breaks, year.waiting);
  if (repairYears > repairable) {
    return failure(
      'REPAIR_EXCEEDS_BREAK',
      `补缴年数 ${repairYears} 超过可修复的年数 ${repairable}（断保 ${breaks} 年，每补缴1年减少1个月变动等待期）`,
    );
  }

  const timing = benefitTiming(year, {
    paymentDate,
    birthDate,
    window,
    breakYears: breaks,
    continuous,
    repairYears,
    newborn: newborn !== undefined,
    newAidRecipient,
  });
  if (timing.benefitStart > year.yearEnd) {
    return failure(
      'NO_BENEFIT_IN_YEAR',
      `按待遇等待期 ${timing.waitingMonths} 个月计算，待遇将从 ${timing.benefitStart} 起享受，已超出 ${benefitYear} 年度，请参加下一年度`,
    );
  }

  const price = priceYear(params, year, person, paymentDate, newborn);
  const repaired = repairedYears(benefitYear, repairYears);
  let repairFen = 0;
  for (const repairedYear of repaired) repairFen += individualStandard(params, repairedYear)?.standardFen ?? 0;

  const rulesApplied: RuleName[] = ['individual-standard'];
  for (const item of price.reductions) rulesApplied.push(item.rule);
  if (price.notApplied.length > 0) rulesApplied.push('most-favourable');
  if (timing.exemption === 'newborn') rulesApplied.push('newborn-coverage-from-birth');
  if (timing.exemption === 'new-aid-recipient') rulesApplied.push('new-aid-recipient-exemption');
  if (timing.exemption === 'grace-window') rulesApplied.push('grace-window');
  if (timing.waitingMonths > 0) rulesApplied.push('waiting-period');
  if (repairYears > 0) rulesApplied.push('payment-repair');
  rulesApplied.push('benefit-start');

  return {
    benefitYear,
    standardFen: year.standardFen,
    dueFen: price.dueFen,
    reductions: price.reductions,
    benefitStart: timing.benefitStart,
    benefitEnd: year.yearEnd,
    waitingMonths: timing.waitingMonths,
    repairFen,
    provisional: year.provisional || (person.student === true && year.studentProvisional),
    rulesApplied,
    totalFen: price.dueFen + repairFen,
    repairedYears: repaired,
    breakYears: breaks,
    continuous,
    paymentWindow: timing.paymentWindow,
    waitingExemption: timing.exemption,
    notApplied: price.notApplied,
  };
}

/**
 * The furthest benefit year a quote may be asked for on a given day: the person's longest prepayment (D12: 2–5
 * years; a student's, all academic years) counted from that day's year. A quote is what `pay` charges, so a year
 * beyond it must not be payable; further years would be guesses on guesses anyway.
 */
export function lastQuotableYear(params: Params, today: IsoDate, student = false): number {
  const prepay = datedValue(params.prepay.values, today);
  // Without prepayment only the year being collected, at most the next calendar year, can be paid for.
  const aheadYears = prepay ? (student ? prepay.studentMaxYears : prepay.maxYears) : 1;
  return yearOf(today) + aheadYears;
}
