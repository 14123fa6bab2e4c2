import { collection, command, findMany, updateWhere } from '../core/db';
import { now } from '../core/clock';
import { notify } from '../messages/notify';
import { REPORTS, type MediaCheck, type ReportDoc, type TimelineDoc } from './model';
import { mediaHiddenNotice } from './notices';

/** The `wxa_media_check` message push that answers security.mediaCheckAsync (version 2). */
export interface MediaCheckEvent {
  Event?: string;
  MsgType?: string;
  trace_id?: string;
  version?: number;
  errcode?: number;
  result?: { suggest?: string; label?: number };
}

export type VerdictOutcome =
  | { ok: true; reportId: string; check: MediaCheck; hidden: boolean; already: boolean }
  | { ok: false; reason: 'not_media_check' | 'no_trace_id' | 'unknown_trace' };

function checkOf(event: MediaCheckEvent): MediaCheck {
  const suggest = event.result?.suggest;
  return suggest === 'pass' || suggest === 'review' || suggest === 'risky' ? suggest : 'review';
}

/** Where the traced file sits in the report: one of its own media, or an after-photo on the timeline. */
type Item = ReportDoc['media'][number];

function locate(r: ReportDoc, traceId: string): { path: string; current: MediaCheck; uploader: string | null } | null {
  const i = r.media.findIndex((m) => m.traceId === traceId);
  if (i >= 0) return { path: `media.${i}`, current: (r.media[i] as Item).check, uploader: r.reporterOpenid };
  for (let j = 0; j < r.timeline.length; j++) {
    const entry = r.timeline[j] as TimelineDoc;
    const k = entry.media.findIndex((m) => m.traceId === traceId);
    if (k >= 0) return { path: `timeline.${j}.media.${k}`, current: (entry.media[k] as Item).check, uploader: entry.actor.openid };
  }
  return null;
}

/**
 * Records a media verdict on the report holding the file: the item's `check` becomes the verdict;
 * a risky one hides the item (views show it without a URL), appends a `media_hidden` entry to the
 * timeline and tells the reporter. Each item is updated by its own path, so verdicts for several
 * photos of one report arriving together do not overwrite each other; a repeated delivery changes nothing.
 */
export async function applyMediaVerdict(event: MediaCheckEvent): Promise<VerdictOutcome> {
  if (event.Event !== 'wxa_media_check') return { ok: false, reason: 'not_media_check' };
  const traceId = event.trace_id;
  if (!traceId) return { ok: false, reason: 'no_trace_id' };
  const _ = command();
  const [own, after] = await Promise.all([
    findMany<ReportDoc>(collection(REPORTS).where({ 'media.traceId': traceId }).limit(1)),
    findMany<ReportDoc>(collection(REPORTS).where({ 'timeline.media.traceId': traceId }).limit(1)),
  ]);
  const r = own[0] ?? after[0];
  const spot = r ? locate(r, traceId) : null;
  if (!r || !spot) return { ok: false, reason: 'unknown_trace' };
  const check = checkOf(event);
  if (spot.current === check) return { ok: true, reportId: r._id, check, hidden: check === 'risky', already: true };

  const at = new Date(now());
  // Matched on the item's trace id and its previous verdict: a concurrent duplicate delivery updates nothing.
  const updated = await updateWhere(
    collection(REPORTS).where({ _id: r._id, [`${spot.path}.traceId`]: traceId, [`${spot.path}.check`]: spot.current }),
    { [`${spot.path}.check`]: check, updatedAt: at },
  );
  if (updated > 0 && check === 'risky') {
    const entry: TimelineDoc = {
      at,
      kind: 'media_hidden',
      from: null,
      to: null,
      actor: { openid: null, role: 'system', name: '系统' },
      note: '一个附件未通过内容安全检测，已隐藏',
      media: [],
    };
    // A second write: an after-photo lives inside `timeline`, and one update may not both set a path in
    // an array and push to it. Only the delivery that changed the verdict gets here, so it is pushed once.
    await updateWhere(collection(REPORTS).where({ _id: r._id }), { timeline: _.push([entry]) });
    // The person who uploaded it is told: the reporter for the report's own media, the handler for an after-photo.
    if (spot.uploader && !spot.uploader.startsWith('anon-')) await notify([{ ...mediaHiddenNotice(r), toOpenid: spot.uploader }]);
  }
  return { ok: true, reportId: r._id, check, hidden: check === 'risky', already: updated === 0 };
}
