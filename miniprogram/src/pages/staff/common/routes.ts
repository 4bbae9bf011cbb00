/** The staff sub-package's pages (registered in app.config.ts). */
export const STAFF_ROUTES = {
  home: '/pages/staff/index/index',
  reconciliation: '/pages/staff/reconciliation/index',
  enterprises: '/pages/staff/enterprises/index',
  held: '/pages/staff/held/index',
  restore: '/pages/staff/restore/index',
} as const;
