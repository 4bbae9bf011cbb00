/**
 * The shape of every parameter table, checked strictly when the tables load. One table per concept; each value
 * carries when it starts (a benefit year, or a calendar date), the document and clause it comes from, the date
 * someone last checked it against that document, and whether the number is our interpretation (then a note says
 * what we read into the text). Messages are Chinese because policy officers edit these files.
 */
import { z } from 'zod';
import { AID_CATEGORIES, REFUND_REASONS } from '../categories';
import { isCalendarDate } from '../dates';
import { missingOr } from '../zodIssues';

const DateString = z
  .string(missingOr('应为 YYYY-MM-DD 格式的日期字符串'))
  .refine(isCalendarDate, { error: (issue) => `“${String(issue.input)}” 不是有效的日历日期（YYYY-MM-DD）` });

const NonEmptyText = z.string(missingOr('应为非空文字')).trim().min(1, { error: '不能为空' });

const SourceSchema = z.strictObject(
  {
    document: NonEmptyText,
    clause: NonEmptyText,
    /** The clause's words, verbatim, when the document is at hand. */
    quote: NonEmptyText.optional(),
  },
  { error: (issue) => (issue.input === undefined ? '缺少来源 source（文件 document 与条款 clause）' : undefined) },
);

const int = (min: number, max: number, what: string) =>
  z
    .int(missingOr(`${what}应为整数`))
    .min(min, { error: `${what}不能小于 ${min}` })
    .max(max, { error: `${what}不能大于 ${max}` });

const Fen = int(0, 100_000_000, '金额（分）');
const Percent = int(0, 100, '百分比');
const Months = int(0, 120, '月数');
const Years = int(0, 100, '年数');
const CalendarYear = int(2000, 2100, '年度');

const DateRange = z
  .strictObject({ start: DateString, end: DateString })
  .refine((range) => range.start <= range.end, { error: '起始日 start 不能晚于结束日 end', path: ['end'] });

const AidShares = z.strictObject(
  Object.fromEntries(AID_CATEGORIES.map((category) => [category, Percent])) as Record<
    (typeof AID_CATEGORIES)[number],
    typeof Percent
  >,
);

const RefundReason = z.enum(REFUND_REASONS, { error: (issue) => `未知的退费原因 “${String(issue.input)}”` });

/** A table whose values start with a benefit year; a later year without a value repeats the last one, provisionally. */
function yearlyTable<V extends z.ZodType>(value: V) {
  return table(z.strictObject({ benefitYear: CalendarYear, ...entryFields(value) }), (entry) => entry.benefitYear);
}

/** A table whose values start on a calendar date and stay in force until the next value starts. */
function datedTable<V extends z.ZodType>(value: V) {
  return table(z.strictObject({ from: DateString, ...entryFields(value) }), (entry) => entry.from);
}

function entryFields<V extends z.ZodType>(value: V) {
  return {
    value,
    source: SourceSchema,
    checked: DateString,
    interpretation: z.boolean(missingOr('interpretation 应为 true 或 false（是否为我们的理解）')),
    note: NonEmptyText.optional(),
  };
}

function table<E extends z.ZodType<{ interpretation: boolean; note?: string }>>(
  entry: E,
  startOf: (entry: z.infer<E>) => number | string,
) {
  return z
    .strictObject({
      description: NonEmptyText,
      unit: NonEmptyText,
      values: z.array(entry, { error: 'values 应为数组' }).min(1, { error: 'values 至少要有一条' }),
    })
    .superRefine((parsed, ctx) => {
      const values = parsed.values as z.infer<E>[];
      values.forEach((entryValue, index) => {
        if (index > 0 && !(startOf(entryValue) > startOf(values[index - 1]))) {
          ctx.addIssue({
            code: 'custom',
            path: ['values', index],
            message: `起始（${startOf(entryValue)}）必须晚于上一条的起始（${startOf(values[index - 1])}），按时间先后排列且不能重复`,
          });
        }
        if (entryValue.interpretation && entryValue.note === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['values', index, 'note'],
            message: 'interpretation 为 true 时必须写 note，说明我们如何理解原文',
          });
        }
      });
    });
}

/** Every table the rules read, by file name (params/<name>.json). */
export const PARAM_SCHEMAS = {
  'standard-resident': yearlyTable(Fen),
  'standard-student': yearlyTable(Fen),
  'concentrated-period': yearlyTable(DateRange),
  'grace-window': yearlyTable(DateRange),
  'medical-aid-share': datedTable(AidShares),
  newborn: datedTable(
    z.strictObject({
      registrationWindowDays: int(0, 366, '登记期天数'),
      halfWhenFirstYearMonthsAtLeast: Months,
      halfSharePercent: Percent,
      waiverSharePercent: Percent,
    }),
  ),
  infant: datedTable(z.strictObject({ ageLimitYears: Years, waiverSharePercent: Percent })),
  'waiting-period': datedTable(
    z.strictObject({
      fixedMonths: Months,
      variableMonthsPerExtraBreakYear: Months,
      repairMonthsPerYear: Months,
      longBreakYears: Years,
      longBreakMinMonths: Months,
      breakCountFromYear: CalendarYear,
    }),
  ),
  'continuity-incentive': datedTable(
    z.strictObject({
      countFromYear: CalendarYear,
      continuousYearsBeforeIncrease: Years,
      continuityStepFen: Fen,
      zeroClaimStepFen: Fen,
      maxSharePercentOfOriginalCap: Percent,
    }),
  ),
  prepay: datedTable(
    z
      .strictObject({ minYears: Years, maxYears: Years, studentMinYears: Years, studentMaxYears: Years })
      .refine((v) => v.minYears <= v.maxYears && v.studentMinYears <= v.studentMaxYears, {
        error: '最少年数不能大于最多年数',
      }),
  ),
  credit: datedTable(
    // The last day to sign: the period's own, or the grace window's after it (D8), for people still unpaid then.
    z.strictObject({ interestFreeMinMonths: Months, signUntil: z.enum(['period-end', 'grace-window-end']) }),
  ),
  refund: datedTable(
    z.strictObject({ beforeYearStartReasons: z.array(RefundReason), anyTimeReasons: z.array(RefundReason) }),
  ),
  targets: datedTable(z.strictObject({ registered: Percent, residencePermit: Percent, keyGroups: Percent })),
} as const;

export type ParamName = keyof typeof PARAM_SCHEMAS;
export const PARAM_NAMES = Object.keys(PARAM_SCHEMAS) as ParamName[];

/** The validated tables, one property per file. */
export type Params = { readonly [K in ParamName]: z.infer<(typeof PARAM_SCHEMAS)[K]> };

type EntryOf<K extends ParamName> = Params[K]['values'][number];
export type YearlyEntry<T> = { benefitYear: number; value: T; source: Source; checked: string; interpretation: boolean; note?: string };
export type DatedEntry<T> = { from: string; value: T; source: Source; checked: string; interpretation: boolean; note?: string };
export type Source = z.infer<typeof SourceSchema>;
export type DateRangeValue = z.infer<typeof DateRange>;
export type ValueOf<K extends ParamName> = EntryOf<K>['value'];
