import type { RoleGrant } from '../../contracts/common';
import type { OrgUnitDoc } from '../org/model';
import { loadUnits, orgPathOf, streetUnit } from '../org/units';
import { ORG_SCOPE_TYPES, isWorkingRole, type ScopeTarget } from './matrix';

/**
 * Where a scope sits for coverage and listing: an org unit with its path, or a project / merchant /
 * organisation id placed directly under the street (they belong to the street as a whole).
 */
export async function scopeTargets(
  grants: readonly Pick<RoleGrant, 'scopeType' | 'scopeId'>[],
): Promise<Map<string, ScopeTarget & { name: string }>> {
  const orgIds = grants.filter((g) => ORG_SCOPE_TYPES.includes(g.scopeType)).map((g) => g.scopeId);
  const [units, street] = await Promise.all([
    loadUnits(orgIds),
    grants.some((g) => !ORG_SCOPE_TYPES.includes(g.scopeType)) ? streetUnit() : null,
  ]);
  const out = new Map<string, ScopeTarget & { name: string }>();
  for (const g of grants) {
    if (ORG_SCOPE_TYPES.includes(g.scopeType)) {
      const u: OrgUnitDoc | undefined = units.get(g.scopeId);
      if (u && u.type === g.scopeType) out.set(g.scopeId, { _id: u._id, path: u.path, name: u.name });
    } else if (street) {
      out.set(g.scopeId, { _id: g.scopeId, path: [street._id], name: g.scopeId });
    }
  }
  return out;
}

/** The roleUnits field: every unit (and ancestor) where the person holds a working role. */
export function roleUnitsOf(grants: readonly RoleGrant[], targets: Map<string, ScopeTarget>): string[] {
  const out = new Set<string>();
  for (const g of grants) {
    if (!isWorkingRole(g.role)) continue;
    const t = targets.get(g.scopeId);
    if (t) for (const id of orgPathOf(t)) out.add(id);
    else out.add(g.scopeId);
  }
  return [...out];
}

/** The roleKeys field: `role@scopeId` of every working grant, so "who is the grid worker of gd-1" is one indexed query. */
export function roleKeysOf(grants: readonly RoleGrant[]): string[] {
  return grants.filter((g) => isWorkingRole(g.role)).map((g) => roleKey(g.role, g.scopeId));
}

export const roleKey = (role: RoleGrant['role'], scopeId: string) => `${role}@${scopeId}`;

export const sameGrant = (a: RoleGrant, b: RoleGrant) => a.role === b.role && a.scopeType === b.scopeType && a.scopeId === b.scopeId;
