import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AmountRow } from '../../../components/AmountRow';
import { FormAlert } from '../../../components/FormAlert';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { TextField } from '../../../components/TextField';
import { Button } from '../../../components/nut/Button';
import { RadioGroup } from '../../../components/nut/RadioGroup';
import { Switch } from '../../../components/nut/Switch';
// RadioGroup draws its options with Radio, whose stylesheet this import brings in.
import '../../../components/nut/Radio';
import { formatFen } from '../../../lib/money';
import { SERVICE_ROUTES } from '../../../lib/serviceRoutes';
import { usePageData } from '../../../lib/usePageData';
import { parseYuanToFen } from '../../../lib/yuanInput';
import {
  ENTERPRISE_TYPE_OPTIONS,
  savingsApi,
  type EnterpriseType,
  type PlanTerms,
  type SavingsOutlook,
  type SavingsOverview,
  type SavingsTarget,
  type Schedule,
  type TargetChoice as Choice,
} from '../common/savingsApi';
import { PageIntro } from '../../../components/PageIntro';
import { EnterpriseSuggestions } from './EnterpriseSuggestions';
import { TargetChoice } from './TargetChoice';
import '../progress/index.scss';
import '../../../components/choices.scss';
import './index.scss';

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'].map((label, i) => ({ label, value: String(i + 1) }));
const KIND_OPTIONS = [
  { label: '每周', value: 'weekly' },
  { label: '每月', value: 'monthly' },
];

interface Form {
  deposit: string;
  kind: Schedule['kind'];
  weekday: string;
  day: string;
  enterpriseName: string;
  enterpriseType: EnterpriseType;
  topUp: boolean;
  holderName: string;
  accountNo: string;
  targetKind: Choice['kind'];
  months: string[];
  monthly: string;
}

const EMPTY: Form = {
  deposit: '', kind: 'weekly', weekday: '1', day: '1', enterpriseName: '', enterpriseType: 'courier', topUp: false, holderName: '', accountNo: '',
  targetKind: 'resident', months: [], monthly: '',
};

/** The live plan's terms, to change them; a fresh form otherwise. */
function formFrom(overview: SavingsOverview): Form {
  const plan = overview.plan && ['SIGNING', 'ACTIVE', 'PAUSED'].includes(overview.plan.state) ? overview.plan : null;
  if (!plan) return { ...EMPTY, enterpriseName: overview.enterprise?.name ?? '', enterpriseType: (overview.enterprise?.type as EnterpriseType | undefined) ?? 'courier' };
  return {
    ...EMPTY,
    deposit: formatFen(plan.depositFen).replace('元', ''),
    kind: plan.schedule.kind,
    weekday: plan.schedule.kind === 'weekly' ? String(plan.schedule.weekday) : '1',
    day: plan.schedule.kind === 'monthly' ? String(plan.schedule.day) : '1',
    enterpriseName: overview.enterprise?.name ?? '',
    enterpriseType: (overview.enterprise?.type as EnterpriseType | undefined) ?? 'courier',
    topUp: plan.topUp,
    // The months still to pay are kept; paid ones are no longer offered.
    ...(plan.target.kind === 'employee-months'
      ? { targetKind: 'employee-months' as const, months: plan.target.months.filter((m) => overview.monthChoices.includes(m)), monthly: formatFen(plan.target.monthlyFen).replace('元', '') }
      : {}),
  };
}

type Errors = Partial<Record<'deposit' | 'day' | 'enterpriseName' | 'holderName' | 'accountNo' | 'months' | 'monthly', string>>;

/** The form names the live plan's own target (`kept`, the form it opened with): then the request leaves it out, to keep it. */
function sameTarget(form: Form, kept: Form | null): boolean {
  if (!kept || form.targetKind !== kept.targetKind) return false;
  // Amounts as fen ("300" is the plan's "300.00"); months are kept sorted by the chips.
  return form.targetKind === 'resident' || (parseYuanToFen(form.monthly) === parseYuanToFen(kept.monthly) && form.months.join() === kept.months.join());
}

function check(form: Form, newPlan: boolean, keepTarget: boolean): Errors {
  const errors: Errors = {};
  if (parseYuanToFen(form.deposit) === null) errors.deposit = '请输入每次存入的金额（元），最多两位小数';
  const day = Number(form.day);
  if (form.kind === 'monthly' && !(Number.isInteger(day) && day >= 1 && day <= 28)) errors.day = '每月存入日应为1至28日';
  if (!form.enterpriseName.trim()) errors.enterpriseName = '请填写您所在的平台企业';
  if (newPlan && !form.holderName.trim()) errors.holderName = '请填写账户户名';
  if (newPlan && !/^\d{16,19}$/.test(form.accountNo.trim())) errors.accountNo = '银行卡号应为16至19位数字';
  if (!keepTarget && form.targetKind === 'employee-months' && form.months.length === 0) errors.months = '请选择要缴费的月份';
  if (!keepTarget && form.targetKind === 'employee-months' && !(parseYuanToFen(form.monthly) ?? 0)) errors.monthly = '请输入每月缴费金额（元），最多两位小数';
  return errors;
}

