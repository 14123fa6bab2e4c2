import type { Role } from '../../contracts/common';
import { activeRole, type RoleView } from './roles';
import type { Me } from './session';

/** The staff pages: the `staff` subpackage's, and the handlers' pages of the `reports` subpackage. */
export type StaffEntry = 'tasks' | 'map' | 'queue' | 'stats' | 'verify' | 'roles' | 'orgTree' | 'qrcode' | 'revealLog';

/**
 * Which working roles each staff page serves. This mirrors the access the backend declares for
 * the actions behind each page (reports.tasks, reports.map, reports.queue, reports.stats,
 * registration.queue, roles.options, org.createUnit, joinCode.create, privacy.accessLog): showing
 * an entry the backend would refuse only leads to an error page.
 */
export const ENTRY_ROLES: Record<StaffEntry, readonly Role[]> = {
  tasks: ['street_admin', 'community_staff', 'grid_worker', 'property_manager'],
  map: ['street_admin', 'community_staff', 'grid_worker', 'property_manager'],
  queue: ['street_admin', 'community_staff'],
  stats: ['street_admin', 'community_staff', 'grid_worker'],
  verify: ['street_admin', 'community_staff', 'grid_worker'],
  roles: ['street_admin', 'community_staff'],
  orgTree: ['street_admin', 'community_staff'],
  qrcode: ['street_admin', 'community_staff', 'grid_worker'],
  revealLog: ['street_admin', 'community_staff'],
};

export const STAFF_ENTRIES: Array<{ entry: StaffEntry; title: string; description: string; icon: string; path: string }> = [
  {
    entry: 'tasks',
    title: '我的待办',
    description: '受理、处置居民上报的问题，超时的在前',
    icon: 'task',
    path: '/packages/reports/pages/tasks/index',
  },
  {
    entry: 'map',
    title: '问题地图',
    description: '辖区内未办结问题的位置',
    icon: 'map-information',
    path: '/packages/reports/pages/map/index',
  },
  {
    entry: 'queue',
    title: '督办队列',
    description: '无人负责或已升级到本级的问题',
    icon: 'error-circle',
    path: '/packages/reports/pages/queue/index',
  },
  {
    entry: 'stats',
    title: '三率统计',
    description: '响应率、解决率、满意率',
    icon: 'chart-bar',
    path: '/packages/reports/pages/stats/index',
  },
  {
    entry: 'verify',
    title: '登记审核',
    description: '审核居民登记，登记房屋面积',
    icon: 'user-checked',
    path: '/packages/staff/pages/verify/index',
  },
  {
    entry: 'roles',
    title: '角色授权',
    description: '查找居民，授予或撤销工作身份',
    icon: 'usergroup',
    path: '/packages/staff/pages/roles/index',
  },
  {
    entry: 'orgTree',
    title: '组织架构与微网实格',
    description: '社区、网格、微网格、院落及三合一负责人',
    icon: 'tree-square-dot',
    path: '/packages/staff/pages/org-tree/index',
  },
  {
    entry: 'qrcode',
    title: '入驻二维码',
    description: '生成社区、院落二维码，保存到相册打印',
    icon: 'qrcode',
    path: '/packages/staff/pages/qrcode/index',
  },
  {
    entry: 'revealLog',
    title: '个人信息查看记录',
    description: '谁在何时查看了谁的完整电话；操作审计',
    icon: 'secured',
    path: '/packages/staff/pages/reveal-log/index',
  },
];

const ORG_SCOPES = new Set(['street', 'community', 'grid', 'microgrid', 'courtyard']);

/**
 * The grant a staff page works under: the working role chosen in 我的 when it serves the
 * page, else the first of the person's roles that does. Its unit bounds every list and picker.
 */
export function staffGrant(me: Me, entry: StaffEntry): RoleView | null {
  const allowed = (r: RoleView) => ENTRY_ROLES[entry].includes(r.role) && ORG_SCOPES.has(r.scopeType);
  const active = activeRole(me);
  if (active && allowed(active)) return active;
  return me.roles.find(allowed) ?? null;
}

/** The staff pages the person's active working role opens (all of them if no role is chosen). */
export function staffEntries(me: Me) {
  const active = activeRole(me);
  const roles = active ? [active] : me.roles;
  return STAFF_ENTRIES.filter((e) => roles.some((r) => ENTRY_ROLES[e.entry].includes(r.role) && ORG_SCOPES.has(r.scopeType)));
}
