import { collection, command, findMany, updateWhere } from '../core/db';
import { USERS, type UserDoc } from '../identity/model';
import { notify } from '../messages/notify';
import type { Outgoing } from '../messages/model';
import { keywordTime } from '../messages/templates';
import type { Job, JobResult } from '../scheduler/job';
import { REPORTS, type ReportDoc, type TimelineDoc } from './model';
import { AWAITING_ACCEPTANCE, OPEN_STATES, REOPEN_WINDOW_MS, SLAS } from './states';

/** At most this many reports a read (the platform's cap). */
export const PAGE_SIZE = 1000;
/** The scheduler function may run 60 s: no new page starts after this much of it has passed. */
export const TIME_BUDGET_MS = 45_000;

const SYSTEM = { openid: null, role: 'system', name: '系统' } as const;
const TASKS_PAGE = '/packages/reports/pages/tasks/index';
const MINE_PAGE = '/packages/reports/pages/mine/index';
const QUEUE_PAGE = '/packages/reports/pages/queue/index';

export type Candidate = Pick<
  ReportDoc,
  | '_id'
  | 'no'
  | 'status'
  | 'open'
  | 'escalation'
  | 'slaClass'
  | 'orgPath'
  | 'assigneeOpenid'
  | 'reporterOpenid'
  | 'resolvedAt'
  | 'closedAt'
  | 'nextCheckAt'
>;
const FIELDS = {
  _id: true,
  no: true,
  status: true,
  open: true,
  escalation: true,
  slaClass: true,
  orgPath: true,
  assigneeOpenid: true,
  reporterOpenid: true,
  resolvedAt: true,
  closedAt: true,
  nextCheckAt: true,
};

type Action = 'escalate1' | 'escalate2' | 'close' | 'clear';

/** What the scheduler does with a report whose nextCheckAt has come; null = not yet (leave it). */
export function actionFor(r: Candidate, nowMs: number): Action | null {
  if (r.status === 'resolved') {
    const resolvedAt = r.resolvedAt ? new Date(r.resolvedAt).getTime() : 0;
    return nowMs - resolvedAt >= REOPEN_WINDOW_MS ? 'close' : null;
  }
  if (r.open && OPEN_STATES.includes(r.status)) {
    if (r.escalation === 0) return 'escalate1';
    if (r.escalation === 1) return 'escalate2';
  }
  // Already at the street, or ended: nothing more to check.
  return 'clear';
}

export interface Group {
  action: Action;
  /** Awaiting acceptance or resolution: the timeline note says which deadline passed. */
  phase: 'accept' | 'resolve' | '';
  communityId: string;
  streetId: string;
  slaClass: ReportDoc['slaClass'] | '';
  ids: string[];
}

const entry = (at: Date, kind: TimelineDoc['kind'], from: TimelineDoc['from'], to: TimelineDoc['to'], note: string): TimelineDoc => ({
  at,
  kind,
  from,
  to,
  actor: { ...SYSTEM },
  note,
  media: [],
});

/**
 * One conditional update for a whole group. The guard repeats what made the report a candidate
 * (status, level, nextCheckAt ≤ now), so a handler who accepted or resolved it meanwhile is never
 * overwritten: their write changed the fields the guard reads, and the report simply does not match.
 */
export async function applyGroup(g: Group, now: Date): Promise<number> {
  const _ = command();
  const due = _.lte(now);
  const ids = _.in(g.ids);
  if (g.action === 'close') {
    return updateWhere(
      collection(REPORTS).where({
        _id: ids,
        status: 'resolved',
        nextCheckAt: due,
        resolvedAt: _.lte(new Date(now.getTime() - REOPEN_WINDOW_MS)),
      }),
      {
        status: 'closed',
        open: false,
        closedAt: now,
        nextCheckAt: null,
        updatedAt: now,
        timeline: _.push([entry(now, 'auto_close', 'resolved', 'closed', '处理结果反馈后 7 天内未评价，系统自动办结')]),
      },
    );
  }
  if (g.action === 'clear') {
    return updateWhere(collection(REPORTS).where({ _id: ids, nextCheckAt: due }), { nextCheckAt: null });
  }
  const level = g.action === 'escalate1' ? 1 : 2;
  const late = g.phase === 'accept' ? '超时未受理' : '超时未办结';
  const sla = SLAS[g.slaClass || 'general'];
  return updateWhere(
    collection(REPORTS).where({
      _id: ids,
      open: true,
      status: _.in([...OPEN_STATES]),
      escalation: level - 1,
      nextCheckAt: due,
    }),
    {
      escalation: level,
      watch: _.set(level === 1 ? [g.communityId] : [g.communityId, g.streetId]),
      // The street hears escalateAfterMs after the community did: dueAt + escalateAfterMs when the job runs on time,
      // and never less than a full window for the community when the job ran late.
      nextCheckAt: level === 1 ? new Date(now.getTime() + sla.escalateAfterMs) : null,
      updatedAt: now,
      timeline: _.push([entry(now, 'escalate', null, null, level === 1 ? `${late}，已上报社区督办` : `${late}，已上报街道督办`)]),
    },
  );
}

