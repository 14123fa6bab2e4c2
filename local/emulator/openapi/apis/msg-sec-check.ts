import type { OpenApiHandler } from '../api-types';
import { ok } from '../api-types';
import { optionalString, requireOpenid, requireScene } from '../param-checks';
import { loadSecWords, type SecWord } from '../seccheck-words';
import { newTraceId, WX, WxApiError } from '../wx-error';

const MAX_CHARS = 2500;
const LABEL_NORMAL = 100;
const SEVERITY = { pass: 0, review: 1, risky: 2 } as const;

interface Hit extends SecWord {
  field: string;
}

function findHits(texts: Record<string, string | undefined>, words: SecWord[]): Hit[] {
  const hits: Hit[] = [];
  for (const [field, text] of Object.entries(texts)) {
    if (!text) continue;
    const haystack = text.toLowerCase();
    for (const w of words) if (haystack.includes(w.word.toLowerCase())) hits.push({ ...w, field });
  }
  return hits;
}

/**
 * security.msgSecCheck. v2 (`version: 2`) answers `{result:{suggest,label}, detail, trace_id}` and
 * errcode 0 whatever the verdict; without a version it behaves as v1 (errcode 87014 when risky).
 * The verdict comes from the local word list (see seccheck-words.ts); the worst hit wins.
 */
export const msgSecCheck: OpenApiHandler = (params, call) => {
  const content = params.content;
  if (content === undefined || content === null || content === '') throw new WxApiError(WX.EMPTY_PARAM, 'empty content');
  if (typeof content !== 'string') throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [content must be a string]');
  // Characters, not UTF-16 units or bytes: the documented limit is 2500 字.
  if ([...content].length > MAX_CHARS) {
    throw new WxApiError(WX.DATA_FORMAT_ERROR, `data format error hint: [content exceeds ${MAX_CHARS} characters]`);
  }
  const version = params.version;
  if (version !== undefined && version !== 1 && version !== 2)
    throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [version]');

  const words = loadSecWords();
  if (version !== 2) {
    const risky = findHits({ content }, words).some((h) => h.suggest === 'risky');
    if (risky) throw new WxApiError(87014, 'risky content');
    return ok();
  }

  const scene = requireScene(params.scene);
  requireOpenid(params.openid);
  const texts = {
    content,
    title: optionalString(params, 'title'),
    nickname: optionalString(params, 'nickname'),
    // The signature only counts in the profile scene, as documented.
    signature: scene === 1 ? optionalString(params, 'signature') : undefined,
  };
  const hits = findHits(texts, words);
  const worst = hits.reduce<Hit | null>((acc, h) => (!acc || SEVERITY[h.suggest] > SEVERITY[acc.suggest] ? h : acc), null);
  const detail: Array<Record<string, unknown>> = [
    { strategy: 'content_model', errcode: 0, suggest: 'pass', label: LABEL_NORMAL, prob: 90 },
    ...hits.map((h) => ({
      strategy: 'keyword',
      errcode: 0,
      suggest: h.suggest,
      label: h.label,
      level: h.suggest === 'risky' ? 90 : 20,
      keyword: h.word,
    })),
  ];
  return ok({
    result: worst ? { suggest: worst.suggest, label: worst.label } : { suggest: 'pass', label: LABEL_NORMAL },
    detail,
    trace_id: newTraceId(call.ctx.clock.now()),
  });
};
