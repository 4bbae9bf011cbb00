import type { FunctionName } from '@shared/api/contract';

/**
 * Sends one cloud-function call and resolves with the function's raw answer, exactly as
 * `wx.cloud.callFunction({ name, data })` would give it in `result`. Never rejects: a transport failure
 * resolves with an `{ ok: false, error }` answer whose message is fit to show.
 */
export type CallFunction = (name: FunctionName, data: unknown) => Promise<unknown>;

export const NETWORK_FAILURE = {
  ok: false,
  error: { code: 'INTERNAL', message: '网络连接失败，请检查网络后重试' },
} as const;
