import type { ActionInput } from '../core/action';
import { checkText } from '../core/content-check';
import type { Context } from '../core/context';
import { findById, insert } from '../core/db';
import { AppError } from '../core/errors';
import { sortKey } from '../core/paging';
import { USERS, type Place, type UserDoc } from '../identity/model';
import { notify } from '../messages/notify';
import type { OrgUnitDoc } from '../org/model';
import { loadUnits, placeOfCourtyard, requireCourtyard } from '../org/units';
import { coveringGrant } from '../roles/matrix';
import { displayName } from './access';
import { dueFields } from './deadlines';
import { acceptMedia } from './media';
import { REPORTS, type ReportDoc } from './model';
import { taskNotice } from './notices';
import { newReportId, reportNo } from './numbering';
import { loadLocalHandlers, routeReport } from './routing';
import { SLAS, slaClassOf } from './states';

type SubmitInput = ActionInput<'reports.submit'>;

interface Where {
  place: Required<Place>;
  orgPath: string[];
  units: Map<string, OrgUnitDoc>;
}

/** The caller's own courtyard: the place is on their record, so only names need reading (with the routing query). */
async function ownPlace(place: Place): Promise<Where> {
  const units = await loadUnits([place.communityId, place.gridId, place.microgridId ?? '', place.courtyardId]);
  const cy = units.get(place.courtyardId);
  if (!cy) throw new AppError('NOT_FOUND', '您登记的院落不存在，请联系社区');
  return { place: placeOfCourtyard(cy), orgPath: [...cy.path, cy._id], units };
}

async function courtyardPlace(courtyardId: string): Promise<Where> {
  const cy = await requireCourtyard(courtyardId);
  const units = await loadUnits([...cy.path, cy._id]);
  units.set(cy._id, cy);
  return { place: placeOfCourtyard(cy), orgPath: [...cy.path, cy._id], units };
}

interface Reporter {
  openid: string;
  name: string;
  phone: string | null;
  proxy: ReportDoc['proxy'];
}

/** Who may report, from where, and for whom. */
async function resolveReporter(ctx: Context, input: SubmitInput): Promise<{ reporter: Reporter; where: Promise<Where> }> {
  const user = ctx.user as UserDoc;
  if (!input.proxy) {
    if (!user.place || user.status !== 'verified') {
      throw new AppError('FORBIDDEN', '请先完成居民登记（社区审核通过后）再上报问题');
    }
    const where =
      !input.courtyardId || input.courtyardId === user.place.courtyardId ? ownPlace(user.place) : courtyardPlace(input.courtyardId);
    return { reporter: { openid: ctx.openid, name: displayName(user), phone: user.phone ?? null, proxy: null }, where };
  }

  // A grid worker or community staff member reporting for a resident.
  let resident: UserDoc | null = null;
  if (input.proxy.residentUserId) {
    resident = await findById<UserDoc>(USERS, input.proxy.residentUserId);
    if (!resident || resident.status !== 'verified' || !resident.place) {
      throw new AppError('VALIDATION_FAILED', '该居民尚未登记', [{ path: 'proxy.residentUserId', message: '找不到这位已登记的居民' }]);
    }
  }
  const courtyardId = input.courtyardId ?? resident?.place?.courtyardId;
  if (!courtyardId) throw new AppError('VALIDATION_FAILED', '请选择问题所在院落', [{ path: 'courtyardId', message: '请选择问题所在院落' }]);
  const where = await courtyardPlace(courtyardId);
  const cy = where.units.get(courtyardId) as OrgUnitDoc;
  if (!coveringGrant(user.roles, ['grid_worker', 'community_staff'], cy)) {
    throw new AppError('FORBIDDEN', '只有负责该院落的网格员或社区工作人员可以代居民上报');
  }
  if (resident && resident.place?.courtyardId !== courtyardId) {
    throw new AppError('VALIDATION_FAILED', '该居民不住在这个院落', [{ path: 'proxy.residentUserId', message: '该居民不住在所选院落' }]);
  }
  const proxy = {
    byOpenid: ctx.openid,
    byName: displayName(user),
    residentName: input.proxy.residentName,
    residentPhone: input.proxy.residentPhone ?? null,
  };
  const reporter: Reporter = resident
    ? { openid: resident._id, name: displayName(resident), phone: resident.phone ?? input.proxy.residentPhone ?? null, proxy }
    : { openid: ctx.openid, name: input.proxy.residentName, phone: input.proxy.residentPhone ?? null, proxy };
  return { reporter, where: Promise.resolve(where) };
}

