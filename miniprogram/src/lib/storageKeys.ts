/** Keys in Taro storage (localStorage on h5, wx storage in WeChat); one list so no two features collide. */
export const STORAGE_KEYS = {
  /** h5 local mode only: the bearer token from /api/dev/login. */
  sessionToken: 'session.token',
  /** '1' when 长辈模式 (large text) is on. */
  elderMode: 'ui.elderMode',
} as const;
