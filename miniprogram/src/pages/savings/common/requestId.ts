/**
 * An id for one form submission that moves money (a withdrawal): 24 characters of time and randomness, in the
 * alphabet the server's schema accepts. WeChat's JS has no crypto.getRandomValues everywhere, so Math.random is
 * used where it is missing; the id only has to be unlike this worker's other submissions, not secret.
 */
export function newRequestId(): string {
  const random = (n: number): string => {
    const bytes = new Uint8Array(n);
    const webCrypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
    if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes);
    else for (let i = 0; i < n; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  return `wdr-${Date.now().toString(36)}${random(8)}`;
}
