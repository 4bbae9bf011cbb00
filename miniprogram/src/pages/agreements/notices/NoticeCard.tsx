import { Text, View } from '@tarojs/components';
import { shanghaiDateTime } from '../../../lib/today';
import type { Notice } from '../common/agreementsApi';

/** Failures (a debit or deposit that did not go through, an overdue advance) stand out in red. */
const isFailure = (kind: string) => /failed|overdue|not-payable/.test(kind);

/** One 站内消息: its title, when, and the server's own words. */
export function NoticeCard({ notice }: { notice: Notice }) {
  return (
    <View className={isFailure(notice.kind) ? 'app-card notice notice--failed' : 'app-card notice'} data-testid="notice-card" data-kind={notice.kind}>
      <View className="notice__head">
        <Text className="notice__title" data-testid="notice-title">
          {notice.title}
        </Text>
        <Text className="app-muted">{shanghaiDateTime(notice.createdAt)}</Text>
      </View>
      <Text className="notice__body" data-testid="notice-body">
        {notice.body}
      </Text>
    </View>
  );
}
