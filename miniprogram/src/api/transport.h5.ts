import type { CallFunction } from './transportTypes';
import { NETWORK_FAILURE } from './transportTypes';
import { readToken } from './token';
import { apiUrl } from './apiUrl';

/**
 * In the browser the local gateway stands in for WeChat: `POST /api/fn/<name>` with the call's data as the
 * JSON body, and the identity as `Authorization: Bearer <token>` from the dev login.
 * The gateway answers errors with a JSON body too (any HTTP status), so the body is read whatever the status.
 */
export const callFunction: CallFunction = async (name, data) => {
  const token = readToken();
  try {
    const response = await fetch(apiUrl(`/api/fn/${encodeURIComponent(name)}`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(data ?? {}),
    });
    return await response.json();
  } catch {
    return NETWORK_FAILURE;
  }
};
