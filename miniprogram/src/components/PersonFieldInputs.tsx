import type { PersonFieldErrors, PersonFields } from '../lib/personForm';
import { TextField } from './TextField';

/** Room for an ID number pasted with spaces (from a chat, or grouped 6-8-4): cut at 18, it would lose its last digits. */
const ID_INPUT_MAX_CHARS = 24;

/**
 * A person's name and ID number, as 实名认证 and 添加家人 both ask for them. Spaces in the ID number are dropped as
 * they arrive; one too long is refused by the check (personForm.ts), never shortened.
 */
export function PersonFieldInputs({ who, fields, errors, onChange }: {
  /** '本人' or '家人': whose name and number the labels ask for. */
  who: '本人' | '家人';
  fields: PersonFields;
  errors: PersonFieldErrors;
  onChange: (key: keyof PersonFields, value: string) => void;
}) {
  const self = who === '本人';
  return (
    <>
      <TextField
        testId={self ? 'bind-name' : 'relative-name'}
        label={self ? '姓名' : '家人姓名'}
        value={fields.name}
        onChange={(value) => onChange('name', value)}
        placeholder={self ? '请输入本人姓名' : '请输入家人姓名'}
        maxLength={30}
        error={errors.name}
      />
      <TextField
        testId={self ? 'bind-id-number' : 'relative-id-number'}
        label={self ? '身份证号码' : '家人身份证号码'}
        type="idcard"
        value={fields.idNumber}
        onChange={(value) => onChange('idNumber', value.replace(/\s/g, ''))}
        placeholder="18位身份证号码"
        maxLength={ID_INPUT_MAX_CHARS}
        error={errors.idNumber}
      />
    </>
  );
}
