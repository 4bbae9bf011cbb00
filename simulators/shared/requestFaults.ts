/**
 * Runs one channel request through the request fault switches. At most one of timeout, 5xx and
 * connection reset fires per request (tried in that order). With phase `after` the request is applied
 * first and only its answer is lost, which is the case that makes an outcome truly unknown to the
 * caller: the order or refund exists although the caller never heard so.
 */
import type { ServerResponse } from 'node:http';
import type { FaultSwitches } from './faults';
import { jsonAnswer, writeAnswer, type SimAnswer } from './http';

export interface FaultedRequest {
  faults: FaultSwitches;
  /** `METHOD /path`, what the `match` patterns are tested against. */
  subject: string;
  response: ServerResponse;
  hold: (ms: number) => Promise<void>;
  apply: () => Promise<SimAnswer>;
  /** Last touch before sending, e.g. signing; `corruptSignature` is set when the badSignature switch fired. */
  finish: (answer: SimAnswer, corruptSignature: boolean) => SimAnswer;
}

export async function answerWithFaults(request: FaultedRequest): Promise<void> {
  const { faults, subject } = request;
  const timeout = faults.draw('timeout', subject);
  const serverError = timeout ? undefined : faults.draw('serverError', subject);
  const reset = timeout || serverError ? undefined : faults.draw('connectionReset', subject);
  const fault = timeout ?? serverError ?? reset;
  if (fault?.phase === 'after') await request.apply();
  if (timeout) {
    await request.hold(timeout.holdMs);
    request.response.destroy();
    return;
  }
  if (serverError) {
    writeAnswer(request.response, jsonAnswer(serverError.status, { code: 'SYSTEM_ERROR', message: '系统繁忙，请稍后再试' }));
    return;
  }
  if (reset) {
    request.response.socket?.destroy();
    return;
  }
  const answer = await request.apply();
  const corrupt = Boolean(faults.draw('badSignature', subject));
  writeAnswer(request.response, request.finish(answer, corrupt));
}