const count = (m: Map<string, number>, key: string | null | undefined) => {
  if (key) m.set(key, (m.get(key) ?? 0) + 1);
};

/** Digests: one message per person and level per run, however many reports it covers. */
async function tell(escalated: Candidate[], closed: Candidate[], nowMs: number): Promise<number> {
  const items: Outgoing[] = [];
  const byAssignee = [new Map<string, number>(), new Map<string, number>()];
  const byCommunity = new Map<string, number>();
  const byStreet = new Map<string, number>();
  const byReporter = new Map<string, number>();
  const firstNo = new Map<string, string>();
  for (const r of escalated) {
    if (r.assigneeOpenid && !firstNo.has(r.assigneeOpenid)) firstNo.set(r.assigneeOpenid, r.no);
    count(byAssignee[r.escalation === 2 ? 1 : 0] as Map<string, number>, r.assigneeOpenid);
    count(byCommunity, r.orgPath[1]);
    if (r.escalation === 2) count(byStreet, r.orgPath[0]);
  }
  for (const r of closed) count(byReporter, r.reporterOpenid);
  byAssignee.forEach((m, i) => {
    for (const [to, n] of m) {
      const where = i === 0 ? '社区' : '街道';
      items.push({
        toOpenid: to,
        kind: 'report_escalated',
        title: '问题超时提醒',
        body: `您有 ${n} 件问题已超时，已上报${where}`,
        page: TASKS_PAGE,
        push: {
          template: 'report_task',
          data: {
            character_string1: firstNo.get(to) ?? '',
            thing2: `${n} 件问题已超时`,
            thing3: `已上报${where}`,
            time4: keywordTime(nowMs),
          },
        },
      });
    }
  });
  const keys = [...[...byCommunity.keys()].map((id) => `community_staff@${id}`), ...[...byStreet.keys()].map((id) => `street_admin@${id}`)];
  if (keys.length > 0) {
    const staff = await findMany<Pick<UserDoc, '_id' | 'roleKeys'>>(
      collection(USERS)
        .where({ roleKeys: command().in(keys) })
        .field({ _id: true, roleKeys: true })
        .limit(1000),
    );
    for (const u of staff) {
      for (const key of u.roleKeys ?? []) {
        const [role, unitId = ''] = key.split('@');
        const n = role === 'community_staff' ? byCommunity.get(unitId) : role === 'street_admin' ? byStreet.get(unitId) : undefined;
        if (!n) continue;
        const level = role === 'community_staff' ? '社区' : '街道';
        items.push({
          toOpenid: u._id,
          kind: 'report_escalated',
          title: `${level}督办提醒`,
          body: `有 ${n} 件问题超时未办，已升级到${level}督办`,
          page: `${QUEUE_PAGE}?unitId=${unitId}`,
        });
      }
    }
  }
  for (const [to, n] of byReporter) {
    items.push({
      toOpenid: to,
      kind: 'report_status',
      title: '问题已办结',
      body: n === 1 ? '您上报的问题在处理反馈后 7 天内未评价，已自动办结' : `您上报的 ${n} 件问题在处理反馈后 7 天内未评价，已自动办结`,
      page: MINE_PAGE,
    });
  }
  await notify(items);
  return items.length;
}

