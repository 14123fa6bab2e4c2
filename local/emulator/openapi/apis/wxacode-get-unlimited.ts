import QRCode from 'qrcode';
import type { OpenApiHandler } from '../api-types';
import { appPages } from '../app-pages';
import { optionalString } from '../param-checks';
import { WX, WxApiError } from '../wx-error';

const MAX_SCENE = 32;
// Documented scene alphabet: digits, letters and !#$&'()*+,/:;=?@-._~
const SCENE_CHARS = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]+$/;
const ENV_VERSIONS = new Set(['release', 'trial', 'develop']);
const MIN_WIDTH = 280;
const MAX_WIDTH = 1280;
const DEFAULT_WIDTH = 430;

export interface WxacodeContent {
  appid: string;
  page: string;
  scene: string;
  envVersion: string;
}

/**
 * What the local code encodes, since a real "sun code" can only be read by WeChat:
 * `linli://wxacode?appid=…&page=…&scene=…&env_version=…`. The browser preview decodes it to
 * simulate a scan (page opened with `options.scene`).
 */
export function wxacodeContent(code: WxacodeContent): string {
  const query = new URLSearchParams({ appid: code.appid, page: code.page, scene: code.scene, env_version: code.envVersion });
  return `linli://wxacode?${query.toString()}`;
}

export function parseWxacodeContent(text: string): WxacodeContent | null {
  if (!text.startsWith('linli://wxacode?')) return null;
  const q = new URLSearchParams(text.slice('linli://wxacode?'.length));
  const scene = q.get('scene');
  if (scene === null) return null;
  return { appid: q.get('appid') ?? '', page: q.get('page') ?? '', scene, envVersion: q.get('env_version') ?? 'release' };
}

/**
 * wxacode.getUnlimited: a real PNG QR code (image/png) of wxacodeContent(). Scene rules and the
 * page check follow the documentation; width is clamped to 280–1280 like WeChat.
 */
export const wxacodeGetUnlimited: OpenApiHandler = async (params, call) => {
  const scene = params.scene;
  if (typeof scene !== 'string' || scene.length === 0 || scene.length > MAX_SCENE) {
    throw new WxApiError(WX.INVALID_WXACODE_SCENE, 'invalid length for scene, or the data is not json string');
  }
  if (!SCENE_CHARS.test(scene))
    throw new WxApiError(WX.INVALID_WXACODE_SCENE, "invalid scene: only [A-Za-z0-9] and !#$&'()*+,/:;=?@-._~ are allowed");
  const envVersion = optionalString(params, 'env_version') ?? 'release';
  if (!ENV_VERSIONS.has(envVersion)) throw new WxApiError(WX.INVALID_ARGS, 'invalid args hint: [env_version]');
  const pages = appPages();
  const page = optionalString(params, 'page') ?? pages?.[0] ?? '';
  if (page.startsWith('/')) throw new WxApiError(WX.INVALID_PAGE, 'invalid page hint: [page must not start with /]');
  if (params.check_path !== false && pages && page !== '' && !pages.includes(page)) {
    throw new WxApiError(WX.INVALID_PAGE, `invalid page hint: [${page} is not a page of app.json]`);
  }
  const rawWidth = params.width === undefined ? DEFAULT_WIDTH : Number(params.width);
  if (!Number.isFinite(rawWidth)) throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [width]');
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(rawWidth)));

  const content = wxacodeContent({ appid: call.appid, page, scene, envVersion });
  const bytes = await QRCode.toBuffer(content, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
  return { kind: 'binary', contentType: 'image/png', bytes, note: { content, width, size: bytes.length } };
};
