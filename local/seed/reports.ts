import type { ReportCategory, ReportStatus, TimelineKind } from '../../contracts/reports';
import { sortKey } from '../../server/core/paging';
import type { UserDoc } from '../../server/identity/model';
import type { OrgUnitDoc } from '../../server/org/model';
import type { ActorDoc, AssigneeDoc, ReportDoc, TimelineDoc } from '../../server/reports/model';
import { AWAITING_ACCEPTANCE, NO_DUE_MS, REOPEN_WINDOW_MS, SLAS, slaClassOf } from '../../server/reports/states';
import { Random } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Readable short number from a sequence number (seeded ids are sequential, so these are unique). */
export function seedReportNo(n: number): string {
  let out = '';
  let v = n * 7919 + 104_729;
  for (let i = 0; i < 6; i++) {
    out = ALPHABET[v % ALPHABET.length] + out;
    v = Math.floor(v / ALPHABET.length);
  }
  return `R${out}`;
}

/** Realistic problems by category, with the spot they are at (fictional places only). */
export const REPORT_TEXTS: Array<{ category: ReportCategory; text: string; spot: string; urgent?: boolean }> = [
  { category: 'environment', text: '3栋楼下的垃圾桶已经满了两天没人清运，天热有味道，苍蝇很多。', spot: '3栋楼下垃圾站' },
  { category: 'environment', text: '小区东门外有人倾倒建筑垃圾，堆了一大堆，占了半边路。', spot: '东门外' },
  { category: 'environment', text: '楼道里堆放了很多纸箱和旧家具，影响通行，也有消防隐患。', spot: '5栋2单元楼道' },
  { category: 'facility', text: '2单元的电梯这几天经常停在半层，今天早上有老人被困了十分钟。', spot: '2单元电梯', urgent: true },
  { category: 'facility', text: '小区中间健身器材的扭腰器坏了，底座松动，小孩玩容易受伤。', spot: '中心花园健身区' },
  { category: 'facility', text: '地下车库入口的路灯坏了一个多星期，晚上进出很黑。', spot: '地下车库入口' },
  { category: 'facility', text: '单元门的门禁坏了，门一直关不上，外人随便进出。', spot: '4栋1单元门口' },
  { category: 'utilities', text: '我们这栋从昨晚开始停水，物业说不清楚原因，家里有老人小孩。', spot: '6栋' },
  { category: 'utilities', text: '楼道里有很浓的燃气味，不知道是哪家漏气，请尽快派人来看看。', spot: '1栋3单元', urgent: true },
  { category: 'utilities', text: '小区北面的下水道井盖冒水，污水流到路面上。', spot: '北侧道路' },
  { category: 'safety', text: '围墙有一段塌了一个口子，晚上经常有陌生人从这里进出。', spot: '西侧围墙' },
  { category: 'safety', text: '楼下电动车在楼道里充电，电线从窗户拉下来，很危险。', spot: '2栋1单元楼道' },
  { category: 'safety', text: '消防通道被几辆私家车长期占用，消防车进不来。', spot: '消防通道' },
  { category: 'traffic', text: '小区门口的斑马线看不清了，上下学时间车多，孩子过马路很危险。', spot: '南门外' },
  { category: 'traffic', text: '路边共享单车堆了一大片，把盲道和人行道都堵了。', spot: '南门外人行道' },
  { category: 'greening', text: '绿化带里的树枝长得太长，挡住了2楼的窗户，刮风时一直敲玻璃。', spot: '3栋东侧绿化带' },
  { category: 'greening', text: '草坪被人开垦种菜，还浇粪水，味道很大。', spot: '中心草坪' },
  { category: 'noise', text: '楼上每天晚上十一点以后还在拖动家具，严重影响休息。', spot: '7栋' },
  { category: 'noise', text: '广场舞音响开得太大，晚上九点半以后还没停。', spot: '小区广场' },
  { category: 'property', text: '物业收了停车费，但车位划线早就看不清了，乱停车严重。', spot: '地面停车场' },
  { category: 'property', text: '楼顶防水坏了，顶楼住户家里下雨就漏水，找物业多次没有处理。', spot: '5栋顶楼' },
  { category: 'dispute', text: '邻居在公共走廊装了一道铁门，把公共区域占为己有。', spot: '8栋6楼走廊' },
  { category: 'renovation', text: '楼下装修周末早上七点就开始打电钻，不符合装修时间规定。', spot: '2栋' },
  { category: 'other', text: '小区里流浪猫越来越多，有的很凶，希望能统一处理一下。', spot: '自行车棚' },
  { category: 'other', text: '宣传栏的玻璃碎了，碎片还在地上，容易扎到人。', spot: '物业中心旁宣传栏' },
];

