import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AmountRow } from '../../../components/AmountRow';
import { ConfirmPanel, type ConfirmRequest } from '../../../components/ConfirmPanel';
import { FormAlert } from '../../../components/FormAlert';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { ProgressBar } from '../../../components/ProgressBar';
import { StatusTag, type StatusTone } from '../../../components/StatusTag';
import { TextField } from '../../../components/TextField';
import { Button } from '../../../components/nut/Button';
import { formatFen } from '../../../lib/money';
import { openPage } from '../../../lib/routes';
import { SERVICE_ROUTES } from '../../../lib/serviceRoutes';
import { shanghaiDateTime } from '../../../lib/today';
import { usePageData, type Loaded } from '../../../lib/usePageData';
import { parseYuanToFen } from '../../../lib/yuanInput';
import { newRequestId } from '../common/requestId';
import { savingsApi, type HistoryEntry, type SavingsOverview, type SavingsPlan } from '../common/savingsApi';
import { PageIntro, SectionTitle } from '../../../components/PageIntro';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { ActionOutcome } from '../../../components/ActionOutcome';
import './index.scss';

interface ProgressData {
  overview: SavingsOverview;
  history: HistoryEntry[];
}

async function loadProgress(): Promise<Loaded<ProgressData>> {
  const [overview, history] = await Promise.all([savingsApi.get(), savingsApi.history()]);
  if (!overview.ok) return overview;
  if (!history.ok) return history;
  return { ok: true, data: { overview: overview.data, history: history.data.entries } };
}

type PlanAction = 'pause' | 'resume' | 'cancel';
const PLAN_CONFIRM: Record<PlanAction, ConfirmRequest> = {
  pause: { title: '暂停存入', detail: '暂停后不再按计划从银行卡存入，已存的钱仍用于缴纳医保费。可随时恢复。', confirmText: '确认暂停' },
  resume: { title: '恢复存入', detail: '恢复后按原计划从银行卡定期存入。', confirmText: '确认恢复' },
  cancel: { title: '解约零存整缴', detail: '解约后不再存入，已存的钱可以全部转出到您的银行卡。', confirmText: '确认解约', danger: true },
};
const PLAN_TONES: Record<SavingsPlan['state'], StatusTone> = { ACTIVE: 'success', PAUSED: 'warning', SIGNING: 'info', CANCELLED: 'default', FAILED: 'default' };

/**
 * What the plan does by the deadline, in the server's words (outlook.ts): on track, short by how much and what would
 * close it, or, once the year is paid, what further deposits are for — with 暂停 right there for a worker who is done.
 */
