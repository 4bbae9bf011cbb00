import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ApiError } from '@shared/api/errors';
import { ErrorBlock, LoadingBlock } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { PageIntro } from '../../../components/PageIntro';
import { Button } from '../../../components/nut/Button';
import { RadioGroup } from '../../../components/nut/RadioGroup';
// RadioGroup draws its options with Radio, whose stylesheet this import brings in.
import '../../../components/nut/Radio';
import { ActionOutcome } from '../../../components/ActionOutcome';
import { FormAlert } from '../../../components/FormAlert';
import { TextField } from '../../../components/TextField';
import { formatFen } from '../../../lib/money';
import { parseYuanToFen } from '../../../lib/yuanInput';
import { shanghaiDateTime } from '../../../lib/today';
import { AccessGate, StaffOnly } from '../common/AccessGate';
import { HELD_ACCOUNT_LABELS, HELD_KIND_LABELS, safeText } from '../common/labels';
import type { PayOutMethod } from '@shared/api/contract';
import { staffApi, type HeldMoneyItem, type HeldMoneyOutput } from '../common/staffApi';
import { useStaffAccess } from '../common/useStaffAccess';
import '../common/staff.scss';

type HeldState = { kind: 'loading' } | { kind: 'failed'; error: ApiError } | { kind: 'forbidden' } | { kind: 'ready'; data: HeldMoneyOutput };

const accountLabel = (accountId: string | null): string => (accountId === null ? '未入账（款项在微信支付）' : (HELD_ACCOUNT_LABELS[accountId] ?? accountId));

const METHODS: { label: string; value: PayOutMethod }[] = [
  { label: '银行转账', value: 'bank-transfer' },
  { label: '现金', value: 'cash' },
];
/** Money still at WeChat (never booked) may also go back through WeChat: refunded on its merchant platform. */
const WECHAT_REFUND = { label: '微信原路退款', value: 'wechat-refund' as const };

/**
 * 登记线下退还: after paying the person by another route, fund staff record how and the voucher. The amount they
 * confirm is the one on the card (the server refuses if the item changed meanwhile); when WeChat gave none, they type
 * the amount they found on WeChat's merchant platform.
 */
function PayOutForm({ item, onDone, onCancel }: { item: HeldMoneyItem; onDone: (data: HeldMoneyOutput, amountFen: number) => void; onCancel: () => void }) {
  const [method, setMethod] = useState<PayOutMethod>('bank-transfer');
  const [voucherNo, setVoucherNo] = useState('');
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const amountFen = item.amountKnown ? item.amountFen : parseYuanToFen(amountText);
  // What was wrong with the last try is not wrong with what is being typed now.
  const editing = (set: (value: string) => void) => (value: string) => {
    set(value);
    setError(null);
  };
  const submit = async () => {
    if (amountFen === null) {
      setError('请填写在微信支付商户平台核实的实付金额（元，最多两位小数）');
      return;
    }
    if (voucherNo.trim() === '') {
      setError('请填写退还凭证号（如转账流水号或收据号）');
      return;
    }
    setBusy(true);
    setError(null);
    const answer = await staffApi.payOut(item.ref, amountFen, method, voucherNo.trim());
    setBusy(false);
    if (answer.ok) onDone(answer.data, amountFen);
    else setError(answer.error.message);
  };
  return (
    <View className="staff__payout" data-testid="payout-form">
      <RadioGroup
        value={method}
        options={item.accountId === null ? [...METHODS, WECHAT_REFUND] : METHODS}
        direction="horizontal"
        onChange={(value) => setMethod(value as PayOutMethod)}
      />
      {item.amountKnown ? null : (
        <TextField
          testId="payout-amount"
          label="核实的实付金额（元）"
          value={amountText}
          placeholder="以微信支付商户平台记录为准"
          maxLength={10}
          onChange={editing(setAmountText)}
        />
      )}
      <TextField
        testId="payout-voucher"
        label="退还凭证号"
        value={voucherNo}
        placeholder={method === 'wechat-refund' ? '微信退款单号' : '转账流水号或收据号'}
        maxLength={40}
        onChange={editing(setVoucherNo)}
      />
      <FormAlert message={error} />
      <View className="app-actions">
        <Button type="primary" size="large" loading={busy} disabled={busy} onClick={() => void submit()} data-testid="payout-confirm">
          {amountFen === null ? '确认已退还' : `确认已退还 ${formatFen(amountFen)}`}
        </Button>
        <Button size="large" disabled={busy} onClick={onCancel} data-testid="payout-cancel">
          取消
        </Button>
      </View>
    </View>
  );
}

