import { Text, View } from '@tarojs/components';
import { openPage } from '../../../lib/routes';
import { SERVICE_ROUTES } from '../../../lib/serviceRoutes';
import type { Advance } from '../../credit/common/creditApi';

/** The bank has not answered yet: the year is being paid by the bank, not waiting for the resident. */
export const advanceInProgress = (advance: Advance): boolean => advance.state === 'INIT' || advance.state === 'UNKNOWN';

/** The line 我的参保 shows under a year a bank advance holds; null once nothing is left to say (repaid). */
function hintText(advance: Advance): string | null {
  if (advanceInProgress(advance)) return '银行代缴结果确认中，请勿重复缴费，确认后自动更新。';
  if (advance.repaymentPending) return `银行代缴，还款确认中（还款截止 ${advance.dueDate}）`;
  if (advance.state === 'PAID') return `银行代缴，待还款（还款截止 ${advance.dueDate}）。还款前暂不能享受医保待遇。`;
  if (advance.state === 'OVERDUE') return `银行代缴已逾期，待还款（还款截止 ${advance.dueDate}），暂缓享受医保待遇。`;
  return null;
}

/** A year held by a bank advance (信用参保, D16): what it means for the resident, with the way to 信用参保. */
export function AdvanceHint({ advance }: { advance: Advance }) {
  const text = hintText(advance);
  if (text === null) return null;
  const owing = advance.state === 'PAID' || advance.state === 'OVERDUE';
  return (
    <View className="year__advance" data-testid="coverage-advance" data-state={advance.state}>
      <Text className="year__note" data-testid="coverage-advance-hint">
        {text}
      </Text>
      <Text className="year__advance-link" onClick={() => openPage(SERVICE_ROUTES.credit)} data-testid="coverage-advance-link">
        {owing && !advance.repaymentPending ? '去信用参保还款 ›' : '查看信用参保 ›'}
      </Text>
    </View>
  );
}
