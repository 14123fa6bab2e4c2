import type { TemplateKey } from '../../contracts/messages';

/**
 * Subscribe-message templates. The ids are configuration (they are issued per mini-program in the
 * 公众平台 → 订阅消息 console): LINLI_TMPL_REPORT_STATUS and LINLI_TMPL_REPORT_TASK. The defaults are
 * demo ids the local cloud accepts; a real deployment must set both.
 *
 * report_status (问题处理进度通知): character_string1 编号, thing2 问题, phrase3 状态, time4 时间, thing5 备注.
 * report_task   (新任务提醒):       character_string1 编号, thing2 问题, thing3 地点, time4 期限.
 */
export const TEMPLATE_ENV: Record<TemplateKey, string> = {
  report_status: 'LINLI_TMPL_REPORT_STATUS',
  report_task: 'LINLI_TMPL_REPORT_TASK',
};

export const DEMO_TEMPLATE_IDS: Record<TemplateKey, string> = {
  report_status: 'demo-tmpl-report-status',
  report_task: 'demo-tmpl-report-task',
};

export const TEMPLATE_TITLES: Record<TemplateKey, string> = {
  report_status: '问题处理进度通知',
  report_task: '新任务提醒',
};

export const TEMPLATE_KEYS: readonly TemplateKey[] = ['report_status', 'report_task'];

export function templateId(key: TemplateKey): string {
  return process.env[TEMPLATE_ENV[key]]?.trim() || DEMO_TEMPLATE_IDS[key];
}

/** The template key whose configured id is `id`, if any. */
export function templateKeyOf(id: string): TemplateKey | null {
  return TEMPLATE_KEYS.find((k) => templateId(k) === id) ?? null;
}

/** Subscribe quota kept per template: each accepted request allows one message, up to this many saved. */
export const QUOTA_CAP = 20;

/** Time as the keyword type `time` wants it, in China time: 2026年11月01日 10:00. */
export function keywordTime(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${p(d.getUTCMonth() + 1)}月${p(d.getUTCDate())}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

const LIMITS: Record<string, number> = { thing: 20, name: 10, phrase: 5, character_string: 32, time: 40, date: 40, number: 32, letter: 32 };

/**
 * Makes a keyword value fit its type's rules (thing ≤ 20 characters, phrase ≤ 5 汉字 only, …), so a
 * long report text or an odd status never makes WeChat refuse the whole message.
 */
export function fitKeyword(key: string, value: string): string {
  const type = /^([a-z_]+?)\d+$/.exec(key)?.[1] ?? 'thing';
  const max = LIMITS[type] ?? 20;
  let text = value.replace(/\s+/g, ' ').trim();
  if (type === 'phrase') text = text.replace(/[^\p{Script=Han}]/gu, '');
  if (type === 'character_string') text = text.replace(/[^\x21-\x7e]/g, '');
  const chars = [...text];
  if (chars.length > max) text = type === 'thing' ? `${chars.slice(0, max - 1).join('')}…` : chars.slice(0, max).join('');
  if (!text) text = type === 'phrase' ? '更新' : type === 'character_string' ? 'NA' : '无';
  return text;
}
