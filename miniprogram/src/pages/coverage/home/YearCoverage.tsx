import { Text, View } from '@tarojs/components';
import type { CoverageYear } from '@shared/api/contract';
import { formatFen } from '../../../lib/money';
import { StatusTag, type StatusTone } from '../../../components/StatusTag';

const STATE_LABELS: Record<CoverageYear['state'], { text: string; tone: StatusTone }> = {
  ENROLLED: { text: '已参保', tone: 'success' },
  DUE: { text: '待缴费', tone: 'warning' },
  UNAVAILABLE: { text: '暂无报价', tone: 'default' },
};

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <View className="year__row" data-testid={testId}>
      <Text className="year__label">{label}</Text>
      <Text className="year__value">{value}</Text>
    </View>
  );
}

function waitingText(waitingMonths: number | null): string | null {
  if (waitingMonths === null) return null;
  return waitingMonths === 0 ? '无等待期' : `${waitingMonths}个月`;
}

/** One benefit year of one person: state, the quote's breakdown, and when benefits run. */
export function YearCoverage({ year }: { year: CoverageYear }) {
  const state = STATE_LABELS[year.state];
  const waiting = waitingText(year.waitingMonths);
  return (
    <View className="year" data-testid="coverage-year" data-year={String(year.benefitYear)}>
      <View className="year__head">
        <Text className="year__title">{year.benefitYear}年度</Text>
        <StatusTag tone={state.tone} text={state.text} testId="coverage-state" />
        {year.provisional ? <StatusTag tone="info" plain text="暂定标准" testId="coverage-provisional" /> : null}
      </View>
      {year.standardFen !== null ? <Row label="个人缴费标准" value={formatFen(year.standardFen)} testId="coverage-standard" /> : null}
      {year.reductions.map((reduction, index) => (
        <Row
          key={`${reduction.rule}-${index}`}
          label={reduction.label ?? '减免'}
          value={`-${formatFen(reduction.fen)}`}
          testId="coverage-reduction"
        />
      ))}
      {year.dueFen !== null ? <Row label="应缴金额" value={formatFen(year.dueFen)} testId="coverage-due" /> : null}
      {year.benefitStart && year.benefitEnd ? (
        <Row label="待遇期" value={`${year.benefitStart} 至 ${year.benefitEnd}`} testId="coverage-benefit" />
      ) : null}
      {waiting ? <Row label="等待期" value={waiting} testId="coverage-waiting" /> : null}
      {year.provisional ? <Text className="app-muted year__note">该年度标准尚未公布，暂按最新标准测算，以正式公布为准。</Text> : null}
      {year.note ? <Text className="app-muted year__note">{year.note}</Text> : null}
    </View>
  );
}
