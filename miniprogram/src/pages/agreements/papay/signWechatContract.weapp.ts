import Taro from '@tarojs/taro';
import type { WechatSign } from '@shared/api/contract';

export type { WechatSign };
export type WechatSignOutcome = 'confirmed' | 'cancelled';

/** WeChat's scene value for "came back from a mini-program this one opened". */
const SCENE_BACK_FROM_MINI_PROGRAM = 1038;

/**
 * In WeChat: navigateToMiniProgram into WeChat Pay's signing mini-program with the pre-signing session id; the
 * user signs (or not) there and comes back, which App.onShow reports with the signing mini-program as referrer.
 * Its extraData says SUCCESS when the user signed; when it carries nothing, WeChat could not tell, and the
 * server (which learns the result from WeChat's callback) decides, so that counts as 'confirmed' for the page to
 * go and ask. Failing to open the signing mini-program at all is a cancel: nothing was signed.
 */
export function signWechatContract(sign: WechatSign): Promise<WechatSignOutcome> {
  return new Promise((resolve) => {
    let done = false;
    const onShow = (options: Taro.onAppShow.CallbackResult) => {
      const referrer = options.referrerInfo;
      if (options.scene !== SCENE_BACK_FROM_MINI_PROGRAM || referrer?.appId !== sign.appId) return;
      const code: unknown = referrer.extraData?.return_code;
      finish(code === undefined || code === 'SUCCESS' ? 'confirmed' : 'cancelled');
    };
    const finish = (outcome: WechatSignOutcome) => {
      if (done) return;
      done = true;
      Taro.offAppShow(onShow);
      resolve(outcome);
    };
    Taro.onAppShow(onShow);
    Taro.navigateToMiniProgram({
      appId: sign.appId,
      path: sign.path,
      extraData: sign.extraData,
      fail: () => finish('cancelled'),
    });
  });
}