function HeldCard({ item, canPayOut, onPaidOut }: { item: HeldMoneyItem; canPayOut: boolean; onPaidOut: (data: HeldMoneyOutput, amountFen: number) => void }) {
  const [paying, setPaying] = useState(false);
  // The server says which may be paid out (not money still on its way to the bank).
  const payable = canPayOut && item.payable;
  return (
    <View className="app-card" data-testid="held-item" data-kind={item.kind} data-ref={item.ref}>
      <View className="staff__line-head">
        <Text className="staff__line-kind" data-testid="held-kind">{HELD_KIND_LABELS[item.kind]}</Text>
        <Text className="staff__rate-number" data-testid="held-amount">{item.amountKnown ? formatFen(item.amountFen) : '金额待核实'}</Text>
      </View>
      <View data-testid="held-person">
        {item.personName} {item.idMasked}
      </View>
      <View className="app-muted" data-testid="held-reason">{safeText(item.reason)}</View>
      <View className="app-muted" data-testid="held-since">自 {shanghaiDateTime(item.since)} 起 · {accountLabel(item.accountId)}</View>
      <View className="staff__ref">编号 {item.ref}</View>
      {payable && !paying ? (
        <Button size="small" onClick={() => setPaying(true)} data-testid="held-payout">
          登记线下退还
        </Button>
      ) : null}
      {paying ? <PayOutForm item={item} onDone={onPaidOut} onCancel={() => setPaying(false)} /> : null}
    </View>
  );
}

/**
 * 待人工处理款项: money the platform holds that code cannot pay out or pass on (a refund WeChat would not pay, a
 * repayment the bank would not take and WeChat would not return), oldest first, and the balance of each account that
 * holds such money beside the part the list explains. Fund staff record here what they paid out by another route.
 */
export default function HeldMoney() {
  const { access, recheck } = useStaffAccess();
  const [state, setState] = useState<HeldState>({ kind: 'loading' });
  const [message, setMessage] = useState<string | null>(null);
  const asked = useRef(0);
  const load = useCallback(async () => {
    const question = ++asked.current;
    setMessage(null);
    setState({ kind: 'loading' });
    const result = await staffApi.heldMoney();
    if (question !== asked.current) return;
    if (result.ok) setState({ kind: 'ready', data: result.data });
    else if (result.error.code === 'FORBIDDEN') setState({ kind: 'forbidden' });
    else setState({ kind: 'failed', error: result.error });
  }, []);

  useEffect(() => {
    if (access.kind === 'staff') void load();
  }, [access.kind, load]);

  return (
    <PageShell testId="held-money-page">
      <PageIntro title="待人工处理款项" intro="系统无法自动完成的退费、还款与缴费：款项仍由平台（或微信支付）持有，需经办人员核实后经其他途径退还或转交。" />
      <AccessGate access={access} onRetry={recheck}>
        <ActionOutcome error={null} message={message} testId="held-message" />
        {state.kind === 'loading' ? <LoadingBlock /> : null}
        {state.kind === 'failed' ? <ErrorBlock message={state.error.message} onRetry={() => void load()} /> : null}
        {state.kind === 'forbidden' ? <StaffOnly /> : null}
        {state.kind === 'ready' ? (
          <View>
            <View className="app-card" data-testid="held-accounts">
              <View className="app-muted">截至 {shanghaiDateTime(state.data.asOf)}</View>
              {state.data.accounts.map((account) => (
                <View key={account.accountId} data-testid="held-account" data-account={account.accountId}>
                  {accountLabel(account.accountId)}：账面余额 {formatFen(account.balanceFen)}，其中下列待处理 {formatFen(account.listedFen)}
                  {account.balanceFen > account.listedFen ? '（其余为处理中的款项）' : ''}
                </View>
              ))}
            </View>
            {state.data.truncated ? (
              <View className="app-muted" data-testid="held-truncated">待处理款项较多，仅列出最早的一部分；处理后刷新可看到其余款项。</View>
            ) : null}
            {state.data.items.length === 0 ? (
              <View className="app-card" data-testid="held-empty">
                <Text className="app-muted">暂无待人工处理的款项。</Text>
              </View>
            ) : (
              state.data.items.map((item) => (
                <HeldCard
                  key={`${item.kind}-${item.ref}`}
                  item={item}
                  canPayOut={state.data.canPayOut}
                  onPaidOut={(data, amountFen) => {
                    asked.current += 1;
                    setState({ kind: 'ready', data });
                    setMessage(`已登记退还：${item.personName} ${formatFen(amountFen)}${data.notified === false ? '（未能找到本人，未发送通知）' : '，已通知本人'}`);
                  }}
                />
              ))
            )}
            <View className="app-actions">
              <Button size="large" onClick={() => void load()} data-testid="held-refresh">
                刷新
              </Button>
            </View>
          </View>
        ) : null}
      </AccessGate>
    </PageShell>
  );
}
