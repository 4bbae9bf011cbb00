import { useRef, useState } from 'react';
import type { ApiResult } from '@shared/api/errors';
import type { ConfirmRequest } from '../components/ConfirmPanel';

/**
 * An action the user confirms in a ConfirmPanel before it runs (pause, cancel, sign, repay): what awaits
 * confirmation, whether it is running, and its failure in the API's own message. Success or not, the page then
 * reloads, since a refused action can still mean the server's state moved (another device, a settled debit).
 */
export function useConfirmedAction<P, T>(run: (pending: P) => Promise<ApiResult<T>>, reload: () => Promise<void>, onDone?: (data: T) => void) {
  const [pending, setPending] = useState<P | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Two taps in the same instant both run before React re-renders the button disabled: the ref stops the second.
  const running = useRef(false);

  const confirm = async () => {
    if (!pending || running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    const answer = await run(pending).finally(() => {
      running.current = false;
    });
    setBusy(false);
    setPending(null);
    if (!answer.ok) setError(answer.error.message);
    else onDone?.(answer.data);
    await reload();
  };

  return {
    /** Opens the confirmation for this action. */
    ask: (action: P) => setPending(action),
    error,
    setError,
    /** The ConfirmPanel's props, with the page's wording for the pending action. */
    panel: (describe: (pending: P) => ConfirmRequest) => ({
      request: pending === null ? null : describe(pending),
      busy,
      onConfirm: () => void confirm(),
      onCancel: () => setPending(null),
    }),
  };
}
