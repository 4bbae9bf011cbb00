import { Text, View } from '@tarojs/components';
import type { NextDebit } from '@shared/api/contract';
import { AmountRow } from '../../../components/AmountRow';
import { shanghaiDateTime } from '../../../lib/today';
import { amountText, noticeText } from '../common/agreementDisplay';
import { Callout } from '../../../components/Notice';

/** 下次扣款: the benefit year, the amount in 元, the planned day and its notice, and the last failure if any. */
export function NextDebitBlock({ next }: { next: NextDebit }) {
  const notice = noticeText(next);
  return (
    <View className="next-debit" data-testid="next-debit" data-status={next.status} data-year={next.benefitYear}>
      <View className="next-debit__head">
        <Text className="next-debit__title">{next.benefitYear}年度 居民医保费</Text>
        <Text className="next-debit__status" data-testid="next-debit-status">
          {next.statusLabel}
        </Text>
      </View>
      <AmountRow label="扣款金额" value={amountText(next)} testId="next-debit-amount" strong />
      {next.plannedDate ? <AmountRow label="计划扣款日" value={next.plannedDate} testId="next-debit-date" /> : null}
      {notice ? (
        <Text className="app-muted next-debit__line" data-testid="next-debit-notice">
          {notice}
        </Text>
      ) : null}
      {next.lastFailure ? (
        <Callout tone="danger" testId="next-debit-failure">
          第{next.lastFailure.attempt}次扣款未成功（{shanghaiDateTime(next.lastFailure.at)}）：{next.lastFailure.reason}
        </Callout>
      ) : null}
      {next.status === 'gave-up' || next.status === 'not-payable' ? (
        <Text className="app-muted next-debit__line">{next.note ?? `请在${next.periodEnd ? ` ${next.periodEnd} ` : ''}集中参保期结束前，在“我的参保”中直接缴费。`}</Text>
      ) : null}
    </View>
  );
}
