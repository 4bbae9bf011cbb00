import { Text, View } from '@tarojs/components';
import { Input } from './nut/Input';
import './TextField.scss';

export interface TextFieldProps {
  testId: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  maxLength?: number;
  /** 'idcard' brings up WeChat's ID-number keyboard (digits and X). */
  type?: 'text' | 'idcard';
  error?: string;
}

/** A labelled input with its error right under it, so the user sees what to fix next to the field itself. */
export function TextField({ testId, label, value, onChange, placeholder, maxLength, type = 'text', error }: TextFieldProps) {
  return (
    <View className={error ? 'text-field text-field--invalid' : 'text-field'} data-testid={testId}>
      <Text className="text-field__label">{label}</Text>
      <Input
        className="text-field__input"
        type={type}
        value={value}
        placeholder={placeholder}
        maxLength={maxLength}
        onChange={onChange}
      />
      {error ? (
        <Text className="text-field__error app-error" data-testid={`${testId}-error`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}
