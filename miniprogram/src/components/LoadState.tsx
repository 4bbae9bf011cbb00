import { Text, View } from '@tarojs/components';
import type { PageData } from '../lib/usePageData';
import { Button } from './nut/Button';
import { Loading } from './nut/Loading';
import './LoadState.scss';

/** The loading spinner and the error-with-retry block every data page shows before its content. */
export function LoadingBlock({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="load-state" data-testid="loading">
      <Loading type="circular" />
      <Text className="load-state__text">{text}</Text>
    </View>
  );
}

export function ErrorBlock({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className="load-state" data-testid="load-error">
      <Text className="load-state__text app-error">{message}</Text>
      <Button type="primary" size="large" onClick={onRetry}>
        重试
      </Button>
    </View>
  );
}

/** A page's state before its content (usePageData's, or any with the same loading / failed kinds): the spinner while loading, the error with retry when it failed. */
export function PageLoadState({ state, onRetry }: { state: PageData<unknown> | { kind: string; error?: { message: string } }; onRetry: () => void }) {
  if (state.kind === 'loading') return <LoadingBlock />;
  if (state.kind === 'failed' && 'error' in state && state.error) return <ErrorBlock message={state.error.message} onRetry={onRetry} />;
  return null;
}
