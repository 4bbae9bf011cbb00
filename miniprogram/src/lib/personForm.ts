import { parseIdNumber, ID_PROBLEM_MESSAGES } from '@shared/identity/idNumber';
import { shanghaiToday } from './today';

export interface PersonFields {
  name: string;
  idNumber: string;
}

export type PersonFieldErrors = Partial<Record<keyof PersonFields, string>>;

/** The contract's limit for a name (shortText(30) in shared/api/contract.ts). */
const NAME_MAX_CHARS = 30;

/**
 * Checks a typed name and ID number before sending them, so the user hears about a typo at once.
 * The server checks everything again; this is for speed only, and must never be stricter than the server.
 */
export function checkPersonFields(fields: PersonFields, today: string = shanghaiToday()): PersonFieldErrors {
  const errors: PersonFieldErrors = {};
  const name = fields.name.trim();
  if (name.length === 0) errors.name = '请输入姓名';
  else if (name.length > NAME_MAX_CHARS) errors.name = `姓名不能超过${NAME_MAX_CHARS}个字`;
  const parsed = parseIdNumber(fields.idNumber, today);
  if (fields.idNumber.trim().length === 0) errors.idNumber = '请输入身份证号码';
  else if (!parsed.ok) errors.idNumber = ID_PROBLEM_MESSAGES[parsed.problem];
  return errors;
}

/** The fields as the API wants them: trimmed, with a lower-case x check character upper-cased. */
export function normalizePersonFields(fields: PersonFields): PersonFields {
  return { name: fields.name.trim(), idNumber: fields.idNumber.trim().toUpperCase() };
}

export function hasErrors(errors: PersonFieldErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
