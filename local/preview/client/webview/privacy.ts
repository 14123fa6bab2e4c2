import { rt } from './runtime';

/**
 * The privacy authorization flow (`__usePrivacyCheck__`): the first time the app uses a privacy
 * API or component, WeChat calls the app's `wx.onNeedPrivacyAuthorization` listener and holds the
 * API until the app resolves with agree / disagree. Agreement is remembered per person, as WeChat
 * remembers it per user and mini-program.
 */
type Answer = { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string };
type Listener = (resolve: (answer: Answer) => void, eventInfo: { referrer: string }) => void;

let listener: Listener | null = null;
const storageKey = () => `linli-preview:${rt.openid}:privacy-agreed`;

export function onNeedPrivacyAuthorization(fn: Listener): void {
  listener = fn;
}

export function privacyAgreed(): boolean {
  return localStorage.getItem(storageKey()) === '1';
}

export function setPrivacyAgreed(agreed: boolean): void {
  if (agreed) localStorage.setItem(storageKey(), '1');
  else localStorage.removeItem(storageKey());
}

function usesPrivacyCheck(): boolean {
  return rt.app.appJson.__usePrivacyCheck__ === true;
}

/** Resolves true when the API may go ahead. Without a listener WeChat shows its own popup: a sheet here. */
export async function requirePrivacy(referrer: string): Promise<boolean> {
  if (!usesPrivacyCheck() || privacyAgreed()) return true;
  if (listener) {
    const fn = listener;
    const answer = await new Promise<Answer>((resolve) => {
      let settled = false;
      fn(
        (a) => {
          if (a.event === 'exposureAuthorization') return; // the popup is showing; the real answer follows
          if (settled) return;
          settled = true;
          resolve(a);
        },
        { referrer },
      );
    });
    const ok = answer.event === 'agree';
    if (ok) setPrivacyAgreed(true);
    return ok;
  }
  const r = await rt.shell.showSheet({
    kind: 'privacy',
    caption: '邻里',
    title: '用户隐私保护提示',
    message: '在你使用该功能前，请仔细阅读《邻里隐私保护指引》。如你同意，请点击“同意”开始使用。',
    buttons: [
      { id: 'disagree', label: '拒绝' },
      { id: 'agree', label: '同意', primary: true },
    ],
  });
  const ok = r.button === 'agree';
  if (ok) setPrivacyAgreed(true);
  return ok;
}
