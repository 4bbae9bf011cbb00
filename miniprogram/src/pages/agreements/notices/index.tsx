import { Text, View } from '@tarojs/components';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { usePageData, type Loaded } from '../../../lib/usePageData';
import { agreementsApi, type Notice } from '../common/agreementsApi';
import { NoticeCard } from './NoticeCard';
import '../common/agreements.scss';

async function loadNotices(): Promise<Loaded<Notice[]>> {
  const answer = await agreementsApi.notices();
  return answer.ok ? { ok: true, data: answer.data.notices } : answer;
}

/** 消息: every in-app notice (扣款提醒, 扣款未成功, 零存整缴 and 信用参保 reminders), newest first. */
export default function Notices() {
  const { state, retry } = usePageData(loadNotices);
  return (
    <PageShell testId="notices-page">
      <View style={{ margin: '4px 2px 12px' }}>
        <Text className="app-title">消息</Text>
        <Text className="app-muted">扣款提醒、扣款结果和缴费提醒都会在这里通知您。</Text>
      </View>
      <PageLoadState state={state} onRetry={retry} />
      {state.kind === 'ready' && state.data.length === 0 ? (
        <View className="app-card" data-testid="notices-empty">
          <Text className="app-muted">暂无消息</Text>
        </View>
      ) : null}
      {state.kind === 'ready' ? state.data.map((notice) => <NoticeCard key={notice.noticeId} notice={notice} />) : null}
    </PageShell>
  );
}
