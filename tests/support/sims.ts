/**
 * The local simulators' controls and the runtime's timer triggers, as the system tests drive them through the
 * runtime's own proxies (/sim/bank, /sim/wechatpay: simulators/<name>/README.md) and dev routes.
 */
import { baseUrl } from './http';

async function simControl(name: 'bank' | 'wechatpay', path: string, body?: unknown): Promise<any> {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${baseUrl()}/sim/${name}${path}`, init);
  if (!res.ok) throw new Error(`${name} sim ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** GET (no body) or POST a JSON body to the bank simulator's `path`; a refusal throws with its text. */
export const bankSim = (path: string, body?: unknown): Promise<any> => simControl('bank', path, body);

/** GET (no body) or POST a JSON body to the WeChat Pay simulator's `path`; a refusal throws with its text. */
export const wechatpaySim = (path: string, body?: unknown): Promise<any> => simControl('wechatpay', path, body);

/** Fires a cloud function's timer trigger now, as its cron would (runtime/gateway.ts); the caller checks the answer. */
export function fireTimer(fn: string, trigger: string): Promise<Response> {
  return fetch(`${baseUrl()}/api/dev/timer/${fn}/${trigger}`, { method: 'POST' });
}

/**
 * Fires the deduction batch. Other test files fire it too on the same runtime, so a run's report may not be the
 * one that touched a file's people: tests check what happened (states, notices, the channels' records).
 */
export async function runDeductionBatch(): Promise<void> {
  expect((await fireTimer('deductionBatch', 'hourly')).status).toBe(200);
}
