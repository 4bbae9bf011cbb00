/**
 * Routes. Only 我的参保 is an entry page in the main package; every other page sits in a sub-package per
 * feature, downloaded when first opened, which keeps the main package far under WeChat's 2 MB limit.
 * The dev-login package exists only in the h5 build: in WeChat the caller's identity comes from the cloud
 * context (OPENID), so there is nothing to log in to. This is a build-time choice, not a runtime branch.
 */
const subPackages = [
  { root: 'pages/identity', pages: ['bind/index'] },
  { root: 'pages/family', pages: ['add/index'] },
  // 缴费, its result, 缴费记录, the receipt and 退费: one package, since a payment moves between them all.
  { root: 'pages/payment', pages: ['pay/index', 'result/index', 'orders/index', 'receipt/index', 'refund/index'] },
  // 自动续缴 (sign, list with the next debit, pause/resume/cancel) and 消息; WeChat's papay signing lives here too.
  { root: 'pages/agreements', pages: ['list/index', 'sign/index', 'notices/index'] },
  // 零存整缴 for gig workers: progress toward the premium, setup.
  { root: 'pages/savings', pages: ['progress/index', 'setup/index'] },
  // 信用参保 (bank advance, repayment) and 待遇状态, which answers "repay first" for an advance.
  { root: 'pages/credit', pages: ['index/index', 'status/index'] },
  // Staff and fund pages (对账, 平台企业参保率): residents never download them.
  { root: 'pages/staff', pages: ['index/index', 'reconciliation/index', 'enterprises/index', 'held/index', 'restore/index'] },
];
if (process.env.TARO_ENV === 'h5') subPackages.push({ root: 'pages/session', pages: ['dev-login/index'] });

export default defineAppConfig({
  pages: ['pages/coverage/home/index'],
  subPackages,
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '我的参保',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f8',
  },
});
