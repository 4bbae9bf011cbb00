/**
 * Validates the raw parameter tables and returns them typed, or throws one error that lists every problem as
 * `file › path：message`. Loading happens once, when the module graph starts: a broken table must stop the
 * service at start, not surface as a wrong price later.
 */
import { describeIssue, formatIssuePath } from '../zodIssues';
import { PARAM_NAMES, PARAM_SCHEMAS, type ParamName, type Params } from './schema';

export class ParamsError extends Error {
  constructor(readonly problems: string[]) {
    super(`参数表校验失败：\n${problems.join('\n')}`);
    this.name = 'ParamsError';
  }
}

/** `raw` maps each file name (without .json) to its parsed JSON content. */
export function loadParams(raw: Readonly<Record<string, unknown>>): Params {
  const problems: string[] = [];
  for (const name of Object.keys(raw)) {
    if (!(PARAM_NAMES as string[]).includes(name)) problems.push(`${name} › （文件）：不认识的参数表，规则不会读取它`);
  }
  const tables: Partial<Record<ParamName, unknown>> = {};
  for (const name of PARAM_NAMES) {
    if (raw[name] === undefined) {
      problems.push(`${name} › （文件）：缺少参数表 params/${name}.json`);
      continue;
    }
    const result = PARAM_SCHEMAS[name].safeParse(raw[name]);
    if (result.success) tables[name] = result.data;
    else for (const issue of result.error.issues) problems.push(`${name} › ${formatIssuePath(issue.path) || '（文件）'}：${describeIssue(issue)}`);
  }
  if (problems.length > 0) throw new ParamsError(problems);
  return tables as Params;
}
