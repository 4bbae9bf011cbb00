import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { loadPrepay, submitSheet, type PrepayInfo } from '../../../api/wechatPaySimulator';
import { Button } from '../../../components/nut/Button';
import { Loading } from '../../../components/nut/Loading';
import { formatFen } from '../../../lib/money';
import type { PaymentOutcome, RequestPaymentArgs } from './paymentOutcome';
import './WechatPaySheet.scss';

/** The merchant name WeChat shows on the sheet: the fund collects the premium. */
const MERCHANT_NAME = '合肥医保';

type SheetState =
  | { kind: 'loading' }
  | { kind: 'ready'; info: PrepayInfo }
  | { kind: 'submitting'; info: PrepayInfo }
  | { kind: 'failed'; message: string };

/**
 * h5 only: a payment sheet drawn like WeChat's, over the page. It shows what WeChat would (merchant, the amount
 * of the WeChat part, what is being paid for) and hands the payer's choice to the local simulator. Closing it
 * without confirming is a cancel: the simulator records a failed attempt and nothing is charged.
 */
export function WechatPaySheet({ args, onDone }: { args: RequestPaymentArgs; onDone: (outcome: PaymentOutcome) => void }) {
  const [state, setState] = useState<SheetState>({ kind: 'loading' });

  useEffect(() => {
    let alive = true;
    void loadPrepay(args).then((answer) => {
      if (!alive) return;
      setState(answer.ok ? { kind: 'ready', info: answer.data } : { kind: 'failed', message: answer.message });
    });
    return () => {
      alive = false;
    };
  }, [args]);

  const confirm = async (info: PrepayInfo) => {
    setState({ kind: 'submitting', info });
    const answer = await submitSheet(args, 'SUCCESS');
    if (answer.ok) onDone('confirmed');
    else setState({ kind: 'failed', message: answer.message });
  };

  const cancel = async () => {
    // Tell the simulator the attempt failed, as WeChat records a cancelled sheet; the answer changes nothing
    // for the payer, who is told "未扣款" either way.
    if (state.kind === 'ready') await submitSheet(args, 'FAIL');
    onDone(state.kind === 'failed' ? 'failed' : 'cancelled');
  };

  const info = state.kind === 'ready' || state.kind === 'submitting' ? state.info : null;
  const alreadyPaid = info?.trade_state === 'SUCCESS';

  return (
    <View className="wxpay-mask" data-testid="wechat-sheet">
      <View className="wxpay-sheet">
        <View className="wxpay-sheet__head">
          <View className="wxpay-sheet__close" onClick={() => void cancel()} data-testid="wechat-sheet-cancel">
            <Text>取消</Text>
          </View>
          <Text className="wxpay-sheet__title">微信支付</Text>
        </View>
        <Text className="wxpay-sheet__merchant" data-testid="wechat-sheet-merchant">
          {MERCHANT_NAME}
        </Text>
        {state.kind === 'loading' ? (
          <View className="wxpay-sheet__loading">
            <Loading type="circular" />
          </View>
        ) : null}
        {info ? (
          <>
            <Text className="wxpay-sheet__amount" data-testid="wechat-sheet-amount">
              {formatFen(info.total_fen)}
            </Text>
            <Text className="wxpay-sheet__desc">{info.description}</Text>
            <View className="wxpay-sheet__row">
              <Text className="wxpay-sheet__row-label">付款方式</Text>
              <Text>零钱</Text>
            </View>
            <View className="wxpay-sheet__confirm" data-testid="wechat-sheet-confirm">
              <Button
                block
                size="large"
                loading={state.kind === 'submitting'}
                disabled={state.kind === 'submitting'}
                onClick={() => (alreadyPaid ? onDone('confirmed') : void confirm(info))}
              >
                {alreadyPaid ? '已支付，完成' : '确认支付'}
              </Button>
            </View>
          </>
        ) : null}
        {state.kind === 'failed' ? (
          <View className="wxpay-sheet__failed" data-testid="wechat-sheet-error">
            <Text className="app-error">{state.message}</Text>
            <Button block size="large" onClick={() => onDone('failed')}>
              关闭
            </Button>
          </View>
        ) : null}
        <Text className="wxpay-sheet__note">本地测试环境的模拟支付，不会产生真实扣款</Text>
      </View>
    </View>
  );
}
