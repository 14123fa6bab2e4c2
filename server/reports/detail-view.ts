import type { ReportDetail } from '../../contracts/reports';
import type { Context } from '../core/context';
import { loadUnits, unitRef } from '../org/units';
import { maskPhone } from '../privacy/phone';
import { actorLabel, isHandler, isReporter, viewerOf, type Viewer } from './access';
import { ms } from './deadlines';
import { tempUrls } from './media';
import type { MediaDoc, ReportDoc } from './model';
import { ENDED_STATES, REOPEN_WINDOW_MS, canMove, type TransitionName } from './states';

/** "张**": the surname and two stars, for people who are not handling the report. */
export function publicName(name: string, hideName: boolean): string {
  const first = [...name.trim()][0];
  return hideName || !first ? '匿名居民' : `${first}**`;
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function reopenUntil(r: ReportDoc): number | null {
  const at = ms(r.resolvedAt);
  return r.status === 'resolved' && at !== null ? at + REOPEN_WINDOW_MS : null;
}

export function meTooAllowed(openid: string, r: ReportDoc): boolean {
  return !!openid && !isReporter(openid, r) && !r.private && !ENDED_STATES.includes(r.status) && !r.meTooOpenids.includes(openid);
}

/** The moves the caller may make now: the transition table, who they are and the reopen window. */
export function movesFor(ctx: Context, r: ReportDoc): ReportDetail['can'] {
  const handler = isHandler(ctx.openid, ctx.user, r);
  const reporter = isReporter(ctx.openid, r);
  const h = (n: TransitionName) => handler && canMove(n, r.status);
  const rp = (n: TransitionName) => reporter && canMove(n, r.status);
  const until = reopenUntil(r);
  return {
    accept: h('accept'),
    reject: h('reject'),
    markDuplicate: h('duplicate'),
    dispatch: h('dispatch'),
    start: h('start'),
    resolve: h('resolve'),
    transfer: h('transfer'),
    rate: rp('rate'),
    reopen: rp('reopen') && until !== null && ctx.now() <= until,
    withdraw: rp('withdraw'),
    // A handler works the case rather than adding to it; the button would only confuse them.
    meToo: !!ctx.user && !handler && meTooAllowed(ctx.openid, r),
  };
}

function mediaView(m: MediaDoc, urls: Map<string, string>) {
  const hidden = m.check === 'risky';
  return {
    kind: m.kind,
    url: hidden ? '' : (urls.get(m.fileId) ?? ''),
    thumbUrl: hidden ? '' : (urls.get(m.thumbFileId ?? '') ?? ''),
    durationMs: m.durationMs,
    hidden,
    check: m.check,
  };
}

/** The report as `viewer` may see it: one read of unit names and one batch of temp URLs. */
export async function detailView(ctx: Context, r: ReportDoc, viewer: Viewer = viewerOf(ctx.openid, ctx.user, r)): Promise<ReportDetail> {
  const shown = (m: MediaDoc) => m.check !== 'risky';
  const files = [...r.media, ...r.timeline.flatMap((e) => e.media)].filter(shown).flatMap((m) => [m.fileId, m.thumbFileId ?? '']);
  const [units, urls] = await Promise.all([loadUnits([r.place.communityId, r.place.gridId, r.place.courtyardId]), tempUrls(files)]);
  const inside = viewer !== 'public';
  const nowMs = ctx.now();
  const dueAt = ms(r.dueAt);
  return {
    id: r._id,
    no: r.no,
    status: r.status,
    category: r.category,
    urgent: r.urgent,
    slaClass: r.slaClass,
    text: !inside && r.textCheck === 'review' ? '' : r.text,
    media: r.media.map((m) => mediaView(m, urls)),
    location: r.location
      ? {
          latitude: inside ? r.location.latitude : round(r.location.latitude, 3),
          longitude: inside ? r.location.longitude : round(r.location.longitude, 3),
          name: inside ? r.location.name : '',
          blurred: !inside,
        }
      : null,
    place: {
      community: unitRef(units.get(r.place.communityId), r.place.communityId),
      grid: unitRef(units.get(r.place.gridId), r.place.gridId),
      courtyard: unitRef(units.get(r.place.courtyardId), r.place.courtyardId),
    },
    reporter: {
      name: inside ? r.reporterName : publicName(r.reporterName, r.hideName),
      phoneMasked: viewer === 'handler' ? maskPhone(r.reporterPhone) : '',
      isMe: isReporter(ctx.openid, r),
      proxy: r.proxy !== null,
      hideName: r.hideName,
    },
    assignee: { kind: r.assignee.kind, name: r.assignee.name, unit: r.assignee.unitName },
    private: r.private,
    acceptBy: ms(r.acceptBy) as number,
    resolveBy: ms(r.resolveBy) as number,
    dueAt,
    overdue: dueAt !== null && nowMs > dueAt,
    escalation: r.escalation,
    meTooCount: r.meTooCount,
    meTooByMe: r.meTooOpenids.includes(ctx.openid),
    duplicateOf: r.duplicateOf,
    rating: r.rating ? { stars: r.rating.stars, comment: r.rating.comment, byProxy: r.rating.byProxy } : null,
    createdAt: ms(r.createdAt) as number,
    resolvedAt: ms(r.resolvedAt),
    closedAt: ms(r.closedAt),
    reopenUntil: reopenUntil(r),
    timeline: r.timeline.map((e) => ({
      at: ms(e.at) as number,
      kind: e.kind,
      from: e.from,
      to: e.to,
      actor: actorLabel(e.actor, viewer),
      note: e.note,
      media: e.media.map((m) => mediaView(m, urls)),
    })),
    viewer,
    can: movesFor(ctx, r),
  };
}
