import type { TestEnv } from './test-env';

/** What the tests control and observe about the phone the mini-program runs on. */
export interface Phone {
  /** Who WeChat says the user is: the OPENID the cloud function receives. */
  openid: string;
  /** false: every cloud call fails the way `wx.cloud.callFunction` fails without network. */
  online: boolean;
  /**
   * The next N calls reach the cloud function, but their replies are lost on the way back
   * (the phone sees a network failure): what happens when the signal drops mid-call.
   */
  dropReplies: number;
  /** Every event delivered to a cloud function, in order. */
  calls: Array<{ name: string; data: Record<string, unknown> }>;
  /** URLs passed to navigateTo / switchTab. */
  navigations: string[];
  /** Messages shown with the system toast (the TDesign toast renders into the page instead). */
  toasts: string[];
  storage: Map<string, unknown>;
  /** What the app registered with `wx.onNeedPrivacyAuthorization`; WeChat calls it when a privacy API needs consent. */
  privacyListener: ((resolve: (answer: unknown) => void, eventInfo: { referrer: string }) => void) | null;
}

interface CallFunctionParam {
  name: string;
  data?: Record<string, unknown>;
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
}

/**
 * Installs the globals a mini-program expects, over miniprogram-simulate's `wx` mock: the
 * cloud (a real local cloud over HTTP), storage that remembers, navigation that records,
 * and the App / getApp / getCurrentPages the framework provides.
 */
export function installPhone(cloud: Pick<TestEnv, 'invoke'>, openid: string): Phone {
  const phone: Phone = {
    openid,
    online: true,
    dropReplies: 0,
    privacyListener: null,
    calls: [],
    navigations: [],
    toasts: [],
    storage: new Map(),
  };

  const callFunction = (param: CallFunctionParam): Promise<{ result: unknown; errMsg: string }> => {
    const data = param.data ?? {};
    phone.calls.push({ name: param.name, data });
    const networkError = { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail network error' };
    const done = phone.online
      ? cloud.invoke(param.name, data, phone.openid).then((result) => {
          if (phone.dropReplies > 0) {
            phone.dropReplies -= 1;
            throw networkError;
          }
          return { result, errMsg: 'cloud.callFunction:ok' };
        })
      : Promise.reject(networkError);
    done.then(
      (res) => param.success?.(res),
      (err: unknown) => param.fail?.(err),
    );
    return done;
  };

  const navigate = (opts: { url: string; success?: () => void }) => {
    phone.navigations.push(opts.url);
    opts.success?.();
    return Promise.resolve({ errMsg: 'ok' });
  };

  const g = globalThis as unknown as Record<string, unknown>;
  // miniprogram-simulate installed its own `wx` mock when imported; ours replaces the parts the app relies on.
  Object.assign(g.wx as object, {
    cloud: { init: () => undefined, callFunction },
    getStorageSync: (key: string) => (phone.storage.has(key) ? phone.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void phone.storage.set(key, value),
    navigateTo: navigate,
    switchTab: navigate,
    showToast: (opts: { title: string }) => void phone.toasts.push(opts.title),
    stopPullDownRefresh: () => undefined,
    onNeedPrivacyAuthorization: (listener: Phone['privacyListener']) => {
      phone.privacyListener = listener;
    },
    openPrivacyContract: () => undefined,
  });

  let app: Record<string, unknown> = {};
  g.App = (options: Record<string, unknown>) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => [...openPages];
  return phone;
}

const openPages: WechatLikePage[] = [];

interface WechatLikePage {
  onLoad?: (query: Record<string, string>) => void;
  onShow?: () => void;
  onPullDownRefresh?: () => void;
  selectComponent(selector: string): unknown;
}

export { openPages };
