import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ApiError } from '@shared/api/errors';
import { ErrorBlock, LoadingBlock } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { RadioGroup } from '../../../components/nut/RadioGroup';
// RadioGroup draws its options with Radio, whose stylesheet this import brings in.
import '../../../components/nut/Radio';
import { AccessGate, StaffOnly } from '../common/AccessGate';
import { formatChangeBp, formatRateBp } from '../common/labels';
import { staffApi, type EnterpriseRate, type EnterpriseRates } from '../common/staffApi';
import { useStaffAccess } from '../common/useStaffAccess';
import { PageIntro } from '../../../components/PageIntro';
import '../common/staff.scss';

/** How many days of daily snapshots the page asks for: about a month, enough to see a trend. */
const WINDOW_DAYS = 30;

type RatesState = { kind: 'loading' } | { kind: 'failed'; error: ApiError } | { kind: 'forbidden' } | { kind: 'ready'; data: EnterpriseRates };

function changeText(changeBp: number | null): string {
  return changeBp === null ? '暂无可比较的历史数据' : `近${WINDOW_DAYS}天 ${formatChangeBp(changeBp)}`;
}

/** The enterprise's daily snapshots as bars, latest last; the bar's width is the rate (0–100%). */
function History({ history }: { history: EnterpriseRate['history'] }) {
  if (history.length === 0) return null;
  return (
    <View className="staff__history" data-testid="rate-history">
      {history.map((point) => (
        <View key={point.date} className="staff__history-row" data-testid="rate-history-point" data-date={point.date}>
          <Text className="staff__history-date">{point.date.slice(5)}</Text>
          <View className="staff__bar">
            <View className="staff__bar-fill" style={{ width: `${Math.min(point.rateBp, 10_000) / 100}%` }} />
          </View>
          <Text className="staff__history-rate">{formatRateBp(point.rateBp)}</Text>
        </View>
      ))}
    </View>
  );
}

function EnterpriseCard({ enterprise }: { enterprise: EnterpriseRate }) {
  const tone = enterprise.changeBp === null || enterprise.changeBp === 0 ? '' : enterprise.changeBp > 0 ? ' staff__change--up' : ' staff__change--down';
  return (
    <View className="app-card" data-testid="enterprise-card" data-key={enterprise.enterpriseKey}>
      <View className="staff__line-head">
        <Text className="staff__line-kind">{enterprise.name}</Text>
        <Text className="app-muted">{enterprise.typeLabel}</Text>
      </View>
      <View className="staff__rate">
        <Text className="staff__rate-number" data-testid="enterprise-rate">{enterprise.rateLabel}</Text>
        <Text className="app-muted">
          已参保 {enterprise.enrolled} / 登记 {enterprise.workers} 人
        </Text>
      </View>
      <Text className={`staff__change${tone}`} data-testid="enterprise-change">{changeText(enterprise.changeBp)}</Text>
      <History history={enterprise.history} />
    </View>
  );
}

/**
 * 平台企业参保率: each platform enterprise's gig workers, how many are enrolled for the benefit year, and the
 * daily snapshots of the rate. Pilot §三(三)4 rewards enterprises whose rate rises markedly; what counts as
 * marked is the staff's judgement, so the page shows the numbers and does not rank or flag.
 */
export default function EnterpriseRates() {
  const { access, recheck } = useStaffAccess();
  const [state, setState] = useState<RatesState>({ kind: 'loading' });
  // The server's default year until staff choose another; the choices stay while a chosen year loads.
  const [year, setYear] = useState<number | undefined>(undefined);
  const [years, setYears] = useState<number[]>([]);

  // Only the answer to the latest question is shown: a year switched quickly must not show the other year's rates.
  const asked = useRef(0);
  const load = useCallback(async (benefitYear?: number) => {
    const question = ++asked.current;
    setState({ kind: 'loading' });
    const result = await staffApi.enterpriseRates(WINDOW_DAYS, benefitYear);
    if (question !== asked.current) return;
    if (result.ok) {
      setState({ kind: 'ready', data: result.data });
      setYears(result.data.years);
    } else if (result.error.code === 'FORBIDDEN') setState({ kind: 'forbidden' });
    else setState({ kind: 'failed', error: result.error });
  }, []);

  useEffect(() => {
    if (access.kind === 'staff') void load(year);
  }, [access.kind, load, year]);

  return (
    <PageShell testId="enterprise-rates-page">
      <PageIntro title="平台企业参保率">
        {state.kind === 'ready' ? (
          <Text className="app-muted" data-testid="enterprise-rates-year">
            {state.data.benefitYear}年度 · 数据日期 {state.data.asOf}
          </Text>
        ) : null}
      </PageIntro>
      <AccessGate access={access} onRetry={recheck}>
        {years.length > 1 ? (
          <View data-testid="enterprise-rates-years">
            <RadioGroup
              value={String(year ?? years[0])}
              options={years.map((y) => ({ label: `${y}年度`, value: String(y) }))}
              direction="horizontal"
              onChange={(value) => setYear(Number(value))}
            />
          </View>
        ) : null}
        {state.kind === 'loading' ? <LoadingBlock /> : null}
        {state.kind === 'failed' ? <ErrorBlock message={state.error.message} onRetry={() => void load(year)} /> : null}
        {state.kind === 'forbidden' ? <StaffOnly /> : null}
        {state.kind === 'ready' && state.data.enterprises.length === 0 ? (
          <View className="app-card" data-testid="enterprise-rates-empty">
            <Text className="app-muted">还没有灵活就业人员登记所在平台企业。人员在“零存整缴”中登记企业后，这里会显示各企业的参保率。</Text>
          </View>
        ) : null}
        {state.kind === 'ready' ? state.data.enterprises.map((enterprise) => <EnterpriseCard key={enterprise.enterpriseKey} enterprise={enterprise} />) : null}
      </AccessGate>
    </PageShell>
  );
}