function OutlookNote({ overview, onPause }: { overview: SavingsOverview; onPause: () => void }) {
  const { outlook, plan } = overview;
  if (!outlook) return null;
  const warn = outlook.kind === 'short' || outlook.kind === 'top-up';
  return (
    <View className={warn ? 'savings__outlook savings__outlook--short' : 'savings__outlook'} data-testid="savings-outlook" data-kind={outlook.kind}>
      <Text className={outlook.kind === 'short' ? 'app-error' : 'app-muted'}>{outlook.message}</Text>
      {outlook.kind === 'paid' && plan?.state === 'ACTIVE' ? (
        <View className="app-actions">
          <Button size="normal" onClick={onPause} data-testid="savings-paid-pause">
            暂停存入
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/** 2027-01 → 2027年1月, joined by 、 (the server's labels say runs; a row lists the months). */
const monthsText = (months: string[]) => months.map((m) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`).join('、');

/** A plan not ended (signing, depositing or paused): only then is part of the savings kept for the premium (progress.ts reservedFen). */
const livePlan = (overview: SavingsOverview) => ['SIGNING', 'ACTIVE', 'PAUSED'].includes(overview.plan?.state ?? '');

/** When and how the savings are paid in, or, without a live plan, where the worker pays instead. */
function autoPayText(overview: SavingsOverview): string {
  const { target, plan } = overview;
  const months = target.kind === 'employee-months';
  if (livePlan(overview)) {
    return months
      ? `存够所选月份的费用即自动缴费；存款不够时，每月月底前缴纳够缴的月份，最近一个月须在 ${target.periodEnd} 前缴纳。`
      : `集中参保期内存够即自动缴费，截止 ${target.periodEnd}。`;
  }
  if (plan) {
    return months
      ? `没有进行中的存入计划，存款不会自动缴费；所选月份的职工医保费请向税务部门或医保经办机构缴纳，或重新开通计划。`
      : `没有进行中的存入计划，存款不会自动缴费；请在 ${target.periodEnd} 前直接缴费，或重新开通计划。`;
  }
  return `尚未开通存入计划。开通后按您选的日子自动存入，存够即缴费；也可以在 ${target.periodEnd} 前直接缴费。`;
}

/** Employee insurance months: the monthly amount, and which chosen months are paid, to pay, or missed. */
function MonthsRows({ months }: { months: NonNullable<SavingsOverview['target']['months']> }) {
  return (
    <View data-testid="savings-months">
      <AmountRow label="每月缴费" value={formatFen(months.monthlyFen)} testId="savings-months-monthly" />
      {months.paid.length > 0 ? <AmountRow label="已缴月份" value={monthsText(months.paid)} testId="savings-months-paid" /> : null}
      {months.open.length > 0 ? <AmountRow label="待缴月份" value={monthsText(months.open)} testId="savings-months-open" /> : null}
      {months.missed.length > 0 ? <AmountRow label="未能缴费" value={monthsText(months.missed)} testId="savings-months-missed" /> : null}
    </View>
  );
}

function TargetCard({ overview, onPause }: { overview: SavingsOverview; onPause: () => void }) {
  const { target } = overview;
  return (
    <View className="app-card" data-testid="savings-target" data-paid={target.paid ? '1' : '0'}>
      <Text className="savings__card-title" data-testid="savings-target-label">
        {target.label}
      </Text>
      {target.paid ? (
        <Text className="savings__paid" data-testid="savings-target-paid">
          {target.kind === 'employee-months' ? '所选月份已全部缴费' : `已缴费，${target.benefitYear}年度已参保`}
        </Text>
      ) : null}
      {target.months ? <MonthsRows months={target.months} /> : null}
      {target.dueFen !== null || target.paid ? (
        <ProgressBar
          percent={target.progressPercent}
          testId="savings-progress"
          label={target.paid ? (target.paidFromSavings ? `已用存款缴清 ${formatFen(target.progressFen)}` : '已缴清（未使用存款）') : `已存 ${formatFen(target.progressFen)} / 应缴 ${formatFen(target.dueFen ?? 0)}`}
        />
      ) : (
        <Text className="app-muted">{target.note ?? '暂时无法计算本年度应缴金额'}</Text>
      )}
      {target.note && (target.dueFen !== null || target.paid) ? (
        <Text className="app-muted" data-testid="savings-target-note">
          {target.note}
        </Text>
      ) : null}
      {!target.paid && target.dueFen !== null ? <AmountRow label="还差" value={formatFen(target.shortfallFen)} testId="savings-shortfall" strong /> : null}
      {target.periodEnd && !target.paid ? (
        <Text className="app-muted" data-testid="savings-auto-pay">
          {autoPayText(overview)}
        </Text>
      ) : null}
      <OutlookNote overview={overview} onPause={onPause} />
    </View>
  );
}

function PlanCard({ plan, overview, onAction }: { plan: SavingsPlan; overview: SavingsOverview; onAction: (a: PlanAction) => void }) {
  const live = plan.state === 'ACTIVE' || plan.state === 'PAUSED';
  return (
    <View className="app-card" data-testid="savings-plan" data-state={plan.state}>
      <View className="savings__plan-head">
        <Text className="savings__card-title">存入计划</Text>
        <StatusTag tone={PLAN_TONES[plan.state]} text={plan.stateLabel} testId="savings-plan-state" />
      </View>
      <AmountRow label="每次存入" value={formatFen(plan.depositFen)} testId="savings-plan-deposit" />
      <AmountRow label="存入时间" value={plan.scheduleLabel} testId="savings-plan-schedule" />
      {plan.nextDepositDate ? <AmountRow label="下次存入" value={plan.nextDepositDate} testId="savings-plan-next" /> : null}
      <AmountRow label="扣款账户" value={plan.accountMasked} />
      {overview.enterprise ? <AmountRow label="所在平台" value={`${overview.enterprise.name}（${overview.enterprise.typeLabel}）`} testId="savings-plan-enterprise" /> : null}
      {live ? (
        <View className="savings__actions">
          {plan.state === 'ACTIVE' ? (
            <Button size="normal" onClick={() => onAction('pause')} data-testid="savings-pause">
              暂停
            </Button>
          ) : (
            <Button size="normal" type="primary" onClick={() => onAction('resume')} data-testid="savings-resume">
              恢复
            </Button>
          )}
          <Button size="normal" onClick={() => openPage(SERVICE_ROUTES.savingsSetup)} data-testid="savings-change">
            修改计划
          </Button>
          <Button size="normal" fill="outline" onClick={() => onAction('cancel')} data-testid="savings-cancel">
            解约
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function WithdrawCard({ overview, onWithdrawn }: { overview: SavingsOverview; onWithdrawn: (o: SavingsOverview, message: string) => void }) {
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A ref, not state: two taps in the same instant both run before a re-render could disable the button.
  const inFlight = useRef(false);
  // One id per submission: a retry of the same amount (after a lost answer) sends it again, so the server pays once.
  const submission = useRef<{ requestId: string; amountFen: number } | null>(null);
  const submit = async () => {
    if (inFlight.current) return;
    const fen = parseYuanToFen(amount);
    if (fen === null) return setError('请输入转出金额，最多两位小数');
    if (fen > overview.withdrawableFen) return setError(`最多可转出 ${formatFen(overview.withdrawableFen)}`);
    if (submission.current?.amountFen !== fen) submission.current = { requestId: newRequestId(), amountFen: fen };
    setError(null);
    inFlight.current = true;
    setBusy(true);
    const answer = await savingsApi.withdraw(fen, submission.current.requestId);
    inFlight.current = false;
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    submission.current = null;
    setAmount('');
    onWithdrawn(answer.data, `已转出 ${formatFen(answer.data.withdrawal.amountFen)} 至尾号 ${answer.data.withdrawal.accountMasked.slice(-4)} 的银行卡（${answer.data.withdrawal.stateLabel}）`);
  };
  return (
    <View className="app-card" data-testid="savings-withdraw">
      <Text className="savings__card-title">存款余额</Text>
      <AmountRow label="余额" value={formatFen(overview.balanceFen)} testId="savings-balance" strong />
      <AmountRow label="可转出" value={formatFen(overview.withdrawableFen)} testId="savings-withdrawable" />
      <Text className="app-muted" data-testid="savings-withdraw-rule">
        {livePlan(overview) ? '缴费所需的部分留作缴费，超出部分可以转出到您的银行卡。' : overview.plan ? '计划已结束，全部存款都可以转出到您的银行卡。' : '开通存入计划后，存款在这里查看和转出。'}
      </Text>
      {overview.withdrawableFen > 0 ? (
        <View>
          <TextField testId="withdraw-amount" label="转出金额（元）" value={amount} onChange={setAmount} placeholder={`最多 ${formatFen(overview.withdrawableFen)}`} maxLength={10} />
          <FormAlert message={error} />
          <View className="app-actions">
            <Button type="primary" size="large" loading={busy} disabled={busy} onClick={() => void submit()} data-testid="withdraw-submit">
              转出
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

function HistoryList({ entries }: { entries: HistoryEntry[] }) {
  return (
    <View data-testid="savings-history">
      <SectionTitle>存取记录</SectionTitle>
      {entries.length === 0 ? <Text className="app-muted">暂无记录</Text> : null}
      {entries.map((entry) => (
        <View key={`${entry.kind}-${entry.ref}`} className="app-card savings__entry" data-testid="savings-entry" data-kind={entry.kind} data-state={entry.state}>
          <View className="savings__entry-head">
            <Text className="savings__entry-detail">{entry.detail}</Text>
            <Text className={entry.savingsChangeFen < 0 ? 'savings__entry-amount savings__entry-amount--out' : 'savings__entry-amount'} data-testid="savings-entry-amount">
              {entry.savingsChangeFen > 0 ? '+' : ''}
              {entry.savingsChangeFen === 0 ? formatFen(entry.amountFen) : formatFen(entry.savingsChangeFen)}
            </Text>
          </View>
          <View className="savings__entry-head">
            <Text className="app-muted">{shanghaiDateTime(entry.at)}</Text>
            <Text className={entry.state === 'FAILED' ? 'app-error' : 'app-muted'} data-testid="savings-entry-state">
              {entry.stateLabel}
            </Text>
          </View>
        </View>
      ))}
    </View>
  );
}

/** 零存整缴: progress toward next year's premium, the deposit plan, the balance and withdrawals, and every movement. */
export default function SavingsProgress() {
  const { state, retry, reload, setData } = usePageData(loadProgress);
  const [message, setMessage] = useState<string | null>(null);
  const action = useConfirmedAction((pending: PlanAction) => savingsApi[pending](), reload);

  return (
    <PageShell testId="savings-page">
      <PageIntro title="零存整缴" intro="平时从银行卡少量定期存入，存够后自动缴纳下一年度居民医保费，或您所选月份的职工医保（灵活就业）费用。" />
      <ActionOutcome error={action.error} message={message} testId="savings-message" />
      <PageLoadState state={state} onRetry={retry} />
      {state.kind === 'ready' ? (
        <View>
          <TargetCard overview={state.data.overview} onPause={() => action.ask('pause')} />
          {state.data.overview.plan ? (
            <PlanCard plan={state.data.overview.plan} overview={state.data.overview} onAction={action.ask} />
          ) : null}
          {!state.data.overview.plan || !['ACTIVE', 'PAUSED', 'SIGNING'].includes(state.data.overview.plan.state) ? (
            <View className="app-card" data-testid="savings-no-plan">
              <Text className="app-muted">{state.data.overview.plan ? '当前没有生效的存入计划。' : '还没有开通零存整缴。'}</Text>
              <View className="app-actions">
                <Button type="primary" size="large" onClick={() => openPage(SERVICE_ROUTES.savingsSetup)} data-testid="go-savings-setup">
                  开通零存整缴
                </Button>
              </View>
            </View>
          ) : null}
          <WithdrawCard
            overview={state.data.overview}
            onWithdrawn={(overview, text) => {
              setMessage(text);
              setData({ overview, history: state.data.history });
              void reload();
            }}
          />
          <HistoryList entries={state.data.history} />
        </View>
      ) : null}
      <ConfirmPanel {...action.panel((pending) => PLAN_CONFIRM[pending])} />
    </PageShell>
  );
}
