/**
 * The service pages reached from 我的参保 (自动续缴, 零存整缴, 信用参保, 待遇状态, 消息), each in its own sub-package
 * (app.config.ts); kept apart from routes.ts so each feature adds its URLs without touching the others'.
 */
export const SERVICE_ROUTES = {
  agreements: '/pages/agreements/list/index',
  signAgreement: '/pages/agreements/sign/index',
  notices: '/pages/agreements/notices/index',
  savings: '/pages/savings/progress/index',
  savingsSetup: '/pages/savings/setup/index',
  credit: '/pages/credit/index/index',
  benefitStatus: '/pages/credit/status/index',
} as const;
