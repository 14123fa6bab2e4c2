import { Role, type RoleGrant, type ScopeType } from '../../contracts/common';
import { covers } from '../core/authorize';

/** The kinds of scope each role is held over. */
export const ROLE_SCOPE_TYPES: Record<Role, readonly ScopeType[]> = {
  resident: ['courtyard'],
  volunteer: ['street', 'community', 'grid', 'courtyard'],
  grid_worker: ['grid'],
  community_staff: ['community'],
  street_admin: ['street'],
  property_manager: ['courtyard'],
  owners_committee: ['courtyard'],
  renovation_committee: ['project'],
  contractor: ['project'],
  merchant: ['merchant'],
  organisation_member: ['organisation'],
};

export const ORG_SCOPE_TYPES: readonly ScopeType[] = ['street', 'community', 'grid', 'microgrid', 'courtyard'];

/**
 * Who may grant (and revoke) what, within the scope of their own grant. `resident` is never granted
 * by hand: it comes with a verified registration. Project, merchant and organisation scopes are not
 * part of the org tree, so only the street administrator (whose street holds them all) grants those.
 */
export const GRANTABLE_BY: Partial<Record<Role, readonly Role[]>> = {
  street_admin: Role.options.filter((r) => r !== 'resident'),
  community_staff: ['grid_worker', 'volunteer', 'property_manager', 'owners_committee', 'community_staff'],
};

/** A scope as the matrix sees it: an org unit (with its path) or a non-org id placed under the street. */
export interface ScopeTarget {
  _id: string;
  path: string[];
}

/** The caller's grant that allows granting `role` over `target`, or null. */
export function grantAuthority(callerGrants: readonly RoleGrant[], role: Role, target: ScopeTarget): RoleGrant | null {
  for (const g of callerGrants) {
    if (!GRANTABLE_BY[g.role]?.includes(role)) continue;
    if (covers(g, target)) return g;
  }
  return null;
}

/** The first of the caller's grants, among `roles`, that covers the unit. */
export function coveringGrant(grants: readonly RoleGrant[] | undefined, roles: readonly Role[], unit: ScopeTarget): RoleGrant | null {
  return (grants ?? []).find((g) => roles.includes(g.role) && covers(g, unit)) ?? null;
}

export const isWorkingRole = (role: Role) => role !== 'resident';
