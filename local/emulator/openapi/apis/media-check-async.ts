import { getFileInfo } from '../../storage/file-table';
import { cloudPathFromUrl, fileIdFor } from '../../storage';
import type { EmulatorContext } from '../../types';
import type { OpenApiHandler } from '../api-types';
import { ok } from '../api-types';
import { requireOpenid, requireScene } from '../param-checks';
import { newTraceId, WX, WxApiError } from '../wx-error';

export const DEFAULT_MEDIACHECK_FUNCTION = 'mediacheck';
export const DEFAULT_MEDIACHECK_DELAY_MS = 2000;
/** The mini-program's original id (ToUserName of pushes); the emulator has no real one. */
export const LOCAL_ORIGINAL_ID = 'gh_00000000linli';

/** A marker counts only as a word of its own, so `preview.png` or `briskly` do not trip it. */
const RISKY = /(^|[^a-z])risky([^a-z]|$)/i;
const REVIEW = /(^|[^a-z])review([^a-z]|$)/i;

/** The URL's path and query, decoded: the host is not the media's name and must not decide. */
function nameParts(mediaUrl: string): string[] {
  try {
    const url = new URL(mediaUrl);
    const raw = `${url.pathname}${url.search}`;
    try {
      return [raw, decodeURIComponent(raw)];
    } catch {
      return [raw];
    }
  } catch {
    return [mediaUrl];
  }
}

/**
 * The local verdict rule, decided from what the emulator can see without looking at pixels:
 * the word "risky" in the media URL's path or query, or in the cloud path / content type of the
 * stored file it points at, makes the verdict risky (label 21000); "review" makes it review
 * (label 21000); anything else passes (label 100). Case-insensitive; risky beats review.
 */
export function judgeMedia(ctx: EmulatorContext, mediaUrl: string): { suggest: 'pass' | 'review' | 'risky'; label: number } {
  const seen = nameParts(mediaUrl);
  const cloudPath = cloudPathFromUrl(ctx, mediaUrl);
  if (cloudPath) {
    const file = getFileInfo(ctx.store.db, fileIdFor(ctx.envId, cloudPath));
    if (file) seen.push(file.cloudPath, file.contentType);
  }
  if (seen.some((s) => RISKY.test(s))) return { suggest: 'risky', label: 21000 };
  if (seen.some((s) => REVIEW.test(s))) return { suggest: 'review', label: 21000 };
  return { suggest: 'pass', label: 100 };
}

/** LINLI_MEDIACHECK_DELAY_MS, else 2000 ms: how long a verdict waits before it is pushed. */
export function mediaCheckDelayMs(): number {
  const raw = Number(process.env.LINLI_MEDIACHECK_DELAY_MS);
  return Number.isFinite(raw) && raw >= 0 && process.env.LINLI_MEDIACHECK_DELAY_MS !== '' ? raw : DEFAULT_MEDIACHECK_DELAY_MS;
}

/**
 * security.mediaCheckAsync (v2 only). Answers `{errcode:0, trace_id}` at once; the verdict goes
 * later, after LINLI_MEDIACHECK_DELAY_MS, to the function named by LINLI_MEDIACHECK_FUNCTION as a
 * `wxa_media_check` message-push event.
 */
export const mediaCheckAsync: OpenApiHandler = (params, call) => {
  const mediaUrl = params.media_url;
  if (typeof mediaUrl !== 'string' || mediaUrl === '') throw new WxApiError(WX.EMPTY_PARAM, 'empty media_url');
  let protocol: string;
  try {
    protocol = new URL(mediaUrl).protocol;
  } catch {
    throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [media_url is not a URL]');
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [media_url]');
  const mediaType = params.media_type;
  if (mediaType !== 1 && mediaType !== 2) throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [media_type must be 1 or 2]');
  if (params.version !== 2)
    throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [the local emulator implements version 2 only]');
  requireScene(params.scene);
  const openid = requireOpenid(params.openid);

  const traceId = newTraceId(call.ctx.clock.now());
  const result = judgeMedia(call.ctx, mediaUrl);
  const event = {
    ToUserName: LOCAL_ORIGINAL_ID,
    FromUserName: openid,
    CreateTime: 0, // stamped when delivered
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: call.appid,
    trace_id: traceId,
    version: 2,
    detail: [{ strategy: 'content_model', errcode: 0, suggest: result.suggest, label: result.label, prob: 90 }],
    errcode: 0,
    errmsg: 'ok',
    result,
  };
  return {
    ...ok({ trace_id: traceId }),
    delivery: { functionName: process.env.LINLI_MEDIACHECK_FUNCTION || DEFAULT_MEDIACHECK_FUNCTION, delayMs: mediaCheckDelayMs(), event },
  };
};
