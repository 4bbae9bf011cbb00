/**
 * Whether the app must ask who the user is before calling functions. In WeChat (the weapp build uses this
 * file) never: identity comes from the cloud context. session.h5.ts replaces this file in the browser build.
 */
export function hasSession(): boolean {
  return true;
}

/** Called when a function answers UNAUTHENTICATED; in WeChat there is no login page to go to. */
export function startLogin(): void {
  /* Nothing to do: WeChat re-establishes the cloud context by itself. */
}
