/**
 * The SDK sends query, order, projection, document data and aggregation stages as EJSON text inside the
 * JSON body (canonical mode: integers as {"$numberInt":"5"}). To compare or interpret a request, those
 * strings are parsed back into values; `decodeEjson` then turns the number wrappers into numbers.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Parameters that come from the runtime around the call rather than from the call itself (environment
 * id, WeChat tokens injected into cloud functions, database instance): left out of a request's shape.
 */
export const AMBIENT_PARAMS = [
  'envName',
  'wxCloudApiToken',
  'wxCloudbaseAccesstoken',
  'tcb_sessionToken',
  'crossAuthorizationToken',
  'sessionToken',
  'instance',
  'database',
];

const parseText = (value: unknown): Json => (typeof value === 'string' ? (JSON.parse(value) as Json) : (value as Json));

/** The request as a comparable value: action and parameters, embedded EJSON parsed, ambient fields dropped. */
export function requestShape(body: Record<string, unknown>): { [key: string]: Json } {
  const shape: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(body)) {
    if (AMBIENT_PARAMS.includes(key) || value === undefined) continue;
    if (key === 'query' || key === 'order' || key === 'projection') shape[key] = parseText(value);
    else if (key === 'data') shape[key] = Array.isArray(value) ? value.map(parseText) : parseText(value);
    else if (key === 'stages' && Array.isArray(value))
      shape[key] = value.map((s: { stageKey: string; stageValue: string }) => ({ stageKey: s.stageKey, stageValue: parseText(s.stageValue) }));
    else shape[key] = value as Json;
  }
  return shape;
}

export function decodeEjson(value: Json): Json {
  if (Array.isArray(value)) return value.map(decodeEjson);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && ['$numberInt', '$numberDouble', '$numberLong'].includes(keys[0])) return Number(value[keys[0]]);
    return Object.fromEntries(keys.map((k) => [k, decodeEjson(value[k])]));
  }
  return value;
}
