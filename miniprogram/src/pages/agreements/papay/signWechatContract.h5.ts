import type { WechatSign } from '@shared/api/contract';
import { chooseSign, loadSignSession } from './papaySimulator';
// The payment sheet's look (WeChat's bottom panel), so both simulated WeChat pages match; a few classes of its own.
import '../../payment/common/WechatPaySheet.scss';
import './WechatSignSheet.scss';

export type { WechatSign };
export type WechatSignOutcome = 'confirmed' | 'cancelled';

/** The merchant WeChat names on its signing page: the fund collects the premium. */
const MERCHANT_NAME = '合肥医保';

function element(tag: string, className: string, text?: string, testId?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  if (testId) node.dataset.testid = testId;
  return node;
}

/**
 * In the browser (local mode) there is no WeChat and no signing mini-program: a sheet drawn like WeChat's
 * signing page is laid over the page, and the user's choice goes to the local WeChat Pay simulator, which then
 * sends the server its signed contract callback exactly as WeChat would. The sheet is plain DOM on document.body,
 * so this stays a function (as navigateToMiniProgram is on weapp) that any page can await without a component.
 */
export function signWechatContract(sign: WechatSign): Promise<WechatSignOutcome> {
  const id = sign.extraData.pre_entrustweb_id;
  return new Promise((resolve) => {
    const mask = element('div', 'wxpay-mask', undefined, 'wechat-sign-sheet');
    const sheet = element('div', 'wxpay-sheet');
    const head = element('div', 'wxpay-sheet__head');
    const close = element('div', 'wxpay-sheet__close', '取消', 'wechat-sign-cancel');
    head.append(close, element('span', 'wxpay-sheet__title', '微信支付 · 开通自动扣费'));
    const merchant = element('span', 'wxpay-sheet__merchant', MERCHANT_NAME);
    const account = element('span', 'wxsign-account', '正在加载…', 'wechat-sign-account');
    const terms = element('span', 'wxpay-sheet__desc', '开通后，合肥医保将在每年集中参保期内，按当年个人缴费标准从你的微信支付扣缴居民医保费，扣款前会提前通知。可随时在小程序或微信“支付设置”中解约。');
    const error = element('span', 'wxsign-error app-error', undefined, 'wechat-sign-error');
    const confirm = element('button', 'wxsign-confirm', '确认开通', 'wechat-sign-confirm') as HTMLButtonElement;
    confirm.disabled = true;
    const actions = element('div', 'wxpay-sheet__confirm');
    actions.append(confirm);
    sheet.append(head, merchant, account, terms, error, actions, element('span', 'wxpay-sheet__note', '本地测试环境的模拟签约，不会产生真实扣款'));
    mask.append(sheet);
    document.body.append(mask);

    let busy = false;
    // Leaving the page (Back) leaves WeChat's signing page too: the sheet goes with it, and counts as not signing.
    const leave = () => finish('cancelled');
    const finish = (outcome: WechatSignOutcome) => {
      window.removeEventListener('hashchange', leave);
      window.removeEventListener('popstate', leave);
      if (!mask.isConnected) return;
      mask.remove();
      resolve(outcome);
    };
    window.addEventListener('hashchange', leave);
    window.addEventListener('popstate', leave);
    const fail = (message: string) => {
      error.textContent = message;
      busy = false;
      confirm.disabled = false;
    };

    void loadSignSession(id).then((answer) => {
      if (!answer.ok) return fail(answer.message);
      account.textContent = answer.data.contract_display_account;
      if (answer.data.state === 'CONFIRMED') confirm.textContent = '已开通，完成';
      if (answer.data.state === 'CANCELLED') return fail('本次签约已取消，请返回重新发起');
      confirm.disabled = false;
    });

    confirm.addEventListener('click', () => {
      if (busy) return;
      busy = true;
      confirm.disabled = true;
      error.textContent = '';
      void chooseSign(id, 'CONFIRM').then((answer) => (answer.ok ? finish('confirmed') : fail(answer.message)));
    });
    close.addEventListener('click', () => {
      if (busy) return;
      busy = true;
      // Tell the simulator the session was abandoned, as WeChat's page closes it; nothing is signed either way.
      void chooseSign(id, 'CANCEL').finally(() => finish('cancelled'));
    });
  });
}
