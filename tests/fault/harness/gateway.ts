/**
 * A client for the local gateway's HTTP contract with an explicit base URL (the fault runs and benchmarks
 * start their own runtime, so they cannot use tests/support/http.ts, which reads E2E_BASE_URL). Network
 * failures are answered, not thrown: a call cut off by a killed runtime is an outcome the schedule expects.
 */
export interface CallResult {
  /** 0 when no HTTP answer came back (connection refused or reset, runtime killed). */
  status: number;
  body: any;
  ms: number;
}

export class Gateway {
  constructor(readonly url: string) {}

  private async post(path: string, data: unknown, token?: string, timeoutMs = 30_000): Promise<CallResult> {
    const started = performance.now();
    try {
      const res = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(data ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body, ms: performance.now() - started };
    } catch (error) {
      return { status: 0, body: { error: String(error) }, ms: performance.now() - started };
    }
  }

  async login(openid: string): Promise<string> {
    const res = await this.post('/api/dev/login', { openid });
    if (res.status !== 200) throw new Error(`dev login of ${openid} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }

  call(fn: string, data: unknown, token: string): Promise<CallResult> {
    return this.post(`/api/fn/${fn}`, data, token);
  }

  janitor(): Promise<CallResult> {
    return this.post('/api/dev/timer/paymentJanitor/every2min', {});
  }

  /** The payer's answer in the WeChat payment sheet: by requestPayment (paySign checked) or by prepay_id. */
  simPay(sheet: { requestPayment?: unknown; prepay_id?: string }, result: 'SUCCESS' | 'FAIL'): Promise<CallResult> {
    return this.post('/sim/wechatpay/pay', { ...sheet, result });
  }

  setFaults(config: Record<string, unknown>): Promise<CallResult> {
    return this.post('/sim/wechatpay/faults', config);
  }

  /** A POST to the runtime (a simulator's control, a dev timer) that must succeed; its JSON answer. */
  async postJson(path: string, body: unknown): Promise<any> {
    const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async getJson(path: string): Promise<any> {
    const res = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async notify(headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const res = await fetch(`${this.url}/api/notify/wechatpay`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, text: await res.text() };
  }
}

/** Logs a payer in and binds their identity; returns the token and their person id. */
export async function onboard(gw: Gateway, payer: { openid: string; name: string; idNumber: string }): Promise<{ token: string; personId: string }> {
  const token = await gw.login(payer.openid);
  const bound = await gw.call('bindIdentity', { name: payer.name, idNumber: payer.idNumber }, token);
  if (!bound.body?.ok) throw new Error(`bindIdentity ${payer.openid}: ${JSON.stringify(bound.body)}`);
  return { token, personId: bound.body.data.person.personId };
}

/** Adds a registry-confirmed mother as 父母 (relation is what she is TO the payer); returns her person id. */
export async function addMother(gw: Gateway, token: string, mother: { name: string; idNumber: string }): Promise<string> {
  const added = await gw.call('relatives', { action: 'add', name: mother.name, idNumber: mother.idNumber, relation: 'parent' }, token);
  if (!added.body?.ok) throw new Error(`relatives add: ${JSON.stringify(added.body)}`);
  const link = (added.body.data.relatives as { verified: boolean; person: { personId: string; name: string } }[]).find((r) => r.person.name === mother.name);
  if (!link?.verified) throw new Error(`mother ${mother.name} not verified: ${JSON.stringify(added.body.data)}`);
  return link.person.personId;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
