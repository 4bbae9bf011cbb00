import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { OrderView } from '@shared/api/contract';
import { AmountRow } from '../../../components/AmountRow';
import { StatusTag } from '../../../components/StatusTag';
import { formatFen } from '../../../lib/money';
import { shanghaiDateTime } from '../../../lib/today';
import { orderAmountLines, orderTone } from './orderDisplay';
import './payment.scss';

type OrderItem = OrderView['items'][number];

/**
 * An order as a bill: who and which years, what each cost, the total and where the money came from, and the
 * receipt number once paid. The result page and the receipt show the same bill; the receipt adds per-item
 * refund actions through `itemExtra`.
 */
export function OrderSummary({ order, itemExtra }: { order: OrderView; itemExtra?: (item: OrderItem) => ReactNode }) {
  return (
    <View className="app-card order-summary" data-testid="order-summary" data-order-id={order.orderId}>
      <View className="payment-card__head">
        <Text className="payment-card__title">{order.receiptNo ? '缴费收据' : '缴费订单'}</Text>
        <StatusTag tone={orderTone(order.state)} text={order.stateLabel} testId="order-state" />
      </View>
      {order.items.map((item) => (
        <View key={`${item.personId}-${item.benefitYear}`} className="order-item" data-testid="order-item" data-name={item.name} data-year={String(item.benefitYear)}>
          <AmountRow label={`${item.name} · ${item.benefitYear}年度`} value={formatFen(item.dueFen)} />
          {itemExtra ? itemExtra(item) : null}
        </View>
      ))}
      <View className="order-summary__amounts">
        {orderAmountLines(order).map((line) => (
          <AmountRow key={line.key} label={line.label} value={formatFen(line.fen)} testId={`amount-${line.key}`} strong={line.key === 'total'} />
        ))}
      </View>
      {order.receiptNo ? <AmountRow label="收据号" value={order.receiptNo} testId="receipt-no" longValue /> : null}
      <AmountRow label="下单时间" value={shanghaiDateTime(order.createdAt)} />
    </View>
  );
}
