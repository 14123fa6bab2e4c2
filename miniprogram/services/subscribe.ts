import type { TemplateKey } from '../../contracts/messages';
import { call } from './api';

type Answer = 'accept' | 'reject' | 'ban' | 'filter';
export type SubscribeResults = Record<string, Answer>;

/**
 * Subscribe messages. WeChat opens the subscribe sheet only from a tap (a call after an `await`
 * fails with "can only be invoked by user TAP gesture"), so the template ids are fetched ahead,
 * the sheet is opened synchronously in the tap that sends the report, and the answers reach the
 * backend once the report is in. Nothing here throws: a refusal only means no push — the message
 * centre still has every notice.
 */
const known = new Map<TemplateKey, string>();
let loading: Promise<void> | null = null;

/** Fetches the template ids once per session (from a page's onLoad). */
export function prefetchTemplates(): Promise<void> {
  loading ??= call('messages.templates', {}, { silent: true }).then(
    ({ templates }) => templates.forEach((t) => known.set(t.key, t.templateId)),
    () => {
      loading = null;
    },
  );
  return loading;
}

function answersOf(ids: string[], res: Record<string, unknown>): SubscribeResults {
  const out: SubscribeResults = {};
  for (const id of ids) {
    const answer = res[id];
    out[id] = answer === 'accept' || answer === 'ban' || answer === 'filter' ? answer : 'reject';
  }
  return out;
}

/**
 * Opens the subscribe sheet now, from inside a tap handler, for the templates already known;
 * resolves with each template's answer (empty when none is known or the sheet failed).
 */
export function requestSubscribe(keys: TemplateKey[]): Promise<SubscribeResults> {
  const ids = keys.map((k) => known.get(k)).filter((id): id is string => !!id);
  if (!ids.length) return Promise.resolve({});
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => resolve(answersOf(ids, res as unknown as Record<string, unknown>)),
      fail: () => resolve({}),
    });
  });
}

/** Tells the backend what the person chose, so it knows how many messages it may send. */
export async function recordSubscribe(results: SubscribeResults): Promise<void> {
  if (!Object.keys(results).length) return;
  try {
    await call('messages.subscribe', { results }, { silent: true });
  } catch {
    // The choice is lost for this once; the next report asks again.
  }
}

/**
 * The whole round in one call, from a tap: the sheet opens at once when the ids are already
 * fetched (call `prefetchTemplates()` on load), otherwise after fetching them (which a phone may
 * refuse as not from a tap); the answers go to the backend. Resolves with the answers.
 */
export async function askToSubscribe(keys: TemplateKey[]): Promise<SubscribeResults> {
  const ready = keys.every((k) => known.has(k));
  const asked = ready ? requestSubscribe(keys) : prefetchTemplates().then(() => requestSubscribe(keys));
  const results = await asked;
  await recordSubscribe(results);
  return results;
}
