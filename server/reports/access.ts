import type { Role, RoleGrant } from '../../contracts/common';
import type { UserDoc } from '../identity/model';
import { coveringGrant } from '../roles/matrix';
import type { ActorDoc, ReportDoc } from './model';

/** Roles whose grant over the report's courtyard (or above it) makes them its handlers. */
export const SUPERVISING_ROLES: readonly Role[] = ['grid_worker', 'community_staff', 'street_admin'];
/** Roles a report may be dispatched or transferred to. */
export const WORKING_ROLES: readonly Role[] = ['grid_worker', 'community_staff', 'street_admin', 'property_manager'];

/** The courtyard as the role matrix sees it: a grant on any unit of its path covers it. */
export const courtyardTarget = (r: Pick<ReportDoc, 'place' | 'orgPath'>) => ({
  _id: r.place.courtyardId,
  path: r.orgPath.filter((id) => id !== r.place.courtyardId),
});

/** The grant by which `user` may handle the report, or null (the assignee needs none). */
export function handlerGrant(user: Pick<UserDoc, 'roles'> | null, r: ReportDoc): RoleGrant | null {
  if (!user) return null;
  const target = courtyardTarget(r);
  const staff = coveringGrant(user.roles, SUPERVISING_ROLES, target);
  if (staff) return staff;
  if (r.assignee.kind === 'property') return coveringGrant(user.roles, ['property_manager'], target);
  return null;
}

/**
 * A handler: the assignee, whoever dispatched it and watches it, a grid worker / community staff /
 * street admin whose grant covers the courtyard, or the courtyard's property manager while the
 * report is assigned to property.
 */
export function isHandler(openid: string, user: Pick<UserDoc, 'roles'> | null, r: ReportDoc): boolean {
  if (!openid) return false;
  if (r.assigneeOpenid === openid || r.dispatchedBy === openid) return true;
  return handlerGrant(user, r) !== null;
}

export const isReporter = (openid: string, r: ReportDoc) => !!openid && r.reporterOpenid === openid;

export type Viewer = 'reporter' | 'handler' | 'public';

export function viewerOf(openid: string, user: Pick<UserDoc, 'roles'> | null, r: ReportDoc): Viewer {
  if (isHandler(openid, user, r)) return 'handler';
  if (isReporter(openid, r)) return 'reporter';
  return 'public';
}

export const displayName = (u: Pick<UserDoc, 'realName' | 'nickname'> | null | undefined): string =>
  (u?.realName || u?.nickname || '').trim() || '居民';

const ROLE_WORD: Record<string, string> = {
  grid_worker: '网格员',
  community_staff: '社区工作人员',
  street_admin: '街道管理员',
  property_manager: '物业',
  reporter: '居民',
  system: '系统',
};

/** Who acted, frozen into the timeline entry. */
export function actorOf(openid: string, user: UserDoc | null, r: ReportDoc, as: 'handler' | 'reporter'): ActorDoc {
  const name = displayName(user);
  if (as === 'reporter') return { openid, role: 'reporter', name };
  const grant = handlerGrant(user, r);
  const role =
    grant?.role ??
    (r.assignee.kind === 'property' ? 'property_manager' : r.assignee.kind === 'grid_worker' ? 'grid_worker' : 'community_staff');
  return { openid, role, name };
}

/** "网格员 王芳" for people who may know who acted; the role alone for the public. */
export function actorLabel(a: ActorDoc, viewer: Viewer): string {
  const word = ROLE_WORD[a.role] ?? '工作人员';
  if (a.role === 'system') return '系统';
  if (a.role === 'reporter') return viewer === 'public' ? '居民' : a.name || '居民';
  return viewer === 'public' ? word : `${word} ${a.name}`.trim();
}
