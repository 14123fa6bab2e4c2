/**
 * The privacy authorization flow. When WeChat needs consent before a privacy API or
 * component (avatar chooser, nickname input, location), it calls our listener and holds
 * the API pending; the privacy popup on the current page asks the person and answers.
 */
export interface PrivacyAnswer {
  event: 'agree' | 'disagree' | 'exposureAuthorization';
  buttonId?: string;
}
export type PrivacyResolve = (answer: PrivacyAnswer) => void;

interface PrivacyPopupInstance {
  open(resolve: PrivacyResolve, referrer: string): void;
}

// The bundled typings declare this listener as `(res) => void`; the documented signature is (resolve, eventInfo).
type NeedPrivacyListener = (resolve: PrivacyResolve, eventInfo: { referrer: string }) => void;

export const PRIVACY_POPUP_SELECTOR = '#privacy-popup';

export function installPrivacyHandler(): void {
  if (typeof wx.onNeedPrivacyAuthorization !== 'function') return; // base library < 2.32.3: no consent flow
  const onNeed = wx.onNeedPrivacyAuthorization as unknown as (listener: NeedPrivacyListener) => void;
  onNeed((resolve, eventInfo) => {
    const pages = getCurrentPages();
    const page = pages[pages.length - 1];
    const popup = page?.selectComponent(PRIVACY_POPUP_SELECTOR) as unknown as PrivacyPopupInstance | null;
    if (popup && typeof popup.open === 'function') {
      popup.open(resolve, eventInfo.referrer);
    } else {
      // A page without the popup cannot collect consent; refusing keeps the API from hanging forever.
      resolve({ event: 'disagree' });
    }
  });
}
