import { Text, View } from '@tarojs/components';
import type { CoverageYear } from '@shared/api/contract';
import { AmountRow, QuoteRows } from '../../../components/AmountRow';
import { StatusTag, type StatusTone } from '../../../components/StatusTag';
import { Button } from '../../../components/nut/Button';
import { openPage, ROUTES, withQuery } from '../../../lib/routes';
import type { Advance } from '../../credit/common/creditApi';
import { AdvanceHint, advanceInProgress } from './AdvanceHint';

const STATE_LABELS: Record<CoverageYear['state'], { text: string; tone: StatusTone }> = {
  ENROLLED: { text: '已参保', tone: 'success' },
  DUE: { text: '待缴费', tone: 'warning' },
  // Not payable now (its note says why: a waiting period past the year's end, a year not yet priced…).
  UNAVAILABLE: { text: '暂不可缴费', tone: 'default' },
  // Left after the year started (D15): paid, no refund, no benefits; the note says since when.
  SUSPENDED: { text: '已暂停参保', tone: 'default' },
};

function waitingText(waitingMonths: number | null): string | null {
  if (waitingMonths === null) return null;
  return waitingMonths === 0 ? '无等待期' : `${waitingMonths}个月`;
}

/**
 * One benefit year of one person: state, the quote's breakdown, and when benefits run. `onPay` is given only
 * when the user may pay for this person (themselves, or a verified relative), so a DUE year then offers 去缴费 —
 * unless a bank advance (信用参保) is paying it: the year is held by that advance and a payment would be refused.
 */
export function YearCoverage({ year, advance, onPay }: { year: CoverageYear; advance?: Advance; onPay?: () => void }) {
  const inProgress = advance !== undefined && advanceInProgress(advance) && year.state !== 'ENROLLED';
  // An unfinished payment holds the year (its own advance is shown by AdvanceHint): no 去缴费 that would be refused.
  const paying = !inProgress && year.paymentInProgress !== undefined;
  const state = inProgress ? { text: '银行代缴办理中', tone: 'info' as StatusTone } : paying ? { text: '缴费办理中', tone: 'info' as StatusTone } : STATE_LABELS[year.state];
  const waiting = waitingText(year.waitingMonths);
  const payable = !inProgress && !paying && onPay !== undefined && year.state === 'DUE' && year.dueFen !== null;
  const payingOrderId = paying ? year.paymentInProgress?.orderId : undefined;
  return (
    <View className="year" data-testid="coverage-year" data-year={String(year.benefitYear)}>
      <View className="year__head">
        <Text className="year__title">{year.benefitYear}年度</Text>
        <StatusTag tone={state.tone} text={state.text} testId="coverage-state" />
        {year.provisional ? <StatusTag tone="info" plain text="暂定标准" testId="coverage-provisional" /> : null}
      </View>
      <QuoteRows quote={year} testIdPrefix="coverage" />
      {year.benefitStart && year.benefitEnd ? (
        <AmountRow label="待遇期" value={`${year.benefitStart} 至 ${year.benefitEnd}`} testId="coverage-benefit" />
      ) : null}
      {waiting ? <AmountRow label="等待期" value={waiting} testId="coverage-waiting" /> : null}
      {year.provisional ? <Text className="app-muted year__note">该年度标准尚未公布，暂按最新标准测算，以正式公布为准。</Text> : null}
      {year.note ? <Text className="app-muted year__note">{year.note}</Text> : null}
      {advance ? <AdvanceHint advance={advance} /> : null}
      {paying ? (
        <View className="year__paying" data-testid="coverage-paying">
          <Text className="app-muted year__note">
            {payingOrderId ? '您有一笔该年度的缴费尚未完成，可查看订单继续支付或等待结果。' : '该年度已有一笔缴费正在办理中（可能由家人发起或自动扣款），请稍后查看结果。'}
          </Text>
          {payingOrderId ? (
            <Button size="normal" onClick={() => openPage(withQuery(ROUTES.receipt, { orderId: payingOrderId }))} data-testid="coverage-open-order">
              查看订单
            </Button>
          ) : null}
        </View>
      ) : null}
      {payable ? (
        <View className="year__pay" data-testid="go-pay-year">
          <Button type="primary" size="normal" onClick={onPay}>
            去缴费
          </Button>
        </View>
      ) : null}
    </View>
  );
}