export function groupsOf(candidates: Candidate[], nowMs: number): { groups: Group[]; skipped: string[] } {
  const groups = new Map<string, Group>();
  const skipped: string[] = [];
  for (const r of candidates) {
    const action = actionFor(r, nowMs);
    if (!action) {
      skipped.push(r._id);
      continue;
    }
    const escalating = action === 'escalate1' || action === 'escalate2';
    const phase = escalating ? ((AWAITING_ACCEPTANCE as readonly string[]).includes(r.status) ? 'accept' : 'resolve') : '';
    const communityId = escalating ? (r.orgPath[1] ?? '') : '';
    const streetId = escalating ? (r.orgPath[0] ?? '') : '';
    const slaClass = action === 'escalate1' ? r.slaClass : '';
    const key = [action, phase, communityId, streetId, slaClass].join('|');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { action, phase, communityId, streetId, slaClass, ids: [] }));
    g.ids.push(r._id);
  }
  return { groups: [...groups.values()], skipped };
}

export interface EscalationResult extends JobResult {
  escalatedToCommunity: number;
  escalatedToStreet: number;
  autoClosed: number;
  messages: number;
  pages: number;
}

/**
 * Escalates overdue open reports (0 → community, 1 → street) and closes resolved reports nobody
 * rated within the reopen window. Reads the due reports (index nextCheckAt) 1000 at a time, writes
 * each page in a handful of batched conditional updates, and tells people in digests.
 */
export async function runEscalation(nowMs: number, budgetMs = TIME_BUDGET_MS): Promise<EscalationResult> {
  const started = Date.now();
  const now = new Date(nowMs);
  const _ = command();
  const result: EscalationResult = { processed: 0, escalatedToCommunity: 0, escalatedToStreet: 0, autoClosed: 0, messages: 0, pages: 0 };
  // Due reports the job leaves as they are (a resolved report whose window is not over): not read again this run.
  const skipped = new Set<string>();
  // What moved, over every page: the digests go out once per run.
  const escalatedAll: Candidate[] = [];
  const closedAll: Candidate[] = [];
  let more = true;
  while (more) {
    if (Date.now() - started > budgetMs) {
      result.note = '时间用尽，其余的下一轮处理';
      break;
    }
    const filter: Record<string, unknown> = { nextCheckAt: _.lte(now) };
    if (skipped.size > 0) filter._id = _.nin([...skipped]);
    const page = await findMany<Candidate>(collection(REPORTS).where(filter).orderBy('nextCheckAt', 'asc').field(FIELDS).limit(PAGE_SIZE));
    result.pages += 1;
    more = page.length === PAGE_SIZE;
    if (page.length === 0) break;
    const { groups, skipped: wait } = groupsOf(page, nowMs);
    for (const id of wait) skipped.add(id);
    const changed = await Promise.all(groups.map((g) => applyGroup(g, now)));
    const touched = changed.reduce((a, b) => a + b, 0);
    result.processed += touched;
    // Which reports this run changed: read them back, so the digests count only what really moved.
    const moved = groups.filter((g) => g.action !== 'clear').flatMap((g) => g.ids);
    if (moved.length > 0) {
      const after = await findMany<Candidate>(
        collection(REPORTS)
          .where({ _id: _.in(moved) })
          .field(FIELDS)
          .limit(moved.length),
      );
      const before = new Map(page.map((r) => [r._id, r]));
      const escalated = after.filter((r) => r.open && r.escalation === (before.get(r._id)?.escalation ?? 0) + 1 && r.escalation > 0);
      const closed = after.filter(
        (r) => r.status === 'closed' && before.get(r._id)?.status === 'resolved' && r.closedAt && new Date(r.closedAt).getTime() === nowMs,
      );
      result.escalatedToCommunity += escalated.filter((r) => r.escalation === 1).length;
      result.escalatedToStreet += escalated.filter((r) => r.escalation === 2).length;
      result.autoClosed += closed.length;
      escalatedAll.push(...escalated);
      closedAll.push(...closed);
    }
    // Nothing could move (every due report raced a handler or waits): stop rather than read the same page again.
    if (touched === 0 && wait.length === 0) break;
    if (skipped.size > 5 * PAGE_SIZE) break;
  }
  result.messages = await tell(escalatedAll, closedAll, nowMs);
  return result;
}

export const escalationJob: Job = {
  name: 'report-escalation',
  description: '问题超时升级（网格 → 社区 → 街道），以及反馈后 7 天未评价的问题自动办结',
  everyMinutes: 1,
  run: (nowMs) => runEscalation(nowMs),
};
