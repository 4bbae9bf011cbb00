import type { PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import { ErrorBlock, LoadingBlock } from '../../../components/LoadState';
import { STAFF_ONLY_MESSAGE } from './staffApi';
import type { Access } from './useStaffAccess';

/** What a caller without the staff or fund role sees instead of the page. */
export function StaffOnly() {
  return (
    <View className="app-card" data-testid="staff-forbidden">
      <Text className="app-error">{STAFF_ONLY_MESSAGE}</Text>
    </View>
  );
}

/** The page's content for staff; the check's spinner, its error or the refusal for anyone else. */
export function AccessGate({ access, onRetry, children }: PropsWithChildren<{ access: Access; onRetry: () => void }>) {
  if (access.kind === 'checking') return <LoadingBlock />;
  if (access.kind === 'failed') return <ErrorBlock message={access.error.message} onRetry={onRetry} />;
  if (access.kind === 'denied') return <StaffOnly />;
  return <>{children}</>;
}
