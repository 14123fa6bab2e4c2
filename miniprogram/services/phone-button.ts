/**
 * What the `<button open-type="getPhoneNumber">` reported. The code is only worth something
 * to the backend (it exchanges it with `phonenumber.getPhoneNumber`); every other outcome —
 * the person refused, the account has no quota, an old base library — sends the person to
 * the typed-number fallback instead of a dead end.
 */
export type PhoneButtonResult = { kind: 'code'; code: string } | { kind: 'refused' } | { kind: 'unavailable' };

export interface PhoneButtonDetail {
  code?: string;
  errMsg?: string;
  errno?: number;
}

export function readPhoneButton(detail: PhoneButtonDetail | undefined): PhoneButtonResult {
  if (detail?.code && /:ok$/.test(detail.errMsg ?? 'getPhoneNumber:ok')) return { kind: 'code', code: detail.code };
  if (/deny|cancel/i.test(detail?.errMsg ?? '')) return { kind: 'refused' };
  return { kind: 'unavailable' };
}

/** Whether this WeChat can show the button at all; false sends the form straight to the typed number. */
export function phoneButtonSupported(): boolean {
  return typeof wx.canIUse !== 'function' || wx.canIUse('button.open-type.getPhoneNumber');
}

/** Mainland mobile numbers: what the typed fallback accepts before the backend checks it again. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
