/**
 * The quote request as callers send it (issue 3's contract), validated with zod at the boundary. Unknown fields
 * are refused rather than ignored: a misspelt `aidCategory` silently dropped would quote a full price.
 */
import { z } from 'zod';
import { AID_CATEGORIES, AID_CATEGORY_LABELS } from './categories';
import { isCalendarDate } from './dates';
import { failure, type QuoteFailure } from './errors';
import { describeIssue, formatIssuePath, missingOr } from './zodIssues';

const DateString = z
  .string(missingOr('应为 YYYY-MM-DD 格式的日期'))
  .refine(isCalendarDate, { error: (issue) => `“${String(issue.input)}” 不是有效日期（应为 YYYY-MM-DD 格式的真实日期）` });

const Year = z
  .int({ error: '应为整数年份' })
  .min(1900, { error: '年份不能早于 1900' })
  .max(2200, { error: '年份不能晚于 2200' });

const categoryList = AID_CATEGORIES.map((category) => `${category}（${AID_CATEGORY_LABELS[category]}）`).join('、');

const AidCategorySchema = z.enum(AID_CATEGORIES, {
  error: (issue) => `未知的医疗救助类别 “${String(issue.input)}”，可选：${categoryList}`,
});

const VillageSubsidySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('fixed'),
      fen: z
        .int({ error: '村集体定额资助金额应为整数（分）' })
        .min(0, { error: '村集体定额资助金额不能为负数' })
        .max(100_000_000, { error: '村集体定额资助金额过大' }),
    }),
    z.strictObject({ kind: z.literal('full') }),
  ],
  { error: '村集体资助 kind 应为 "fixed"（定额，需 fen）或 "full"（全额）' },
);

export const PersonSchema = z.strictObject(
  {
    birthDate: DateString,
    /** Benefit years in which the person had basic medical insurance anywhere (any scheme, any city). */
    coveredYears: z.array(Year, { error: 'coveredYears 应为年份数组' }).max(200, { error: 'coveredYears 过长' }).optional(),
    /** A student of a Hefei university (在肥高校大学生). */
    student: z.boolean({ error: 'student 应为 true 或 false' }).optional(),
    aidCategories: z
      .array(AidCategorySchema, { error: 'aidCategories 应为救助类别数组' })
      .max(AID_CATEGORIES.length * 2, { error: 'aidCategories 过长' })
      .optional(),
    /**
     * The day the person was certified in their current medical-aid category. Optional extension of the issue's
     * contract: it decides "new recipients are subsidised from their certification date" (D3) and the waiting
     * exemption for new recipients (D9). Absent means certified long ago.
     */
    aidCertifiedDate: DateString.optional(),
    /** One parent is continuously in Hefei employee insurance with maternity insurance (D5). */
    parentInEmployeeInsurance: z.boolean({ error: 'parentInEmployeeInsurance 应为 true 或 false' }).optional(),
    villageSubsidy: VillageSubsidySchema.optional(),
  },
  { error: (issue) => (issue.input === undefined ? '缺少参保人信息 person' : 'person 应为对象') },
);

export const QuoteRequestSchema = z.strictObject(
  {
    benefitYear: z.int(missingOr('benefitYear 应为整数年份')).min(1900, { error: '年份不能早于 1900' }).max(2200, { error: '年份不能晚于 2200' }),
    /** The day the premium is paid; for a newborn also the registration day. */
    paymentDate: DateString,
    person: PersonSchema,
    /** Break years the person pays for now (缴费修复) to shorten the variable waiting period (D9). */
    repairYears: z
      .int({ error: 'repairYears 应为整数' })
      .min(0, { error: 'repairYears 不能为负数' })
      .max(100, { error: 'repairYears 过大' })
      .optional(),
  },
  { error: '报价请求应为 JSON 对象' },
);

export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;
export type Person = z.infer<typeof PersonSchema>;

export type ParseResult = { ok: true; value: QuoteRequest } | ({ ok: false } & QuoteFailure);

/**
 * Validates an untrusted value; the failure names the first problem's field, in Chinese.
 * The zod schema above is the authority. A quote must run 300,000 times a second and zod alone validates about
 * 250,000 realistic requests a second here (bench/quote.bench.ts), so a hand-written check first recognises the
 * common, plainly valid request and lets it through unchanged; anything it is not sure of goes to zod, which
 * decides and words the error. The check may only ever be stricter than the schema, never looser: a property
 * test (tests/request.property.test.ts) holds the two to the same answers.
 */
export function parseQuoteRequest(input: unknown): ParseResult {
  if (isPlainlyValidRequest(input)) return { ok: true, value: input };
  const result = QuoteRequestSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = formatIssuePath(issue.path);
  return { ok: false, ...failure('INVALID_INPUT', where === '' ? describeIssue(issue) : `${where}：${describeIssue(issue)}`) };
}

const AID_CATEGORY_SET: ReadonlySet<unknown> = new Set(AID_CATEGORIES);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isIntIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

function isOptionalBoolean(value: unknown): boolean {
  return value === undefined || value === true || value === false;
}

function isYearList(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length > 200) return false;
  for (let index = 0; index < value.length; index += 1) if (!isIntIn(value[index], 1900, 2200)) return false;
  return true;
}

function isCategoryList(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length > AID_CATEGORIES.length * 2) return false;
  for (let index = 0; index < value.length; index += 1) if (!AID_CATEGORY_SET.has(value[index])) return false;
  return true;
}

function isVillageSubsidy(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isPlainObject(value)) return false;
  let keys = 0;
  for (const key in value) {
    if (key !== 'kind' && key !== 'fen') return false;
    keys += 1;
  }
  if (value.kind === 'full') return keys === 1;
  return value.kind === 'fixed' && keys === 2 && isIntIn(value.fen, 0, 100_000_000);
}

function isPlainlyValidPerson(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    switch (key) {
      case 'birthDate':
      case 'coveredYears':
      case 'student':
      case 'aidCategories':
      case 'aidCertifiedDate':
      case 'parentInEmployeeInsurance':
      case 'villageSubsidy':
        break;
      default:
        return false;
    }
  }
  return (
    isCalendarDate(value.birthDate) &&
    isYearList(value.coveredYears) &&
    isOptionalBoolean(value.student) &&
    isCategoryList(value.aidCategories) &&
    (value.aidCertifiedDate === undefined || isCalendarDate(value.aidCertifiedDate)) &&
    isOptionalBoolean(value.parentInEmployeeInsurance) &&
    isVillageSubsidy(value.villageSubsidy)
  );
}

/** True only for a request the schema certainly accepts unchanged; false means "ask zod". */
function isPlainlyValidRequest(value: unknown): value is QuoteRequest {
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (key !== 'benefitYear' && key !== 'paymentDate' && key !== 'person' && key !== 'repairYears') return false;
  }
  return (
    isIntIn(value.benefitYear, 1900, 2200) &&
    isCalendarDate(value.paymentDate) &&
    (value.repairYears === undefined || isIntIn(value.repairYears, 0, 100)) &&
    isPlainlyValidPerson(value.person)
  );
}