/**
 * Submits a report. For the caller's own courtyard it takes three database stages: (1) the
 * people who work the place and the unit names, in parallel, while storage and the media checks
 * run; (2) the report; (3) the notices (message rows and quota updates in parallel).
 */
export async function submitReport(ctx: Context, input: SubmitInput) {
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', '请先进入小程序完成登录');
  const textCheck = await checkText(ctx.openid, input.text, 3, '描述中有不适宜发布的内容，请修改后再提交');
  if (input.location?.name || input.location?.address) {
    await checkText(ctx.openid, `${input.location.name ?? ''} ${input.location.address ?? ''}`, 3, '地点名称中有不适宜发布的内容');
  }
  const { reporter, where: wherePromise } = await resolveReporter(ctx, input);
  // Routing needs only the grid, courtyard and community ids, which the caller's record already has.
  const known =
    !input.proxy && ctx.user.place && (!input.courtyardId || input.courtyardId === ctx.user.place.courtyardId) ? ctx.user.place : null;
  const handlersPromise = known ? loadLocalHandlers({ microgridId: '', ...known }) : wherePromise.then((w) => loadLocalHandlers(w.place));
  const [where, handlers, media] = await Promise.all([wherePromise, handlersPromise, acceptMedia(input.media, ctx.openid, 'report')]);
  const preferred = input.proxy ? ctx.openid : undefined;
  const route = routeReport(input.category, handlers, where.units, where.place, preferred);

  const id = newReportId();
  const nowMs = ctx.now();
  const slaClass = slaClassOf(input.category, input.urgent);
  const sla = SLAS[slaClass];
  const acceptBy = nowMs + sla.acceptMs;
  const resolveBy = nowMs + sla.resolveMs;
  const at = new Date(nowMs);
  const doc: ReportDoc = {
    _id: id,
    no: reportNo(id),
    reporterOpenid: reporter.openid,
    reporterName: reporter.name,
    reporterPhone: reporter.phone,
    proxy: reporter.proxy,
    hideName: input.hideName,
    private: input.private,
    category: input.category,
    urgent: input.urgent,
    slaClass,
    text: input.text,
    textCheck,
    media,
    location: input.location
      ? {
          latitude: Math.round(input.location.latitude * 1e5) / 1e5,
          longitude: Math.round(input.location.longitude * 1e5) / 1e5,
          name: input.location.name ?? '',
          address: input.location.address ?? '',
        }
      : null,
    place: where.place,
    orgPath: where.orgPath,
    publicPath: input.private ? [] : where.orgPath,
    status: 'submitted',
    assignee: route.assignee,
    assigneeOpenid: route.assignee.openid,
    dispatchedBy: null,
    open: true,
    acceptBy: new Date(acceptBy),
    resolveBy: new Date(resolveBy),
    ...dueFields(id, acceptBy),
    escalation: 0,
    watch: route.watch,
    acceptedAt: null,
    respondedInTime: null,
    resolvedAt: null,
    closedAt: null,
    everResolved: false,
    reopenCount: 0,
    rating: null,
    duplicateOf: null,
    meTooCount: 0,
    meTooOpenids: [],
    timeline: [
      {
        at,
        kind: 'submit',
        from: null,
        to: 'submitted',
        actor: reporter.proxy
          ? {
              openid: ctx.openid,
              role: ctx.user.roles.some((g) => g.role === 'grid_worker') ? 'grid_worker' : 'community_staff',
              name: reporter.proxy.byName,
            }
          : { openid: reporter.openid, role: 'reporter', name: reporter.name },
        note: reporter.proxy ? `代居民 ${reporter.proxy.residentName} 上报` : '',
        media: [],
      },
    ],
    createdAt: at,
    updatedAt: at,
    sk: sortKey(nowMs, id),
  };
  await insert(REPORTS, doc as unknown as Record<string, unknown>);

  const why = route.assignee.openid ? '您有一件新的问题待受理' : '社区有一件无人负责的问题待受理';
  try {
    await notify(
      route.notify.filter((u) => u._id !== ctx.openid).map((u) => taskNotice(doc, u._id, why)),
      { known: handlers.all },
    );
  } catch (err) {
    // The report is in: failing now would make the client retry and report it twice. Its queue shows it anyway.
    ctx.log('notify failed', { report: id, error: (err as Error).message });
  }

  return {
    id,
    no: doc.no,
    status: doc.status,
    assignee: { kind: route.assignee.kind, name: route.assignee.name, unit: route.assignee.unitName },
    acceptBy,
    resolveBy,
    textCheck,
  };
}
