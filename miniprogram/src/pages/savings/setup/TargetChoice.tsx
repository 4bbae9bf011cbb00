import { Text, View } from '@tarojs/components';
import { TextField } from '../../../components/TextField';
import { RadioGroup } from '../../../components/nut/RadioGroup';
import type { TargetChoice as Choice } from '../common/savingsApi';

export const TARGET_OPTIONS = [
  { label: '居民医保费', value: 'resident' },
  { label: '职工医保（灵活就业）', value: 'employee-months' },
] as const;

const monthText = (m: string) => `${m.slice(2, 4)}年${Number(m.slice(5, 7))}月`;

interface Props {
  kind: Choice['kind'];
  months: string[];
  monthly: string;
  /** The months the server offers (this month and the next ones, paid ones left out). */
  choices: string[];
  monthsError?: string;
  monthlyError?: string;
  onKind: (kind: Choice['kind']) => void;
  onMonths: (months: string[]) => void;
  onMonthly: (monthly: string) => void;
}

/**
 * 存钱目标 (pilot §三(三)4: 零存整缴 "缴纳职工医保或居民医保费"): the resident premium, or flexible-employment employee
 * insurance for the months tapped, at the monthly amount the worker reads off their own contribution bill.
 */
export function TargetChoice(props: Props) {
  const toggle = (m: string) => props.onMonths(props.months.includes(m) ? props.months.filter((x) => x !== m) : [...props.months, m].sort());
  return (
    <View>
      <View className="setup__field choices" data-testid="setup-target-kind">
        <Text className="setup__label">为哪项医保费存钱</Text>
        <RadioGroup shape="button" direction="horizontal" value={props.kind} options={[...TARGET_OPTIONS]} onChange={(v) => props.onKind(String(v) as Choice['kind'])} />
      </View>
      {props.kind === 'employee-months' ? (
        <View>
          <View className="setup__field" data-testid="setup-months">
            <Text className="setup__label">缴费月份（可多选）</Text>
            <View className="setup__chips">
              {props.choices.map((m) => (
                <View key={m} data-testid={`setup-month-${m}`} data-on={props.months.includes(m) ? '1' : '0'} className={`setup__chip${props.months.includes(m) ? ' setup__chip--on' : ''}`} onClick={() => toggle(m)}>
                  <Text>{monthText(m)}</Text>
                </View>
              ))}
            </View>
            {props.monthsError ? (
              <Text className="app-error" data-testid="setup-months-error">
                {props.monthsError}
              </Text>
            ) : null}
          </View>
          <TextField testId="setup-monthly" label="每月缴费金额（元）" value={props.monthly} onChange={props.onMonthly} placeholder="按缴费通知填写" maxLength={10} error={props.monthlyError} />
          <Text className="app-muted setup__hint">请按税务部门或医保经办机构核定的灵活就业人员职工医保月缴费额填写；每个月份须在当月月底前缴费。</Text>
        </View>
      ) : null}
    </View>
  );
}
