import { WX, WxApiError } from './wx-error';

/**
 * Real openids are 28 characters of base64url; seeded and test users here use shorter readable ids,
 * so anything of word characters and dashes up to 64 long is accepted.
 */
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

export function requireOpenid(value: unknown, field = 'openid'): string {
  if (typeof value !== 'string' || !OPENID.test(value)) throw new WxApiError(WX.INVALID_OPENID, `invalid openid hint: [${field}]`);
  return value;
}

/** Content-security scenes: 1 profile, 2 comment, 3 forum, 4 social log. */
export function requireScene(value: unknown): 1 | 2 | 3 | 4 {
  if (value !== 1 && value !== 2 && value !== 3 && value !== 4) throw new WxApiError(WX.INVALID_SCENE_VALUE, 'invalid scene value');
  return value;
}

export function optionalString(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new WxApiError(WX.DATA_FORMAT_ERROR, `data format error hint: [${key} must be a string]`);
  return value;
}