const ACCEPT_NOTES = ['已受理，马上安排人员处理', '收到，今天下午去现场查看', '已受理，已联系物业一起处理'];
const RESOLVE_NOTES = [
  '已安排清运，现场已清理干净',
  '已联系维修单位更换，恢复正常使用',
  '已现场协调，相关住户表示会整改',
  '已修复并拍照反馈',
];
const REJECT_NOTES = ['该问题属于市政道路管理范围，已告知您拨打12345反映', '经核实为个人家庭内部问题，不属于本网格受理范围'];
const RATE_COMMENTS = ['处理很及时，谢谢网格员', '问题解决了，态度很好', '', '速度可以再快一点', '总算修好了'];

/** A fictional point per courtyard, a few hundred metres apart, around the street's centre. */
export function courtyardPoint(cy: Pick<OrgUnitDoc, '_id'>): { latitude: number; longitude: number } {
  let h = 0;
  for (const ch of cy._id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return { latitude: 30.655 + ((h % 97) - 48) * 0.0004, longitude: 104.072 + ((Math.floor(h / 97) % 97) - 48) * 0.0004 };
}

export interface ReportPerson {
  openid: string;
  name: string;
  phone: string | null;
}

export interface ReportSpec {
  id: string;
  seq: number;
  reporter: ReportPerson;
  /** The grid worker (or other handler) responsible; null = waits in the community's queue. */
  handler: (ReportPerson & { role: string; kind: AssigneeDoc['kind'] }) | null;
  courtyard: OrgUnitDoc;
  /** Unit names, for the assignee. */
  unitName: (id: string) => string;
  category: ReportCategory;
  urgent?: boolean;
  complex?: boolean;
  text: string;
  spot?: string;
  /** Defaults to a point near the courtyard. null: no location. */
  location?: { latitude: number; longitude: number } | null;
  status: ReportStatus;
  createdAt: number;
  /** The reference time: escalations that should have happened by then have (unless escalate is false). */
  now: number;
  escalate?: boolean;
  private?: boolean;
  hideName?: boolean;
  textCheck?: 'pass' | 'review';
  proxy?: ReportDoc['proxy'];
  stars?: number;
  reopened?: boolean;
  rnd: Random;
}

const system: ActorDoc = { openid: null, role: 'system', name: '系统' };

/**
 * One report, consistent in every field with its state: the timeline walks the transitions that
 * lead there, deadlines follow the SLA, open/dueAt/dueKey/nextCheckAt/escalation/watch follow what
 * the scheduler would have done by `now`.
 */
export function buildReport(s: ReportSpec): ReportDoc {
  const { rnd } = s;
  const urgent = s.urgent ?? false;
  const slaClass = slaClassOf(s.category, urgent, s.complex ?? false);
  const sla = SLAS[slaClass];
  const orgPath = [...s.courtyard.path, s.courtyard._id];
  const [streetId = '', communityId = '', gridId = '', microgridId = ''] = orgPath;
  const reporterActor: ActorDoc = { openid: s.reporter.openid, role: 'reporter', name: s.reporter.name };
  const handlerActor: ActorDoc | null = s.handler ? { openid: s.handler.openid, role: s.handler.role, name: s.handler.name } : null;
  const timeline: TimelineDoc[] = [];
  const push = (at: number, kind: TimelineKind, from: ReportStatus | null, to: ReportStatus | null, actor: ActorDoc, note = '') =>
    timeline.push({ at: new Date(at), kind, from, to, actor, note, media: [] });

  const createdAt = s.createdAt;
  const acceptBy = createdAt + sla.acceptMs;
  let resolveBy = createdAt + sla.resolveMs;
  push(
    createdAt,
    'submit',
    null,
    'submitted',
    s.proxy ? { openid: s.proxy.byOpenid, role: 'grid_worker', name: s.proxy.byName } : reporterActor,
  );

  let status: ReportStatus = 'submitted';
  let acceptedAt: number | null = null;
  let resolvedAt: number | null = null;
  let closedAt: number | null = null;
  let everResolved = false;
  let reopenCount = 0;
  let rating: ReportDoc['rating'] = null;
  let t = createdAt;
  const step = (maxMs: number) => (t += Math.max(MINUTE, Math.floor(rnd.next() * maxMs)));
  const actor = handlerActor ?? { openid: null, role: 'community_staff', name: '社区工作人员' };

  const target = s.status;
  const ended = ['rejected', 'duplicate', 'withdrawn'].includes(target);
  if (target === 'withdrawn') {
    push(step(sla.acceptMs / 2), 'withdraw', 'submitted', 'withdrawn', reporterActor, '问题已经自行解决了');
    status = 'withdrawn';
  } else if (target === 'rejected' || target === 'duplicate') {
    const kind = target === 'rejected' ? 'reject' : 'duplicate';
    push(
      step(sla.acceptMs / 2),
      kind,
      'submitted',
      target,
      actor,
      target === 'rejected' ? rnd.pick(REJECT_NOTES) : '与已上报的问题重复，已合并处理',
    );
    status = target;
  } else if (target === 'transferred') {
    push(step(sla.acceptMs / 2), 'transfer', 'submitted', 'transferred', actor, '该问题由物业负责，已转交物业处理');
    status = 'transferred';
  } else if (target !== 'submitted') {
    // Accepted, mostly within the deadline.
    acceptedAt = step(rnd.chance(0.85) ? sla.acceptMs : sla.acceptMs * 2);
    push(acceptedAt, 'accept', 'submitted', 'accepted', actor, rnd.pick(ACCEPT_NOTES));
    status = 'accepted';
    if (target !== 'accepted') {
      if (target === 'dispatched') {
        push(step(HOUR), 'dispatch', 'accepted', 'dispatched', actor, '已派给物业维修人员');
        status = 'dispatched';
      } else {
        push(step(sla.resolveMs / 4), 'start', status, 'in_progress', actor, '已到现场处理');
        status = 'in_progress';
        if (target !== 'in_progress') {
          resolvedAt = step(sla.resolveMs / 2);
          push(resolvedAt, 'resolve', 'in_progress', 'resolved', actor, rnd.pick(RESOLVE_NOTES));
          status = 'resolved';
          everResolved = true;
          if (s.reopened || target === 'reopened') {
            const reopenAt = step(2 * DAY);
            push(reopenAt, 'reopen', 'resolved', 'reopened', reporterActor, '问题没有彻底解决，又出现了');
            status = 'reopened';
            reopenCount = 1;
            resolveBy = reopenAt + sla.resolveMs;
            if (target !== 'reopened') {
              resolvedAt = step(sla.resolveMs / 2);
              push(resolvedAt, 'resolve', 'reopened', 'resolved', actor, '已再次处理，并请住户确认');
              status = 'resolved';
            }
          }
          if (target === 'closed') {
            if (s.stars !== undefined) {
              closedAt = step(3 * DAY);
              rating = { stars: s.stars, comment: rnd.pick(RATE_COMMENTS), byProxy: false, at: new Date(closedAt) };
              push(closedAt, 'rate', 'resolved', 'closed', reporterActor, `${s.stars} 星`);
            } else {
              closedAt = (resolvedAt as number) + REOPEN_WINDOW_MS;
              push(closedAt, 'auto_close', 'resolved', 'closed', system, '7 天内未评价，系统自动办结');
            }
            status = 'closed';
          }
        }
      }
    }
  }

  const open = !ended && status !== 'resolved' && status !== 'closed';
  const dueAt = open ? ((AWAITING_ACCEPTANCE as readonly string[]).includes(status) ? acceptBy : resolveBy) : null;
  let escalation: 0 | 1 | 2 = 0;
  let nextCheckAt: number | null = null;
  if (open && dueAt !== null) {
    nextCheckAt = dueAt;
    if (s.escalate !== false && dueAt <= s.now) {
      escalation = 1;
      push(dueAt + MINUTE, 'escalate', null, null, system, '超过处理期限，已上报社区督办');
      nextCheckAt = dueAt + MINUTE + sla.escalateAfterMs;
      if (nextCheckAt <= s.now) {
        escalation = 2;
        push(nextCheckAt, 'escalate', null, null, system, '超期仍未办结，已上报街道督办');
        nextCheckAt = null;
      }
    }
  } else if (status === 'resolved' && resolvedAt !== null) {
    nextCheckAt = resolvedAt + REOPEN_WINDOW_MS;
  }
  const watch = escalation === 2 ? [communityId, streetId] : escalation === 1 || !s.handler ? [communityId] : [];
  const isPrivate = s.private ?? false;
  const spot = s.spot ?? '';
  const point = s.location === undefined ? courtyardPoint(s.courtyard) : s.location;
  const location = point
    ? {
        latitude: Math.round((point.latitude + (rnd.next() - 0.5) * 0.001) * 1e5) / 1e5,
        longitude: Math.round((point.longitude + (rnd.next() - 0.5) * 0.001) * 1e5) / 1e5,
        name: spot,
        address: `${s.unitName(s.courtyard._id)}${spot}`,
      }
    : null;
  const assignee: AssigneeDoc = s.handler
    ? { kind: s.handler.kind, openid: s.handler.openid, name: s.handler.name, unitId: gridId, unitName: s.unitName(gridId) }
    : { kind: 'community', openid: null, name: '', unitId: communityId, unitName: s.unitName(communityId) };
  const lastAt = timeline[timeline.length - 1]?.at ?? new Date(createdAt);
  return {
    _id: s.id,
    no: seedReportNo(s.seq),
    reporterOpenid: s.reporter.openid,
    reporterName: s.reporter.name,
    reporterPhone: s.reporter.phone,
    proxy: s.proxy ?? null,
    hideName: s.hideName ?? true,
    private: isPrivate,
    category: s.category,
    urgent,
    slaClass,
    text: s.text,
    textCheck: s.textCheck ?? 'pass',
    media: [],
    location,
    place: { communityId, gridId, microgridId, courtyardId: s.courtyard._id },
    orgPath,
    publicPath: isPrivate || status === 'withdrawn' ? [] : orgPath,
    status,
    assignee,
    assigneeOpenid: assignee.openid,
    dispatchedBy: status === 'dispatched' && handlerActor ? handlerActor.openid : null,
    open,
    acceptBy: new Date(acceptBy),
    resolveBy: new Date(resolveBy),
    dueAt: dueAt === null ? null : new Date(dueAt),
    dueKey: sortKey(dueAt ?? NO_DUE_MS, s.id),
    escalation,
    watch,
    nextCheckAt: nextCheckAt === null ? null : new Date(nextCheckAt),
    acceptedAt: acceptedAt === null ? null : new Date(acceptedAt),
    respondedInTime: acceptedAt === null ? null : acceptedAt <= acceptBy,
    resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
    closedAt: closedAt === null ? null : new Date(closedAt),
    everResolved,
    reopenCount,
    rating,
    duplicateOf: null,
    meTooCount: 0,
    meTooOpenids: [],
    timeline,
    createdAt: new Date(createdAt),
    updatedAt: lastAt,
    sk: sortKey(createdAt, s.id),
  };
}

export interface ReportSeedInput {
  users: UserDoc[];
  units: Map<string, OrgUnitDoc>;
  now: number;
  seed: number;
}

function people(input: ReportSeedInput) {
  const gridWorker = new Map<string, UserDoc>();
  for (const u of input.users)
    for (const g of u.roles) if (g.role === 'grid_worker' && !gridWorker.has(g.scopeId)) gridWorker.set(g.scopeId, u);
  const residents = input.users.filter((u) => u.status === 'verified' && u.place && u._id.startsWith('demo-resident-'));
  const nameOf = (u: UserDoc) => u.realName || u.nickname;
  const handlerOf = (gridId: string) => {
    const w = gridWorker.get(gridId);
    return w ? { openid: w._id, name: nameOf(w), phone: w.phone ?? null, role: 'grid_worker', kind: 'grid_worker' as const } : null;
  };
  const person = (u: UserDoc): ReportPerson => ({ openid: u._id, name: nameOf(u), phone: u.phone ?? null });
  const unitName = (id: string) => input.units.get(id)?.name ?? '';
  return { residents, handlerOf, person, unitName };
}

/** Demo states, in the order the demo reports take them; every state appears. */
const DEMO_STATES: ReportStatus[] = [
  'submitted',
  'accepted',
  'in_progress',
  'resolved',
  'closed',
  'dispatched',
  'transferred',
  'reopened',
  'rejected',
  'duplicate',
  'withdrawn',
  'closed',
  'submitted',
  'in_progress',
  'closed',
  'resolved',
];

/**
 * 40 demo reports in every state: 6 by demo-resident-001 (in their courtyard, handled by its grid
 * worker demo-grid-01), 8 more in demo-grid-01's grid, a few overdue and escalated, some private,
 * one proxy report, the rest across the street. Deterministic from the seed.
 */
export function seedDemoReports(input: ReportSeedInput): ReportDoc[] {
  const rnd = new Random(input.seed);
  const { residents, handlerOf, person, unitName } = people(input);
  const me = input.users.find((u) => u._id === 'demo-resident-001');
  const courtyards = [...input.units.values()].filter((u) => u.type === 'courtyard');
  const out: ReportDoc[] = [];
  for (let i = 0; i < 40; i++) {
    const mine = i < 6 && me;
    const inMyGrid = !mine && i < 14 && me?.place;
    const reporterUser = mine
      ? me
      : inMyGrid
        ? rnd.pick(residents.filter((r) => r.place?.gridId === me.place?.gridId))
        : rnd.pick(residents);
    const cy = (reporterUser?.place && input.units.get(reporterUser.place.courtyardId)) || rnd.pick(courtyards);
    const problem = REPORT_TEXTS[(i * 7) % REPORT_TEXTS.length]!;
    const status = DEMO_STATES[i % DEMO_STATES.length]!;
    // Most are recent; open ones with a passed deadline show as overdue (and escalated).
    // Every fourth waits past its acceptance deadline, every seventh past its resolution deadline.
    const ageMs =
      status === 'closed'
        ? rnd.int(10, 60) * DAY
        : i % 7 === 3
          ? rnd.int(8, 12) * DAY
          : i % 4 === 0
            ? rnd.int(26, 100) * HOUR
            : rnd.int(1, 20) * HOUR;
    const handler = i % 13 === 12 ? null : handlerOf(cy.path[2] ?? '');
    const reporter = person(reporterUser ?? residents[0]!);
    const proxy =
      i === 9 && handler
        ? { byOpenid: handler.openid, byName: handler.name, residentName: '周大爷', residentPhone: null }
        : (null as ReportDoc['proxy']);
    out.push(
      buildReport({
        id: `rp-demo-${String(i + 1).padStart(3, '0')}`,
        seq: i + 1,
        reporter: proxy ? { openid: handler!.openid, name: '周大爷', phone: null } : reporter,
        handler,
        courtyard: cy,
        unitName,
        category: problem.category,
        urgent: problem.urgent,
        text: problem.text,
        spot: problem.spot,
        location: i % 8 === 7 ? null : undefined,
        status,
        createdAt: input.now - ageMs,
        now: input.now,
        private: i % 6 === 5,
        textCheck: i === 17 ? 'review' : 'pass',
        proxy,
        stars: status === 'closed' && i % 3 !== 2 ? rnd.int(3, 5) : undefined,
        reopened: i === 15,
        rnd,
      }),
    );
  }
  return out;
}

/** How volume reports are spread over states by age: old ones have mostly ended. */
function volumeState(rnd: Random, ageMs: number): { status: ReportStatus; stars?: number; reopened?: boolean } {
  const r = rnd.next();
  if (ageMs > 30 * DAY) {
    if (r < 0.05) return { status: 'rejected' };
    if (r < 0.08) return { status: 'duplicate' };
    if (r < 0.1) return { status: 'withdrawn' };
    if (r < 0.2) return { status: 'closed', reopened: rnd.chance(0.1) };
    if (r < 0.22) return { status: 'in_progress' };
    return { status: 'closed', stars: rnd.chance(0.8) ? rnd.int(4, 5) : rnd.int(1, 3), reopened: rnd.chance(0.05) };
  }
  const states: ReportStatus[] = [
    'submitted',
    'accepted',
    'dispatched',
    'in_progress',
    'resolved',
    'resolved',
    'closed',
    'closed',
    'transferred',
    'rejected',
  ];
  const status = states[Math.floor(r * states.length)]!;
  return status === 'closed' ? { status, stars: rnd.int(2, 5) } : { status };
}

/**
 * Benchmark volume: `count` reports over the year before `now`, from verified residents of the
 * street, handled by their grid's worker, yielded in chunks for the bulk import (memory stays flat).
 */
export function* volumeReports(input: ReportSeedInput, count: number, chunk = 5000): Generator<ReportDoc[]> {
  const rnd = new Random(input.seed);
  const { residents, handlerOf, person, unitName } = people(input);
  if (residents.length === 0) return;
  let batch: ReportDoc[] = [];
  for (let i = 0; i < count; i++) {
    const u = residents[rnd.int(0, residents.length - 1)]!;
    const cy = input.units.get(u.place!.courtyardId)!;
    const problem = REPORT_TEXTS[rnd.int(0, REPORT_TEXTS.length - 1)]!;
    // Ages skewed towards the recent past: a square of a uniform number.
    const ageMs = Math.floor(rnd.next() ** 2 * 365 * DAY);
    const state = volumeState(rnd, ageMs);
    batch.push(
      buildReport({
        id: `rp-v${i.toString(36).padStart(6, '0')}`,
        seq: 1000 + i,
        reporter: person(u),
        handler: handlerOf(cy.path[2] ?? ''),
        courtyard: cy,
        unitName,
        category: problem.category,
        urgent: problem.urgent,
        text: problem.text,
        spot: problem.spot,
        status: state.status,
        createdAt: input.now - ageMs,
        now: input.now,
        private: rnd.chance(0.05),
        stars: state.stars,
        reopened: state.reopened,
        rnd,
      }),
    );
    if (batch.length >= chunk) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
