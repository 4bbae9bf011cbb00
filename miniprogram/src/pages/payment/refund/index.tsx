import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { REFUND_REASON_VALUES, type OrderView, type RefundView } from '@shared/api/contract';
import { REFUND_REASON_LABELS } from '@shared/policy/categories';
import { paymentApi, type RefundReason } from '../common/paymentApi';
import { startLogin } from '../../../api/session';
import { AmountRow } from '../../../components/AmountRow';
import { FormAlert } from '../../../components/FormAlert';
import { ErrorBlock, LoadingBlock } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { Button } from '../../../components/nut/Button';
import { RadioGroup } from '../../../components/nut/RadioGroup';
// RadioGroup draws its options with Radio, whose stylesheet this import brings in.
import '../../../components/nut/Radio';
import { formatFen } from '../../../lib/money';
import { goHome, openPage, ROUTES } from '../../../lib/routes';
import { isRefundMoving, refundRuleMessage } from '../common/orderDisplay';
import { pollUntil, REFUND_POLL } from '../common/poll';
import { RefundProgress } from './RefundProgress';
import './index.scss';

const REASON_OPTIONS = REFUND_REASON_VALUES.map((reason) => ({ label: REFUND_REASON_LABELS[reason], value: reason }));

type OrderItem = OrderView['items'][number];

type PageState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'form'; order: OrderView; item: OrderItem }
  | { kind: 'progress'; refund: RefundView; subject: string; ruleMessage: string | null };

function subjectOf(name: string, benefitYear: number): string {
  return `${name} ${benefitYear}年度 退费`;
}

/** Finds what the page is about: a refund to follow (refundId), or an order item to request a refund for. */
async function loadPage(params: Record<string, string | undefined>): Promise<PageState | 'login'> {
  const fail = (code: string, message: string): PageState | 'login' => (code === 'UNAUTHENTICATED' ? 'login' : { kind: 'failed', message });
  if (params.refundId) {
    const refund = await paymentApi.getRefund(params.refundId);
    if (!refund.ok) return fail(refund.error.code, refund.error.message);
    const order = await paymentApi.getPayment(refund.data.refund.orderId);
    const name = order.ok ? order.data.order.items.find((item) => item.personId === refund.data.refund.personId)?.name ?? '' : '';
    return { kind: 'progress', refund: refund.data.refund, subject: subjectOf(name, refund.data.refund.benefitYear), ruleMessage: refundRuleMessage(refund.data.refund) };
  }
  // Opened without saying which payment (a stale link, a shared page): no call with an empty id, whose answer
  // would name the missing field in the contract's words.
  if (!params.orderId) return { kind: 'failed', message: '没有指定要退费的缴费记录，请从“缴费记录”中选择一笔缴费后申请退费' };
  const [order, refunds] = await Promise.all([paymentApi.getPayment(params.orderId), paymentApi.listRefunds()]);
  if (!order.ok) return fail(order.error.code, order.error.message);
  const item = order.data.order.items.find((entry) => entry.personId === params.personId && String(entry.benefitYear) === params.year);
  if (!item) return { kind: 'failed', message: '未找到该人员该年度的缴费记录' };
  // Suspended after the year started (D15): no refund to ask for, and asking again would change nothing.
  if (item.suspended) return { kind: 'failed', message: `${item.name} ${item.benefitYear}年度已暂停参保（不退费），无需再次申请` };
  // Asked already (say, from another page): follow that refund instead of offering a second request.
  const existing = refunds.ok
    ? refunds.data.refunds.find((refund) => refund.orderId === order.data.order.orderId && refund.personId === item.personId && refund.benefitYear === item.benefitYear)
    : undefined;
  if (existing) return { kind: 'progress', refund: existing, subject: subjectOf(item.name, item.benefitYear), ruleMessage: refundRuleMessage(existing) };
  return { kind: 'form', order: order.data.order, item };
}

/**
 * 申请退费 (D15) and its progress. The rules engine on the server decides: a refund back to the original
 * sources, a suspension once the year has started, or a refusal whose Chinese reason is shown as it comes.
 */
