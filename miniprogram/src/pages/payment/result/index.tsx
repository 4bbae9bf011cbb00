import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { OrderView } from '@shared/api/contract';
import { paymentApi } from '../common/paymentApi';
import { startLogin } from '../../../api/session';
import { ErrorBlock, LoadingBlock } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { Button } from '../../../components/nut/Button';
import { goHome, openPage, ROUTES } from '../../../lib/routes';
import { isOrderSettled, paymentResultView } from '../common/orderDisplay';
import { OrderSummary } from '../common/OrderSummary';
import { parseOutcome } from '../common/paymentOutcome';
import { ORDER_POLL, pollUntil } from '../common/poll';
import { usePaymentFlow } from '../common/usePaymentFlow';
import { Banner } from '../../../components/Notice';
import './index.scss';

type ResultState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; order: OrderView; stoppedWaiting: boolean };

/**
 * 缴费结果: what happened to the order, from the server's word. After a confirmed sheet the page waits for WeChat's
 * callback to reach the server (polling the order); after a cancel it says nothing was charged and offers to pay
 * again with the same order.
 */
export default function PayResult() {
  const { params } = useRouter();
  const orderId = params.orderId ?? '';
  const outcome = parseOutcome(params.outcome);
  const accountEmpty = params.accountEmpty === '1';
  const [state, setState] = useState<ResultState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const alive = useRef(true);
  const flow = usePaymentFlow();

  useEffect(() => {
    alive.current = true;
    const follow = async () => {
      // A cancelled or failed sheet is answered at once: the payer is told "未扣款" without waiting on WeChat.
      const shouldWait = outcome === 'confirmed' || outcome === 'none';
      const result = await pollUntil(() => paymentApi.getPayment(orderId), ({ order }) => !shouldWait || isOrderSettled(order), {
        ...ORDER_POLL,
        stopped: () => !alive.current,
        onValue: ({ order }) => alive.current && setState({ kind: 'ready', order, stoppedWaiting: false }),
      });
      if (!alive.current) return;
      if (result.value) setState({ kind: 'ready', order: result.value.order, stoppedWaiting: true });
      else {
        const answer = await paymentApi.getPayment(orderId);
        if (!alive.current) return;
        if (answer.ok) setState({ kind: 'ready', order: answer.data.order, stoppedWaiting: true });
        else if (answer.error.code === 'UNAUTHENTICATED') startLogin();
        else setState({ kind: 'failed', message: answer.error.message });
      }
    };
    void follow();
    return () => {
      alive.current = false;
    };
  }, [orderId, outcome, attempt]);

  if (state.kind === 'loading') {
    return (
      <PageShell testId="pay-result-page">
        <LoadingBlock text="正在确认支付结果…" />
      </PageShell>
    );
  }
  if (state.kind === 'failed') {
    return (
      <PageShell testId="pay-result-page">
        <ErrorBlock
          message={state.message}
          onRetry={() => {
            setState({ kind: 'loading' });
            setAttempt((n) => n + 1);
          }}
        />
      </PageShell>
    );
  }

  const { order } = state;
  const view = paymentResultView(order.state, outcome, state.stoppedWaiting || isOrderSettled(order), order);
  // The same order can be paid again while WeChat still holds it open (after a cancel, or a failed sheet).
  const canRetry = view.kind === 'not-paid' && order.state === 'PENDING' && order.requestPayment !== undefined;

  return (
    <PageShell testId="pay-result-page">
      <View className={`app-card pay-banner pay-banner--${view.kind}`} data-testid="pay-result" data-kind={view.kind}>
        <Text className="pay-banner__title" data-testid="pay-result-title">
          {view.title}
        </Text>
        <Text className="pay-banner__detail" data-testid="pay-result-detail">
          {view.detail}
        </Text>
      </View>
      {accountEmpty ? (
        <Banner tone="info" testId="pay-account-empty">
          您的职工医保个人账户暂无可用余额，本次应缴金额全部通过微信支付。
        </Banner>
      ) : null}
      {/* Paid in the sheet but not yet confirmed by WeChat: "待支付" would tell the payer to pay again. */}
      <OrderSummary order={outcome === 'confirmed' && order.state === 'PENDING' ? { ...order, stateLabel: '支付结果确认中' } : order} />
      <View className="app-actions">
        {state.stoppedWaiting && !isOrderSettled(order) && !canRetry && (outcome === 'confirmed' || outcome === 'none') ? (
          <Button
            type="primary"
            size="large"
            onClick={() => {
              setState({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
            data-testid="result-refresh"
          >
            刷新结果
          </Button>
        ) : null}
        {canRetry ? (
          <Button type="primary" size="large" loading={flow.paying} disabled={flow.paying} onClick={() => void flow.payOrder(order)} data-testid="result-retry">
            重新支付
          </Button>
        ) : null}
        <Button type={canRetry ? 'default' : 'primary'} size="large" onClick={goHome} data-testid="result-home">
          返回我的参保
        </Button>
        <Button size="large" onClick={() => openPage(ROUTES.orders)} data-testid="result-orders">
          查看缴费记录
        </Button>
      </View>
      {flow.sheet}
    </PageShell>
  );
}
