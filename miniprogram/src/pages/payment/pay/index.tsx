import { useCallback, useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import type { ApiError } from '@shared/api/errors';
import { api } from '../../../api/client';
import { hasSession, startLogin } from '../../../api/session';
import { FormAlert } from '../../../components/FormAlert';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { Button } from '../../../components/nut/Button';
import { Switch } from '../../../components/nut/Switch';
import { formatFen } from '../../../lib/money';
import { paymentApi } from '../common/paymentApi';
import { usePaymentFlow } from '../common/usePaymentFlow';
import { choiceKey, MAX_ITEMS_PER_ORDER, personChoices, summarize, type PersonChoices } from './choices';
import { PersonOptions } from './PersonOptions';
import { PageIntro } from '../../../components/PageIntro';
import './index.scss';

type LoadState = { kind: 'loading' } | { kind: 'failed'; error: ApiError } | { kind: 'ready'; people: PersonChoices[]; accountBalanceFen: number; accountHeldFen: number };

function TotalText({ totalFen, prepayCount }: ReturnType<typeof summarize>) {
  const note = prepayCount > 0 ? `（含预缴 ${prepayCount} 个年度，按当前标准锁价）` : '';
  return (
    <View className="pay-total" data-testid="pay-total">
      <Text className="pay-total__label">合计</Text>
      <Text className="pay-total__value">{formatFen(totalFen)}</Text>
      {note ? <Text className="app-muted pay-total__note">{note}</Text> : null}
    </View>
  );
}

/**
 * 缴费: choose people (the user and verified relatives) and benefit years (the year being collected, and later
 * years as prepayment, D12), see each quote first, optionally let the employee personal account pay first (D14),
 * then pay. The server prices the order again; the client only says who and which years.
 */
export default function Pay() {
  const router = useRouter();
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [useAccount, setUseAccount] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const flow = usePaymentFlow();

  const load = useCallback(async () => {
    if (!hasSession()) {
      startLogin();
      return;
    }
    const [coverage, options] = await Promise.all([api.coverage(), paymentApi.options()]);
    const failed = !coverage.ok ? coverage.error : !options.ok ? options.error : null;
    if (failed || !coverage.ok || !options.ok) {
      if (failed?.code === 'UNAUTHENTICATED') startLogin();
      else if (failed) setState({ kind: 'failed', error: failed });
      return;
    }
    const people = personChoices(coverage.data, options.data);
    setState({ kind: 'ready', people, accountBalanceFen: options.data.accountBalanceFen, accountHeldFen: options.data.accountHeldFen ?? 0 });
    // 去缴费 on 我的参保 names one person-year: it starts chosen, once, if it can be paid.
    const { personId, year } = router.params;
    const preset = people.find((person) => person.payable && person.personId === personId);
    if (preset && preset.dueYears.some((due) => String(due.benefitYear) === year)) {
      setSelected((previous) => (previous.size > 0 ? previous : new Set([choiceKey(preset.personId, Number(year))])));
    }
  }, [router.params]);

  useDidShow(() => {
    void load();
  });

  const people = state.kind === 'ready' ? state.people : [];
  const summary = useMemo(() => summarize(people, selected), [people, selected]);

  const toggle = (key: string, checked: boolean) => {
    setSubmitError(null);
    setSelected((previous) => {
      const next = new Set(previous);
      if (checked) next.add(key);
      else next.delete(key);
      return next;
    });
  };

  const submit = async () => {
    setSubmitError(null);
    if (summary.items.length === 0) {
      setSubmitError('请先选择要缴费的人员和年度');
      return;
    }
    if (summary.items.length > MAX_ITEMS_PER_ORDER) {
      setSubmitError(`一次最多为${MAX_ITEMS_PER_ORDER}个人员年度缴费，请分几次缴纳`);
      return;
    }
    setSubmitting(true);
    const result = await paymentApi.pay({ items: summary.items, useAccount });
    setSubmitting(false);
    if (!result.ok) {
      if (result.error.code === 'UNAUTHENTICATED') startLogin();
      // The server's own words: which person and year, and why (already paid, year too far, not verified…).
      else setSubmitError(result.error.message);
      return;
    }
    await flow.payOrder(result.data, { accountRequested: useAccount });
  };

  const payablePeople = people.filter((person) => person.payable && (person.dueYears.length > 0 || person.prepayYears.length > 0));
  const busy = submitting || flow.paying;

  return (
    <PageShell testId="pay-page">
      <PageIntro title="缴费" intro="可为本人和已核验的家人缴纳居民医保费，也可预缴以后年度。" />
      <PageLoadState
        state={state}
        onRetry={() => {
          setState({ kind: 'loading' });
          void load();
        }}
      />
      {state.kind === 'ready' ? (
        <View>
          {people.map((person) => (
            <PersonOptions key={person.personId} person={person} selected={selected} onToggle={toggle} />
          ))}
          {payablePeople.length === 0 ? (
            <View className="app-card" data-testid="pay-nothing-due">
              <Text className="app-muted">目前没有需要缴费的年度。</Text>
            </View>
          ) : null}
          <View className="app-card pay-summary">
            <Text className="app-muted">已选 {summary.items.length} 项</Text>
            <TotalText {...summary} />
            <View className="pay-account" data-testid="pay-use-account">
              <View className="pay-account__text">
                <Text className="pay-account__title">使用职工医保个人账户</Text>
                <Text className="pay-account__balance" data-testid="pay-account-balance">
                  当前余额 {formatFen(state.accountBalanceFen)}
                </Text>
                {state.accountHeldFen > 0 ? (
                  <Text className="app-muted" data-testid="pay-account-held">
                    另有 {formatFen(state.accountHeldFen)} 用于尚未完成的缴费，该缴费取消或关闭后退回账户。
                  </Text>
                ) : null}
                <Text className="app-muted">
                  开启后先从您的职工医保个人账户扣缴，余额不足的部分再通过微信支付；账户无余额时全部使用微信支付。
                </Text>
              </View>
              <Switch checked={useAccount} onChange={(value) => setUseAccount(value)} />
            </View>
            <FormAlert message={submitError} />
            <View className="app-actions">
              <Button type="primary" size="large" loading={busy} disabled={busy} onClick={() => void submit()} data-testid="pay-submit">
                确认缴费
              </Button>
            </View>
          </View>
        </View>
      ) : null}
      {flow.sheet}
    </PageShell>
  );
}
