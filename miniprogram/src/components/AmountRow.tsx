import { Text, View } from '@tarojs/components';
import type { CoverageYear } from '@shared/api/contract';
import { formatFen } from '../lib/money';
import './AmountRow.scss';

export interface AmountRowProps {
  label: string;
  value: string;
  testId?: string;
  /** Bold, for the line that matters most (what is due, the total). */
  strong?: boolean;
  /** For long values such as a receipt number: the value wraps and the label keeps its one line. */
  longValue?: boolean;
}

/** A label on the left and its value on the right: one line of a bill. Amounts never wrap. */
export function AmountRow({ label, value, testId, strong = false, longValue = false }: AmountRowProps) {
  const className = ['amount-row', strong ? 'amount-row--strong' : '', longValue ? 'amount-row--long' : ''].filter(Boolean).join(' ');
  return (
    <View className={className} data-testid={testId}>
      <Text className="amount-row__label">{label}</Text>
      <Text className="amount-row__value">{value}</Text>
    </View>
  );
}

type QuoteFields = Pick<CoverageYear, 'standardFen' | 'reductions' | 'dueFen'>;

/**
 * A quote's breakdown as the server priced it: the standard, each reduction under its Chinese label, and what
 * is left to pay. 我的参保 and 缴费 show the same rows, so the user sees one bill in both places.
 */
export function QuoteRows({ quote, testIdPrefix, dueLabel = '应缴金额' }: { quote: QuoteFields; testIdPrefix: string; dueLabel?: string }) {
  return (
    <View className="quote-rows">
      {quote.standardFen !== null ? (
        <AmountRow label="个人缴费标准" value={formatFen(quote.standardFen)} testId={`${testIdPrefix}-standard`} />
      ) : null}
      {quote.reductions.map((reduction, index) => (
        <AmountRow
          key={`${reduction.rule}-${index}`}
          label={reduction.label ?? '减免'}
          value={`-${formatFen(reduction.fen)}`}
          testId={`${testIdPrefix}-reduction`}
        />
      ))}
      {quote.dueFen !== null ? <AmountRow label={dueLabel} value={formatFen(quote.dueFen)} testId={`${testIdPrefix}-due`} strong /> : null}
    </View>
  );
}
