/**
 * Build-time switches of the mini-program. Edit here, not in code.
 *
 * `localCloud.enabled` sends every `call()` to the local cloud's dev server over
 * `wx.request` instead of `wx.cloud.callFunction`, so DevTools can run the app against
 * `npm run dev` on this machine. In DevTools tick 「不校验合法域名」 for 127.0.0.1.
 * Never ship with it on: a production build must talk to CloudBase.
 */
export interface AppConfig {
  /** CloudBase environment id; empty = the default environment of the AppID. */
  cloudEnv: string;
  localCloud: {
    enabled: boolean;
    baseUrl: string;
    /** Who the local cloud believes is calling (it cannot read a real OPENID). */
    openid: string;
  };
  /** How long one call may take before it counts as a network failure. */
  callTimeoutMs: number;
  /** Transport retries after the first attempt; mutations reuse their requestId. */
  retries: number;
}

export const config: AppConfig = {
  cloudEnv: '',
  localCloud: {
    enabled: false,
    baseUrl: 'http://127.0.0.1:3000',
    openid: 'demo-resident-001',
  },
  callTimeoutMs: 10_000,
  retries: 2,
};
