import type { Role } from '../../contracts/common';
import type { Me } from './session';

export type RoleView = Me['roles'][number];

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  grid_worker: '网格员',
  community_staff: '社区工作人员',
  street_admin: '街道管理员',
  property_manager: '物业',
  owners_committee: '业委会',
  renovation_committee: '自改委',
  contractor: '施工单位',
  merchant: '商家',
  organisation_member: '社会组织',
};

const ACTIVE_ROLE_KEY = 'linli.activeRole';

/** A role someone works in (everything but being a resident): the ones the switcher offers. */
export function workingRoles(me: Me): RoleView[] {
  return me.roles.filter((r) => r.role !== 'resident');
}

export function roleKey(r: RoleView): string {
  return `${r.role}:${r.scopeType}:${r.scopeId}`;
}

export function roleTitle(r: RoleView): string {
  return `${ROLE_LABELS[r.role]} · ${r.scopeName}`;
}

/** The working role the person last chose on this phone, if they still hold it; else their first one. */
export function activeRole(me: Me): RoleView | null {
  const roles = workingRoles(me);
  const saved = wx.getStorageSync<string>(ACTIVE_ROLE_KEY);
  return roles.find((r) => roleKey(r) === saved) ?? roles[0] ?? null;
}

export function saveActiveRole(key: string): void {
  wx.setStorageSync(ACTIVE_ROLE_KEY, key);
}

/** After the account is gone, this phone should not remember a role its owner no longer holds. */
export function clearActiveRole(): void {
  wx.removeStorageSync(ACTIVE_ROLE_KEY);
}
