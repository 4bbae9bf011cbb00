import { Text, View } from '@tarojs/components';
import { AmountRow } from '../../../components/AmountRow';
import { StatusTag, type StatusTone } from '../../../components/StatusTag';
import { Button } from '../../../components/nut/Button';
import { formatFen } from '../../../lib/money';
import { shanghaiDateTime } from '../../../lib/today';
import { OWING_STATES, type Advance, type RepayChannel } from '../common/creditApi';
import { Callout } from '../../../components/Notice';

const TONES: Record<Advance['state'], StatusTone> = {
  INIT: 'info', UNKNOWN: 'info', PAID: 'warning', OVERDUE: 'warning', REPAID: 'success', REFUSED: 'default', FAILED: 'default',
};

/** A repayment awaiting the bank's answer is said as such (the server's label then reads 还款确认中), never as repaid. */
const toneOf = (advance: Advance): StatusTone => (advance.repaymentPending ? 'info' : TONES[advance.state]);

/** An event time: an instant in Shanghai wall-clock time, or a day as it is. */
const when = (at: string) => (at.length > 10 ? shanghaiDateTime(at) : at);

interface Props {
  advance: Advance;
  onRepay: (advance: Advance, channel: RepayChannel) => void;
  /** An open WeChat sheet of the viewer's own: pay it (继续支付) or cancel it. */
  onContinue: (advance: Advance) => void;
  onCancelSheet: (advance: Advance) => void;
  /** A WeChat sheet is open over the page, or a paid one is being confirmed: no repayment step may start. */
  busy?: boolean;
}

/** One bank advance: what the bank paid, by when to repay, the repay buttons while money is owed, and its 办理记录. */
export function AdvanceCard({ advance, onRepay, onContinue, onCancelSheet, busy = false }: Props) {
  const owing = OWING_STATES.includes(advance.state);
  const sheet = advance.wechatRepayment;
  return (
    <View className="app-card advance" data-testid="advance-card" data-state={advance.state} data-name={advance.personName} data-year={advance.benefitYear}>
      <View className="credit__head">
        <Text className="credit__name">
          {advance.personName} {advance.benefitYear}年度
        </Text>
        <StatusTag tone={toneOf(advance)} text={advance.stateLabel} testId="advance-state" />
      </View>
      <AmountRow label="银行代缴金额" value={formatFen(advance.amountFen)} testId="advance-amount" strong />
      {/* Part repaid at the bank counter: what is left is what the button repays. */}
      {owing && advance.repaidFen > 0 ? (
        <>
          <AmountRow label="已还金额" value={formatFen(advance.repaidFen)} testId="advance-repaid" />
          <AmountRow label="尚需归还" value={formatFen(advance.outstandingFen)} testId="advance-outstanding" strong />
        </>
      ) : null}
      {/* A request the bank refused, or that never went through, was never signed. */}
      <AmountRow label={advance.state === 'REFUSED' || advance.state === 'FAILED' ? '申请日期' : '签约日期'} value={advance.signDate} />
      {/* A refused or failed request owes nothing: no repayment term to show. */}
      {advance.state !== 'REFUSED' && advance.state !== 'FAILED' ? <AmountRow label="还款截止日（免息）" value={advance.dueDate} testId="advance-due" /> : null}
      {advance.restoredFrom ? <AmountRow label="恢复待遇日期" value={advance.restoredFrom} testId="advance-restored" /> : null}
      {advance.creditRecorded ? (
        <Callout tone="danger" testId="advance-credit-recorded">
          该笔代缴曾逾期未还，已记入个人征信和医保信用档案。
        </Callout>
      ) : null}
      {advance.note ? (
        <Text className="credit__line credit__refused" data-testid="advance-note">
          {advance.note}
        </Text>
      ) : null}
      {advance.state === 'PAID' && !advance.repaymentPending && !sheet ? (
        <Text className="app-muted credit__line">享受医保待遇前请先还清银行代缴的保费，还款次日起享受待遇。</Text>
      ) : null}
      {advance.repaymentPending ? (
        <Text className="app-muted credit__line" data-testid="advance-repayment-pending">
          有一笔还款正在确认中，银行确认后即更新，无需重复还款。
        </Text>
      ) : null}
      {owing && sheet ? (
        <View data-testid="advance-wechat-sheet">
          <Text className="app-muted credit__line">
            {sheet.cancelling
              ? `正在关闭微信还款 ${formatFen(sheet.amountFen)}（已取消，或待还金额已变化），未扣款；关闭后可按待还金额重新还款。`
              : sheet.requestPayment
                ? `有一笔微信还款 ${formatFen(sheet.amountFen)} 尚未支付，可继续支付，或取消后改用其他方式。`
                : `家人发起的一笔微信还款 ${formatFen(sheet.amountFen)} 尚未支付，完成、取消或超时关闭后才能再次还款。`}
          </Text>
          {sheet.requestPayment || sheet.cancellable ? (
            <View className="app-actions">
              {sheet.requestPayment ? (
                <Button type="primary" size="large" disabled={busy} onClick={() => onContinue(advance)} data-testid="advance-continue-wechat">
                  继续微信支付 {formatFen(sheet.amountFen)}
                </Button>
              ) : null}
              {sheet.cancellable ? (
                <Button size="large" disabled={busy} onClick={() => onCancelSheet(advance)} data-testid="advance-cancel-wechat">
                  取消本次还款
                </Button>
              ) : null}
            </View>
          ) : null}
        </View>
      ) : null}
      {owing && !sheet ? (
        <View className="app-actions">
          <Button type="primary" size="large" disabled={busy || advance.repaymentPending} onClick={() => onRepay(advance, 'wechatpay')} data-testid="advance-repay-wechat">
            微信支付还款 {formatFen(advance.outstandingFen)}
          </Button>
          <Button size="large" disabled={busy || advance.repaymentPending} onClick={() => onRepay(advance, 'bank')} data-testid="advance-repay">
            银行账户还款 {formatFen(advance.outstandingFen)}
          </Button>
        </View>
      ) : null}
      {advance.history && advance.history.length > 0 ? (
        <View className="credit__history" data-testid="advance-history">
          <Text className="credit__history-title">办理记录</Text>
          {advance.history.map((event, index) => (
            <View key={`${event.kind}-${index}`} className="credit__event" data-testid="advance-event" data-kind={event.kind}>
              <Text className="app-muted credit__event-at">{when(event.at)}</Text>
              <Text className="credit__event-label">{event.label}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
