import { Text, View } from '@tarojs/components';
import type { PageData } from '../lib/usePageData';
import { openPage, ROUTES } from '../lib/routes';
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

export function ErrorBlock({ message, code, onRetry }: { message: string; code?: string; onRetry: () => void }) {
  // Not bound yet (a staff account, say): retrying cannot help, binding does.
  const unbound = code === 'NOT_BOUND';
  return (
    <View className="load-state" data-testid="load-error">
      <Text className="load-state__text app-error">{message}</Text>
      <Button type="primary" size="large" onClick={unbound ? () => openPage(ROUTES.bindIdentity) : onRetry} data-testid={unbound ? 'load-error-bind' : 'load-error-retry'}>
        {unbound ? '去实名认证' : '重试'}
      </Button>
    </View>
  );
}

/** A page's state before its content (usePageData's, or any with the same loading / failed kinds): the spinner while loading, the error with retry when it failed. */
export function PageLoadState({ state, onRetry }: { state: PageData<unknown> | { kind: string; error?: { message: string; code?: string } }; onRetry: () => void }) {
  if (state.kind === 'loading') return <LoadingBlock />;
  if (state.kind === 'failed' && 'error' in state && state.error) return <ErrorBlock message={state.error.message} code={state.error.code} onRetry={onRetry} />;
  return null;
}
