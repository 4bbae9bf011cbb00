import { Text, View } from '@tarojs/components';
import type { RefundView } from '@shared/api/contract';
import { AmountRow } from '../../../components/AmountRow';
import { StatusTag } from '../../../components/StatusTag';
import { Button } from '../../../components/nut/Button';
import { Loading } from '../../../components/nut/Loading';
import { formatFen } from '../../../lib/money';
import { shanghaiDateTime } from '../../../lib/today';
import { isRefundMoving, refundAmountLines, refundTone } from '../common/orderDisplay';
import '../common/payment.scss';

export interface RefundProgressProps {
  refund: RefundView;
  /** Who and which year, for the heading. */
  subject: string;
  /** The rule's explanation of the decision (D15), kept with the refund by the server; null for older refunds. */
  ruleMessage: string | null;
  /** True while the page is still asking the server; false once it stopped (settled or timed out). */
  following: boolean;
  onRefresh: () => void;
}

/** A refund's state and amounts, with the rule's explanation of the decision, followed until it settles. */
export function RefundProgress({ refund, subject, ruleMessage, following, onRefresh }: RefundProgressProps) {
  const moving = isRefundMoving(refund);
  return (
    <View className="app-card refund-progress" data-testid="refund-progress" data-state={refund.state}>
      <View className="payment-card__head">
        <Text className="payment-card__title">{subject}</Text>
        <StatusTag tone={refundTone(refund.state)} text={refund.stateLabel} testId="refund-state" />
      </View>
      {ruleMessage ? (
        <Text className="refund-progress__message" data-testid="refund-message">
          {ruleMessage}
        </Text>
      ) : null}
      {refund.state === 'SUSPENDED'
        ? null
        : refundAmountLines(refund).map((line) => (
            <AmountRow key={line.key} label={line.label} value={formatFen(line.fen)} testId={`refund-amount-${line.key}`} strong={line.key === 'total'} />
          ))}
      {refund.createdAt ? <AmountRow label="申请时间" value={shanghaiDateTime(refund.createdAt)} /> : null}
      {moving && following ? (
        <View className="refund-progress__waiting">
          <Loading type="circular" />
          <Text className="app-muted">退款处理中，页面会自动更新…</Text>
        </View>
      ) : null}
      {moving && !following ? (
        <View className="refund-progress__waiting">
          <Text className="app-muted">退款仍在处理中，一般几分钟内到账，请稍后刷新查看。</Text>
          <Button size="small" onClick={onRefresh} data-testid="refund-refresh">
            刷新
          </Button>
        </View>
      ) : null}
    </View>
  );
}
