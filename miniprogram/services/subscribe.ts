import type { TemplateKey } from '../../contracts/messages';
import { call } from './api';

type Answer = 'accept' | 'reject' | 'ban' | 'filter';

/**
 * Asks for subscribe messages at the moment they make sense (right after a report is sent) and
 * tells the backend each template's answer. Never throws: a refusal or a failure only means no
 * push, the message centre still has every notice.
 */
export async function askToSubscribe(keys: TemplateKey[]): Promise<Record<string, Answer>> {
  try {
    const { templates } = await call('messages.templates', {}, { silent: true });
    const ids = templates.filter((t) => keys.includes(t.key)).map((t) => t.templateId);
    if (!ids.length) return {};
    const res = await new Promise<Record<string, unknown>>((resolve, reject) => {
      wx.requestSubscribeMessage({
        tmplIds: ids,
        success: (r) => resolve(r as unknown as Record<string, unknown>),
        fail: reject,
      });
    });
    const results: Record<string, Answer> = {};
    for (const id of ids) {
      const answer = res[id];
      results[id] = answer === 'accept' ? 'accept' : answer === 'ban' ? 'ban' : answer === 'filter' ? 'filter' : 'reject';
    }
    await call('messages.subscribe', { results }, { silent: true });
    return results;
  } catch {
    return {};
  }
}
