import type { OpenApiHandler } from '../api-types';
import { ok } from '../api-types';
import { optionalString, requireOpenid } from '../param-checks';
import { WX, WxApiError } from '../wx-error';

/**
 * Value rules of subscribe-message template keywords, by the keyword's type prefix (`thing1` → thing),
 * as documented for subscribeMessage.send. A value that breaks them gets errcode 47003.
 */
const KEYWORD_RULES: Record<string, { max: number; pattern?: RegExp }> = {
  thing: { max: 20 },
  number: { max: 32, pattern: /^-?\d+(\.\d+)?$/ },
  letter: { max: 32, pattern: /^[A-Za-z]+$/ },
  symbol: { max: 5, pattern: /^[^\p{L}\p{N}\s]+$/u },
  character_string: { max: 32, pattern: /^[\x21-\x7e]+$/ },
  time: { max: 40 },
  date: { max: 40 },
  amount: { max: 14, pattern: /^[¥$€£]?\d{1,10}(\.\d{1,2})?元?$/ },
  phone_number: { max: 17, pattern: /^[\d+\-() ]+$/ },
  car_number: { max: 8 },
  name: { max: 10 },
  phrase: { max: 5, pattern: /^\p{Script=Han}+$/u },
};

const STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

function checkData(data: unknown): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.keys(data).length === 0) {
    throw new WxApiError(WX.TEMPLATE_ARGS_INVALID, 'argument invalid! data is empty or not an object');
  }
  for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
    const type = /^([a-z_]+?)\d+$/.exec(key)?.[1];
    const rule = type ? KEYWORD_RULES[type] : undefined;
    if (!rule) throw new WxApiError(WX.TEMPLATE_ARGS_INVALID, `argument invalid! data.${key} is not a template keyword`);
    const value = (entry as { value?: unknown } | null)?.value;
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || text.length === 0) {
      throw new WxApiError(WX.TEMPLATE_ARGS_INVALID, `argument invalid! data.${key}.value is empty`);
    }
    if ([...text].length > rule.max || (rule.pattern && !rule.pattern.test(text))) {
      throw new WxApiError(WX.TEMPLATE_ARGS_INVALID, `argument invalid! data.${key}.value invalid`);
    }
  }
}

/**
 * subscribeMessage.send. Validates what the emulator can know (openid, template id present, keyword
 * values by type, enums) and answers `{errcode:0, msgid}`. It cannot know whether the user accepted
 * the template, so it never answers 43101; the outbox shows what would have been sent.
 */
export const subscribeMessageSend: OpenApiHandler = (params) => {
  requireOpenid(params.touser, 'touser');
  const templateId = params.template_id;
  if (typeof templateId !== 'string' || templateId.trim() === '') throw new WxApiError(WX.INVALID_TEMPLATE_ID, 'invalid template_id');
  checkData(params.data);
  optionalString(params, 'page');
  const state = optionalString(params, 'miniprogram_state');
  if (state !== undefined && !STATES.has(state)) throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [miniprogram_state]');
  const lang = optionalString(params, 'lang');
  if (lang !== undefined && !LANGS.has(lang)) throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [lang]');
  // At most 15 digits: the SDK parses replies with json-bigint, which turns longer numbers into BigNumber objects.
  const msgid = Math.floor(Date.now() / 1000) * 100_000 + Math.floor(Math.random() * 100_000);
  return ok({ msgid });
};
