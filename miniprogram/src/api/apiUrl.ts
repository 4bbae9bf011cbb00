/** h5 only: the gateway's address; empty TARO_APP_API_BASE means the page's own origin (the usual setup). */
export function apiUrl(path: string): string {
  const base = process.env.TARO_APP_API_BASE ?? '';
  return `${base.replace(/\/+$/, '')}${path}`;
}