/** The target as the server takes it; null while the months or the monthly amount are not given yet. */
function targetOf(form: Form): Choice | null {
  if (form.targetKind === 'resident') return { kind: 'resident' };
  const monthlyFen = parseYuanToFen(form.monthly);
  return form.months.length > 0 && monthlyFen ? { kind: 'employee-months', months: form.months, monthlyFen } : null;
}

/**
 * The form's amount, schedule, top-up and target as the server takes them (the target left out when it is the live
 * plan's own); null while the amount, day or target is not valid yet.
 */
function termsOf(form: Form, keepTarget: boolean): PlanTerms | null {
  const depositFen = parseYuanToFen(form.deposit);
  const day = Number(form.day);
  const target = keepTarget ? undefined : targetOf(form);
  if (depositFen === null || target === null || (form.kind === 'monthly' && !(Number.isInteger(day) && day >= 1 && day <= 28))) return null;
  const schedule: Schedule = form.kind === 'weekly' ? { kind: 'weekly', weekday: Number(form.weekday) } : { kind: 'monthly', day };
  return { depositFen, schedule, topUp: form.topUp, ...(target ? { target } : {}) };
}

/**
 * The server's estimate of the terms being typed (how many deposits remain before the deadline, what they reach, the
 * shortfall) and its range refusal for the amount, asked again shortly after the worker stops typing; an answer
 * overtaken by a newer question is dropped.
 */
function useEstimate(terms: PlanTerms | null, ready: boolean) {
  const [estimate, setEstimate] = useState<{
    outlook: SavingsOutlook | null;
    amountError: string | null;
    targetError: string | null;
    targetErrorField: 'months' | 'monthly' | null;
    target: SavingsTarget | null;
  } | null>(null);
  const asked = useRef(0);
  const key = terms ? JSON.stringify(terms) : '';
  useEffect(() => {
    asked.current += 1;
    const mine = asked.current;
    setEstimate(null);
    if (!ready || !terms) return undefined;
    const timer = setTimeout(() => {
      void savingsApi.estimate(terms).then((answer) => {
        if (mine !== asked.current) return;
        setEstimate(answer.ok ? answer.data : null);
      });
    }, 300);
    return () => clearTimeout(timer);
    // `key` stands for `terms`: a new object with the same terms is the same question.
  }, [key, ready]);
  return estimate;
}

