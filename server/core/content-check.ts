import { getCloud } from './cloud';
import { AppError } from './errors';

/** msgSecCheck v2 scenes: 1 profile, 2 comment, 3 forum, 4 social log. */
export type TextScene = 1 | 2 | 3 | 4;

export type Verdict = 'pass' | 'review';

/**
 * Runs user text through WeChat's content security check. 'risky' is refused outright;
 * 'review' is returned so the caller can hold the content for a person to look at.
 * Judged by result.suggest, not errcode (errcode 0 only means the check ran).
 */
export async function checkText(openid: string, content: string, scene: TextScene, rejectMessage?: string): Promise<Verdict> {
  const text = content.trim();
  if (!text) return 'pass';
  // The v2 API rejects content over 2500 chars; schemas cap lengths well below that.
  const res = (await getCloud().openapi.security.msgSecCheck({ content: text.slice(0, 2500), version: 2, scene, openid })) as {
    result?: { suggest?: string; label?: number };
  };
  const suggest = res.result?.suggest ?? 'review';
  if (suggest === 'risky') throw new AppError('CONTENT_REJECTED', rejectMessage);
  return suggest === 'pass' ? 'pass' : 'review';
}
