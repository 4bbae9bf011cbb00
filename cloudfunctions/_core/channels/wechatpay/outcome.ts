/**
 * The result of one call to WeChat Pay. A call never throws at its caller: it either
 * succeeded (`ok`), was refused by WeChat in a way that proves nothing was applied (`rejected`),
 * or ended in a way that tells us nothing about what WeChat did (`unknown`). A timeout, a reset
 * connection, a 5xx or an answer whose signature does not verify are all `unknown`, because
 * the order or refund may have been created anyway; the caller must query later, never assume failure.
 */
export type ChannelOutcome<T> =
  | { kind: 'ok'; data: T }
  | { kind: 'rejected'; httpStatus: number; code: string; message: string }
  | { kind: 'unknown'; reason: string };

export const ok = <T>(data: T): ChannelOutcome<T> => ({ kind: 'ok', data });

export const rejected = <T>(httpStatus: number, code: string, message: string): ChannelOutcome<T> => ({
  kind: 'rejected',
  httpStatus,
  code,
  message,
});

export const unknown = <T>(reason: string): ChannelOutcome<T> => ({ kind: 'unknown', reason });
