import { useCallback, useEffect, useRef, useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import type { ApiError } from '@shared/api/errors';
import { ErrorBlock, LoadingBlock, PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { Button } from '../../../components/nut/Button';
import { RadioGroup } from '../../../components/nut/RadioGroup';
// RadioGroup draws its options with Radio, whose stylesheet this import brings in.
import '../../../components/nut/Radio';
import { AccessGate, StaffOnly } from '../common/AccessGate';
import { CHANNEL_LABELS } from '../common/labels';
import { staffApi, type ReconciliationChannel, type ReconciliationReport } from '../common/staffApi';
import { useStaffAccess } from '../common/useStaffAccess';
import { ReportView } from './ReportView';
import { useServerToday, type BusinessDays } from './serverToday';
import { PageIntro } from '../../../components/PageIntro';
import '../common/staff.scss';

type ReportState =
  | { kind: 'idle' }
  | { kind: 'loading'; action: 'get' | 'run' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'forbidden' }
  | { kind: 'ready'; report: ReconciliationReport };

const CHANNEL_OPTIONS = (['wechatpay', 'bank'] as const).map((value) => ({ label: CHANNEL_LABELS[value], value }));

/** 对账: pick a statement day and a channel, see its stored report or run it again now. */
export default function Reconciliation() {
  const { access, recheck } = useStaffAccess();
  const { days, retry, refresh } = useServerToday(access.kind === 'staff');
  return (
    <PageShell testId="reconciliation-page">
      <PageIntro title="对账" intro="按日核对渠道对账单与我方记录；差异只列出，由经办人员核查处理。" />
      <AccessGate access={access} onRetry={recheck}>
        {days.kind === 'ready' ? <ReconciliationDesk days={days.data} refreshDays={refresh} /> : <PageLoadState state={days} onRetry={retry} />}
      </AccessGate>
    </PageShell>
  );
}

/**
 * The form and the report, once the server's 今天 is known; opens on today's stored WeChat report. 今天 and 昨天
 * ask the server's day again first, so a page left open overnight picks the new day.
 */
function ReconciliationDesk({ days, refreshDays }: { days: BusinessDays; refreshDays: () => Promise<BusinessDays | null> }) {
  const [billDate, setBillDate] = useState(days.today);
  const [channel, setChannel] = useState<ReconciliationChannel>('wechatpay');
  const [state, setState] = useState<ReportState>({ kind: 'idle' });

  // Only the latest request's answer is shown: a slower answer for a day or channel left behind must not replace it.
  const latest = useRef(0);
  const load = useCallback(async (action: 'get' | 'run', day: string, on: ReconciliationChannel) => {
    const request = ++latest.current;
    setState({ kind: 'loading', action });
    const result = await staffApi.reconciliation(action, day, on);
    if (request !== latest.current) return;
    if (result.ok) setState({ kind: 'ready', report: result.data });
    else if (result.error.code === 'FORBIDDEN') setState({ kind: 'forbidden' });
    else setState({ kind: 'failed', error: result.error });
  }, []);

  // The stored report of the default day and channel as soon as the server's day is known.
  useEffect(() => {
    if (state.kind === 'idle') void load('get', billDate, channel);
  }, [state.kind, load, billDate, channel]);

  const choose = (day: string, on: ReconciliationChannel) => {
    setBillDate(day);
    setChannel(on);
    void load('get', day, on);
  };

  const chooseDay = async (which: keyof BusinessDays) => choose(((await refreshDays()) ?? days)[which], channel);

  const busy = state.kind === 'loading';
  return (
    <>
      <View className="app-card" data-testid="recon-form" data-today={days.today}>
        <Text className="staff__label">对账日期</Text>
        <View className="staff__dates">
          <Picker mode="date" value={billDate} end={days.today} onChange={(event) => choose(String(event.detail.value), channel)}>
            <View className="staff__date" data-testid="recon-date">{billDate}</View>
          </Picker>
          <Button size="small" onClick={() => void chooseDay('today')} data-testid="recon-today">
            今天
          </Button>
          <Button size="small" onClick={() => void chooseDay('yesterday')} data-testid="recon-yesterday">
            昨天
          </Button>
        </View>
        <Text className="staff__label">渠道</Text>
        <View data-testid="recon-channel">
          <RadioGroup value={channel} options={CHANNEL_OPTIONS} direction="horizontal" onChange={(value) => choose(billDate, String(value) as ReconciliationChannel)} />
        </View>
        <View className="app-actions">
          <Button type="primary" size="large" loading={busy && state.action === 'run'} disabled={busy} onClick={() => void load('run', billDate, channel)} data-testid="recon-run">
            重新对账
          </Button>
          <Button size="large" disabled={busy} onClick={() => void load('get', billDate, channel)} data-testid="recon-get">
            查看已有结果
          </Button>
        </View>
      </View>
      {state.kind === 'loading' ? <LoadingBlock text={state.action === 'run' ? '正在下载对账单并核对…' : '加载中…'} /> : null}
      {state.kind === 'failed' ? <ErrorBlock message={state.error.message} onRetry={() => void load('get', billDate, channel)} /> : null}
      {state.kind === 'forbidden' ? <StaffOnly /> : null}
      {state.kind === 'ready' ? <ReportView report={state.report} /> : null}
    </>
  );
}
