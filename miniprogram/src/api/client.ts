import { z } from 'zod';
import {
  BindIdentityOutput,
  CoverageOutput,
  MeOutput,
  RelativesOutput,
  type FunctionName,
  type Relation,
} from '@shared/api/contract';
import { ERROR_CODES, type ApiError, type ApiResult, type ErrorCode } from '@shared/api/errors';
import { callFunction } from './transport';

/**
 * Answers are checked against the shared contract before any page sees them: a gateway or function that
 * drifts from the contract shows a clear Chinese error instead of a blank or broken page.
 */
const ErrorAnswer = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string().min(1) }),
});

const SuccessAnswer = z.object({ ok: z.literal(true), data: z.unknown() });

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function toApiError(code: string, message: string): ApiError {
  return { code: KNOWN_CODES.has(code) ? (code as ErrorCode) : 'INTERNAL', message };
}

async function call<Output extends z.ZodType>(
  name: FunctionName,
  data: unknown,
  output: Output,
): Promise<ApiResult<z.infer<Output>>> {
  const raw = await callFunction(name, data);
  const failed = ErrorAnswer.safeParse(raw);
  if (failed.success) return { ok: false, error: toApiError(failed.data.error.code, failed.data.error.message) };
  const succeeded = SuccessAnswer.safeParse(raw);
  const parsed = succeeded.success ? output.safeParse(succeeded.data.data) : null;
  if (parsed?.success) return { ok: true, data: parsed.data as z.infer<Output> };
  return { ok: false, error: toApiError('INTERNAL', '服务返回的内容无法识别，请稍后再试') };
}

export type MeData = z.infer<typeof MeOutput>;
export type CoverageData = z.infer<typeof CoverageOutput>;
export type RelativesData = z.infer<typeof RelativesOutput>;

export interface NewRelative {
  relation: Relation;
  name: string;
  idNumber: string;
}

/** One function per cloud-function action, typed by the shared contract. */
export const api = {
  me: () => call('me', {}, MeOutput),
  bindIdentity: (fields: { name: string; idNumber: string }) => call('bindIdentity', fields, BindIdentityOutput),
  listRelatives: () => call('relatives', { action: 'list' }, RelativesOutput),
  addRelative: (relative: NewRelative) => call('relatives', { action: 'add', ...relative }, RelativesOutput),
  coverage: () => call('coverage', {}, CoverageOutput),
};