/** 开通/修改零存整缴: what to save for, how much and when, the platform enterprise, and (new plans) the bank account. */
export default function SavingsSetup() {
  const { state, retry } = usePageData(savingsApi.get);
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const overview = state.kind === 'ready' ? state.data : null;
  const newPlan = !overview?.plan || !['ACTIVE', 'PAUSED', 'SIGNING'].includes(overview.plan.state);
  useEffect(() => {
    if (overview) setForm(formFrom(overview));
  }, [overview]);

  // A field's error goes as soon as it is edited: an error under a corrected value would mislead.
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  // The live plan's terms as the page opened with them: its target is kept unless the form changes it.
  const kept = overview && !newPlan ? formFrom(overview) : null;
  const keepTarget = sameTarget(form, kept);
  const terms = termsOf(form, keepTarget);
  const estimate = useEstimate(terms, overview !== null);
  const amountError = errors.deposit ?? estimate?.amountError ?? undefined;

  const submit = async () => {
    const found = check(form, newPlan, keepTarget);
    setErrors(found);
    if (Object.keys(found).length > 0 || !terms) return;
    setError(null);
    setBusy(true);
    // The server's range, asked first so that its refusal shows under the amount field, where it is fixed.
    const checked = await savingsApi.estimate(terms);
    if (checked.ok && (checked.data.amountError || checked.data.targetError)) {
      setBusy(false);
      return setErrors({ deposit: checked.data.amountError ?? undefined, ...(checked.data.targetError ? { [checked.data.targetErrorField ?? 'months']: checked.data.targetError } : {}) });
    }
    const answer = await savingsApi.setup({
      ...terms,
      enterprise: { name: form.enterpriseName.trim(), type: form.enterpriseType },
      ...(newPlan ? { bankAccount: { holderName: form.holderName.trim(), accountNo: form.accountNo.trim() } } : {}),
    });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    void Taro.redirectTo({ url: SERVICE_ROUTES.savings });
  };

  // The plan's own target while the form keeps it (or a new plan's resident premium), else what the server's estimate
  // says of the months and amount chosen: nothing while it is asked, never the plan's months for other ones.
  const residentNow = newPlan && form.targetKind === 'resident' && overview?.target.kind === 'resident';
  const target = keepTarget || residentNow ? overview?.target : estimate?.target ?? undefined;
  const targetError = (field: 'months' | 'monthly') => errors[field] ?? (estimate?.targetErrorField === field ? estimate.targetError ?? undefined : undefined);
  return (
    <PageShell testId="savings-setup-page">
      <PageIntro title={newPlan ? '开通零存整缴' : '修改存入计划'} />
      <PageLoadState state={state} onRetry={retry} />
      {overview ? (
        <View className="app-card">
          <TargetChoice
            kind={form.targetKind}
            months={form.months}
            monthly={form.monthly}
            choices={overview.monthChoices}
            monthsError={targetError('months')}
            monthlyError={targetError('monthly')}
            onKind={set('targetKind')}
            onMonths={(months) => {
              set('months')(months);
              setErrors((e) => ({ ...e, months: undefined }));
            }}
            onMonthly={set('monthly')}
          />
          {target ? (
            <View className="setup__target" data-testid="setup-target">
              <Text className="setup__label">存钱目标</Text>
              <Text data-testid="setup-target-label">{target.kind === 'resident' ? `${target.benefitYear}年度 居民医保个人缴费` : target.label}</Text>
              {target.dueFen !== null ? <AmountRow label="应缴金额" value={formatFen(target.dueFen)} testId="setup-target-due" strong /> : null}
              {target.paid ? <Text className="savings__paid">{target.kind === 'resident' ? '该年度已缴费' : '所选月份已缴费'}</Text> : null}
              {target.note ? <Text className="app-muted">{target.note}</Text> : null}
            </View>
          ) : null}
          <TextField testId="setup-deposit" label="每次存入（元）" value={form.deposit} onChange={set('deposit')} placeholder="例如 50" maxLength={10} error={amountError} />
          <Text className="app-muted setup__hint" data-testid="setup-deposit-range">
            {overview.depositRange.label}
          </Text>
          {estimate?.outlook && !amountError ? (
            <Text className={estimate.outlook.kind === 'short' ? 'app-error setup__hint' : 'app-muted setup__hint'} data-testid="setup-estimate" data-kind={estimate.outlook.kind}>
              {estimate.outlook.message}
            </Text>
          ) : null}
          <View className="setup__field choices" data-testid="setup-kind">
            <Text className="setup__label">存入频率</Text>
            <RadioGroup shape="button" direction="horizontal" value={form.kind} options={KIND_OPTIONS} onChange={(v) => set('kind')(String(v) as Schedule['kind'])} />
          </View>
          {form.kind === 'weekly' ? (
            <View className="setup__field choices" data-testid="setup-weekday">
              <Text className="setup__label">每周哪天</Text>
              <RadioGroup shape="button" direction="horizontal" value={form.weekday} options={WEEKDAYS} onChange={(v) => set('weekday')(String(v))} />
            </View>
          ) : (
            <TextField testId="setup-day" label="每月几日（1至28）" value={form.day} onChange={set('day')} maxLength={2} error={errors.day} />
          )}
          <View className="setup__field choices" data-testid="setup-enterprise-type">
            <Text className="setup__label">平台类型</Text>
            <RadioGroup shape="button" direction="horizontal" value={form.enterpriseType} options={[...ENTERPRISE_TYPE_OPTIONS]} onChange={(v) => set('enterpriseType')(String(v) as EnterpriseType)} />
          </View>
          <TextField testId="setup-enterprise" label="所在平台企业" value={form.enterpriseName} onChange={set('enterpriseName')} placeholder="可点下方常见平台，或自行填写" maxLength={60} error={errors.enterpriseName} />
          <EnterpriseSuggestions type={form.enterpriseType} typed={form.enterpriseName} onPick={set('enterpriseName')} />
          <View className="setup__switch" data-testid="setup-topup">
            <Text className="setup__switch-text">
              {form.targetKind === 'employee-months' ? '每月缴费截止前存款仍不足时，从银行卡补足当月差额' : '集中参保期结束前仍不足时，从银行卡补足差额'}
            </Text>
            <Switch checked={form.topUp} onChange={(v: boolean) => set('topUp')(v)} />
          </View>
          {newPlan ? (
            <View>
              <TextField testId="setup-holder-name" label="银行卡户名" value={form.holderName} onChange={set('holderName')} maxLength={30} error={errors.holderName} />
              {/* Room for a number pasted with spaces, as on the auto-renewal form: cut at 19, it would lose digits and still look valid. */}
              <TextField testId="setup-account-no" label="银行卡号" value={form.accountNo} onChange={(v) => set('accountNo')(v.replace(/\s/g, ''))} placeholder="16至19位数字" maxLength={30} error={errors.accountNo} />
            </View>
          ) : null}
          <FormAlert message={error} />
          <View className="app-actions">
            <Button type="primary" size="large" loading={busy} disabled={busy} onClick={() => void submit()} data-testid="setup-submit">
              {newPlan ? '同意协议并开通' : '保存修改'}
            </Button>
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}
