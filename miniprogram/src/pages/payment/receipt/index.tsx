import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import type { OrderView, RefundView } from '@shared/api/contract';
import type { ApiError } from '@shared/api/errors';
import { paymentApi } from '../common/paymentApi';
import { startLogin } from '../../../api/session';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { StatusTag } from '../../../components/StatusTag';
import { Button } from '../../../components/nut/Button';
import { openPage, ROUTES, withQuery } from '../../../lib/routes';
import { CANCELLING_TEXT, refundTone } from '../common/orderDisplay';
import { OrderSummary } from '../common/OrderSummary';
import { usePaymentFlow } from '../common/usePaymentFlow';
import { Banner } from '../../../components/Notice';
import './index.scss';

type ReceiptState = { kind: 'loading' } | { kind: 'failed'; error: ApiError } | { kind: 'ready'; order: OrderView; refunds: RefundView[] };

type OrderItem = OrderView['items'][number];

function ItemRefund({ order, item, refund }: { order: OrderView; item: OrderItem; refund: RefundView | undefined }) {
  if (refund) {
    const refundId = refund.refundId;
    return (
      <View className="receipt-refund" data-testid="item-refund-state">
        <StatusTag tone={refundTone(refund.state)} text={refund.stateLabel} testId="item-refund-tag" />
        {refundId ? (
          <Text className="receipt-refund__link" onClick={() => openPage(withQuery(ROUTES.refund, { refundId }))}>
            查看退费进度 ›
          </Text>
        ) : null}
      </View>
    );
  }
  if (order.state !== 'SUCCESS') return null;
  if (item.suspended) {
    return (
      <View className="receipt-refund" data-testid="item-suspended">
        <StatusTag tone="default" text="已暂停参保（不退费）" testId="item-suspended-tag" />
      </View>
    );
  }
  if (order.refundElsewhere) {
    return (
      <Text className="app-muted receipt-refund" data-testid="item-refund-elsewhere">
        {order.refundElsewhere}
      </Text>
    );
  }
  return (
    <View className="receipt-refund" data-testid="item-refund">
      <Button
        size="small"
        onClick={() => openPage(withQuery(ROUTES.refund, { orderId: order.orderId, personId: item.personId, year: item.benefitYear }))}
      >
        申请退费
      </Button>
    </View>
  );
}

/** 收据 / 订单详情: one order's bill, its receipt number once paid, refunds per person-year, 继续支付 while open. */
export default function Receipt() {
  const { params } = useRouter();
  const orderId = params.orderId ?? '';
  const [state, setState] = useState<ReceiptState>({ kind: 'loading' });
  const flow = usePaymentFlow();

  const load = useCallback(async () => {
    const [order, refunds] = await Promise.all([paymentApi.getPayment(orderId), paymentApi.listRefunds()]);
    const failed = !order.ok ? order.error : !refunds.ok ? refunds.error : null;
    if (failed) {
      if (failed.code === 'UNAUTHENTICATED') startLogin();
      else setState({ kind: 'failed', error: failed });
      return;
    }
    if (order.ok && refunds.ok) {
      setState({ kind: 'ready', order: order.data.order, refunds: refunds.data.refunds.filter((refund) => refund.orderId === orderId) });
    }
  }, [orderId]);

  // Coming back from 申请退费 shows the item's refund state at once.
  useDidShow(() => {
    void load();
  });

  if (state.kind !== 'ready') {
    return (
      <PageShell testId="receipt-page">
        <PageLoadState
          state={state}
          onRetry={() => {
            setState({ kind: 'loading' });
            void load();
          }}
        />
      </PageShell>
    );
  }

  const { order, refunds } = state;
  const refundOf = (item: OrderItem) => refunds.find((refund) => refund.personId === item.personId && refund.benefitYear === item.benefitYear);
  const canContinue = order.state === 'PENDING' && order.requestPayment !== undefined;

  return (
    <PageShell testId="receipt-page">
      <OrderSummary order={order} itemExtra={(item) => <ItemRefund order={order} item={item} refund={refundOf(item)} />} />
      {order.receiptNo && !order.refundElsewhere && order.items.some((item) => !item.suspended && !item.refundState) ? (
        <Text className="app-muted receipt__note">
          本收据为电子缴费凭证。因参加职工医保、离境等原因退出居民医保的，可对相应人员年度申请退费，款项按原渠道退回。
        </Text>
      ) : null}
      {order.state === 'UNKNOWN' ? <Banner tone="info">支付结果确认中，请稍后刷新查看。</Banner> : null}
      {order.cancelling ? <Banner tone="info">{CANCELLING_TEXT}</Banner> : null}
      {canContinue ? (
        <View className="app-actions">
          <Button type="primary" size="large" loading={flow.paying} disabled={flow.paying} onClick={() => void flow.payOrder(order)} data-testid="continue-pay">
            继续支付
          </Button>
        </View>
      ) : null}
      {flow.sheet}
    </PageShell>
  );
}
