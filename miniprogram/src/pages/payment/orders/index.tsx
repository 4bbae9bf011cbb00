import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { OrderView, RefundView } from '@shared/api/contract';
import type { ApiError } from '@shared/api/errors';
import { paymentApi } from '../common/paymentApi';
import { hasSession, startLogin } from '../../../api/session';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { StatusTag } from '../../../components/StatusTag';
import { Button } from '../../../components/nut/Button';
import { formatFen } from '../../../lib/money';
import { openPage, ROUTES, withQuery } from '../../../lib/routes';
import { shanghaiDateTime } from '../../../lib/today';
import { orderTone, refundTone } from '../common/orderDisplay';
import { PageIntro, SectionTitle } from '../../../components/PageIntro';
import './index.scss';

type ListState = { kind: 'loading' } | { kind: 'failed'; error: ApiError } | { kind: 'ready'; orders: OrderView[]; refunds: RefundView[] };

function itemsText(order: OrderView): string {
  return order.items.map((item) => `${item.name} ${item.benefitYear}年度`).join('、');
}

function OrderCard({ order }: { order: OrderView }) {
  return (
    <View
      className="app-card record"
      data-testid="order-card"
      data-order-id={order.orderId}
      onClick={() => openPage(withQuery(ROUTES.receipt, { orderId: order.orderId }))}
    >
      <View className="record__head">
        <Text className="record__title">{itemsText(order)}</Text>
        <StatusTag tone={orderTone(order.state)} text={order.stateLabel} testId="order-card-state" />
      </View>
      <View className="record__foot">
        <Text className="app-muted">{shanghaiDateTime(order.createdAt)}</Text>
        <Text className="record__amount">{formatFen(order.totalFen)}</Text>
      </View>
      <Text className="record__link">{order.receiptNo ? '查看收据 ›' : '查看详情 ›'}</Text>
    </View>
  );
}

function RefundCard({ refund, name }: { refund: RefundView; name: string }) {
  const refundId = refund.refundId;
  return (
    <View
      className="app-card record"
      data-testid="refund-card"
      onClick={refundId ? () => openPage(withQuery(ROUTES.refund, { refundId })) : undefined}
    >
      <View className="record__head">
        <Text className="record__title">
          {name} {refund.benefitYear}年度 退费
        </Text>
        <StatusTag tone={refundTone(refund.state)} text={refund.stateLabel} testId="refund-card-state" />
      </View>
      <View className="record__foot">
        <Text className="app-muted">{refund.createdAt ? shanghaiDateTime(refund.createdAt) : ''}</Text>
        <Text className="record__amount">{formatFen(refund.refundFen)}</Text>
      </View>
    </View>
  );
}

/** 缴费记录: the user's orders (newest first, as the server lists them) and their refunds. */
export default function Orders() {
  const [state, setState] = useState<ListState>({ kind: 'loading' });

  const load = useCallback(async () => {
    if (!hasSession()) {
      startLogin();
      return;
    }
    const [orders, refunds] = await Promise.all([paymentApi.listPayments(), paymentApi.listRefunds()]);
    const failed = !orders.ok ? orders.error : !refunds.ok ? refunds.error : null;
    if (failed) {
      if (failed.code === 'UNAUTHENTICATED') startLogin();
      else setState({ kind: 'failed', error: failed });
      return;
    }
    if (orders.ok && refunds.ok) setState({ kind: 'ready', orders: orders.data.orders, refunds: refunds.data.refunds });
  }, []);

  // Reload on every show: coming back from a receipt or a refund must show their new states.
  useDidShow(() => {
    void load();
  });

  const names = new Map<string, string>();
  if (state.kind === 'ready') for (const order of state.orders) for (const item of order.items) names.set(item.personId, item.name);

  return (
    <PageShell testId="orders-page">
      <PageIntro title="缴费记录" intro="点选一笔缴费可查看收据，或申请退费。" />
      <PageLoadState
        state={state}
        onRetry={() => {
          setState({ kind: 'loading' });
          void load();
        }}
      />
      {state.kind === 'ready' ? (
        <View>
          {state.orders.length === 0 ? (
            <View className="app-card records__empty" data-testid="orders-empty">
              <Text className="app-muted">还没有缴费记录。</Text>
              <View className="app-actions">
                <Button type="primary" size="large" onClick={() => openPage(ROUTES.pay)}>
                  去缴费
                </Button>
              </View>
            </View>
          ) : (
            state.orders.map((order) => <OrderCard key={order.orderId} order={order} />)
          )}
          {state.refunds.length > 0 ? (
            <View data-testid="refund-list">
              <SectionTitle>退费记录</SectionTitle>
              {state.refunds.map((refund) => (
                <RefundCard
                  key={refund.refundId ?? `${refund.orderId}-${refund.personId}-${refund.benefitYear}`}
                  refund={refund}
                  name={names.get(refund.personId) ?? ''}
                />
              ))}
            </View>
          ) : null}
        </View>
      ) : null}
    </PageShell>
  );
}
