/**
 * Turns a zod issue into the Chinese text our callers see: `person.birthDate：“2025-02-30” 不是有效日期`.
 * Shared by the request validator and the parameter loader so both speak the same way.
 */
import type { z } from 'zod';

const HAS_CHINESE = /[\u4e00-\u9fff]/;

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  return text;
}

/** Our schemas carry a Chinese message on every check; zod's English defaults only remain for missing fields. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `不支持的字段 ${issue.keys.map((key) => `“${key}”`).join('、')}`;
  if (HAS_CHINESE.test(issue.message)) return issue.message;
  return issue.code === 'invalid_type' ? '缺少此项或类型不正确' : '内容不正确';
}

/** An error option for a type check: a missing field says so, anything else gets the given message. */
export function missingOr(message: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? '缺少此项' : message) };
}
