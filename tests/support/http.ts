/** A small client for the local gateway's HTTP contract, used by system tests and benchmarks. */
export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the system tests through `npm test`, which starts the runtime');
  return url.replace(/\/$/, '');
}

export async function login(openid: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid }),
  });
  if (res.status !== 200) throw new Error(`dev login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export async function call(name: string, data: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl()}/api/fn/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof data === 'string' ? data : JSON.stringify(data),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * The runtime's business date (YYYY-MM-DD in Hefei), as its cloud functions see it. `npm test` pins it inside a
 * collection period (DEV_TODAY, scripts/test-all.ts), so a test that needs "today" asks the runtime, never the
 * machine's calendar. 我的参保 (`coverage`) reports it; the seeded demo household can always read it.
 */
export async function runtimeToday(): Promise<string> {
  const { body } = await call('coverage', {}, await login('demo-resident'));
  if (!body.ok || !/^\d{4}-\d{2}-\d{2}$/.test(body.data.today)) throw new Error(`the runtime did not say its date: ${JSON.stringify(body)}`);
  return body.data.today;
}