export default function Refund() {
  const { params } = useRouter();
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  const [reason, setReason] = useState<RefundReason | ''>('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [following, setFollowing] = useState(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const follow = useCallback(async (refund: RefundView) => {
    if (!isRefundMoving(refund) || refund.refundId === null) return;
    const refundId = refund.refundId;
    setFollowing(true);
    await pollUntil(() => paymentApi.getRefund(refundId), (answer) => !isRefundMoving(answer.refund), {
      ...REFUND_POLL,
      stopped: () => !alive.current,
      onValue: (answer) => {
        if (alive.current) setState((previous) => (previous.kind === 'progress' ? { ...previous, refund: answer.refund } : previous));
      },
    });
    if (alive.current) setFollowing(false);
  }, []);

  const load = useCallback(async () => {
    const next = await loadPage(params);
    if (!alive.current) return;
    if (next === 'login') {
      startLogin();
      return;
    }
    setState(next);
    if (next.kind === 'progress') void follow(next.refund);
  }, [params, follow]);

  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (order: OrderView, item: OrderItem) => {
    setSubmitError(null);
    if (reason === '') {
      setReasonError('请选择退费原因');
      return;
    }
    setSubmitting(true);
    const result = await paymentApi.requestRefund({ orderId: order.orderId, personId: item.personId, benefitYear: item.benefitYear, reason });
    setSubmitting(false);
    if (!result.ok) {
      if (result.error.code === 'UNAUTHENTICATED') startLogin();
      // NOT_REFUNDABLE carries the rule's own reason (for instance why a year cannot be withdrawn).
      else setSubmitError(result.error.message);
      return;
    }
    const refund = result.data.refund;
    setState({ kind: 'progress', refund, subject: subjectOf(item.name, item.benefitYear), ruleMessage: refundRuleMessage(refund) });
    void follow(refund);
  };

  return (
    <PageShell testId="refund-page">
      {state.kind === 'loading' ? <LoadingBlock /> : null}
      {state.kind === 'failed' ? (
        <ErrorBlock
          message={state.message}
          onRetry={() => {
            setState({ kind: 'loading' });
            void load();
          }}
        />
      ) : null}
      {state.kind === 'form' ? (
        <View className="app-card" data-testid="refund-form">
          <Text className="app-title">申请退费</Text>
          <AmountRow label={`${state.item.name} · ${state.item.benefitYear}年度`} value={formatFen(state.item.dueFen)} testId="refund-item" />
          <Text className="app-muted refund__intro">
            待遇年度开始前因下列原因退出居民医保的，全额退还本人所缴费用，按原渠道退回；待遇年度开始后不予退费，改为暂停参保。预缴的年度在开始前可申请退还。
          </Text>
          <View className="refund__reasons" data-testid="refund-reasons">
            <Text className="refund__label">退费原因</Text>
            <RadioGroup
              value={reason}
              options={REASON_OPTIONS}
              onChange={(value) => {
                setReason(String(value) as RefundReason);
                setReasonError(undefined);
                setSubmitError(null);
              }}
            />
            {reasonError ? (
              <Text className="app-error" data-testid="refund-reasons-error">
                {reasonError}
              </Text>
            ) : null}
          </View>
          <FormAlert message={submitError} />
          <View className="app-actions">
            <Button
              type="primary"
              size="large"
              loading={submitting}
              disabled={submitting}
              onClick={() => void submit(state.order, state.item)}
              data-testid="refund-submit"
            >
              提交退费申请
            </Button>
          </View>
        </View>
      ) : null}
      {state.kind === 'progress' ? (
        <RefundProgress
          refund={state.refund}
          subject={state.subject}
          ruleMessage={state.ruleMessage}
          following={following}
          onRefresh={() => void follow(state.refund)}
        />
      ) : null}
      {state.kind === 'progress' ? (
        <View className="app-actions">
          <Button size="large" onClick={() => openPage(ROUTES.orders)} data-testid="refund-to-orders">
            查看缴费记录
          </Button>
          <Button size="large" onClick={goHome} data-testid="refund-home">
            返回我的参保
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
