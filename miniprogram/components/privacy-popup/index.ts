import type { PrivacyResolve } from '../../services/privacy';

// Several privacy APIs can wait at once (avatar and nickname on one screen); one answer settles them all.
const waiting: PrivacyResolve[] = [];

const FEATURES: Array<[RegExp, string]> = [
  [/avatar/i, '头像选择'],
  [/nickname/i, '昵称填写'],
  [/location/i, '位置信息'],
  [/phone/i, '手机号'],
  [/image|photo|video|camera|media/i, '拍照与相册'],
  [/record|voice/i, '录音'],
];

function featureName(referrer: string): string {
  return FEATURES.find(([pattern]) => pattern.test(referrer))?.[1] ?? '该功能';
}

Component({
  data: {
    visible: false,
    feature: '该功能',
  },
  lifetimes: {
    detached() {
      // Leaving the page must not leave a privacy API hanging.
      if (this.data.visible) settle({ event: 'disagree' });
    },
  },
  methods: {
    /** Called by the app-wide `wx.onNeedPrivacyAuthorization` listener. */
    open(resolve: PrivacyResolve, referrer: string) {
      waiting.push(resolve);
      this.setData({ visible: true, feature: featureName(referrer) });
      resolve({ event: 'exposureAuthorization' });
    },
    onAgree() {
      settle({ event: 'agree', buttonId: 'agree-btn' });
      this.setData({ visible: false });
    },
    onDisagree() {
      settle({ event: 'disagree' });
      this.setData({ visible: false });
    },
    onOpenContract() {
      wx.openPrivacyContract({});
    },
  },
});

function settle(answer: Parameters<PrivacyResolve>[0]): void {
  waiting.splice(0).forEach((resolve) => resolve(answer));
}
