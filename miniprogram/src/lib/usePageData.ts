import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { ApiError } from '@shared/api/errors';
import { hasSession, startLogin } from '../api/session';

export type PageData<T> = { kind: 'loading' } | { kind: 'failed'; error: ApiError } | { kind: 'ready'; data: T };
export type Loaded<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/**
 * A data page's load cycle: asks for a login when there is no session (or the server says so), loads on every
 * show (coming back from signing or a repayment must show the new state), and offers `reload` for retry buttons
 * and after an action. `setData` lets an action put the server's fresh answer in place without a round trip.
 */
export function usePageData<T>(loader: () => Promise<Loaded<T>>) {
  const [state, setState] = useState<PageData<T>>({ kind: 'loading' });
  const reload = useCallback(async () => {
    if (!hasSession()) {
      startLogin();
      return;
    }
    const result = await loader();
    if (result.ok) setState({ kind: 'ready', data: result.data });
    else if (result.error.code === 'UNAUTHENTICATED') startLogin();
    else setState({ kind: 'failed', error: result.error });
    // Loaders are module-level functions, the same on every render.
  }, []);
  useDidShow(() => {
    void reload();
  });
  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    void reload();
  }, [reload]);
  const setData = useCallback((data: T) => setState({ kind: 'ready', data }), []);
  /** Changes the shown data in place (a part the server answered afresh); nothing while the page is not ready. */
  const update = useCallback((change: (data: T) => T) => setState((s) => (s.kind === 'ready' ? { kind: 'ready', data: change(s.data) } : s)), []);
  return { state, reload, retry, setData, update };
}
