import { config } from './config';
import { installPrivacyHandler } from './services/privacy';
import { login } from './services/session';

App({
  onLaunch() {
    if (!config.localCloud.enabled) {
      wx.cloud.init({ ...(config.cloudEnv ? { env: config.cloudEnv } : {}), traceUser: true });
    }
    installPrivacyHandler();
    // Pages await the same login; a failure here is shown by the page that needs it, with a retry.
    login().catch(() => undefined);
  },
});
