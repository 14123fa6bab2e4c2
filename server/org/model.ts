export const ORG_UNITS = 'org_units';

export type OrgUnitType = 'street' | 'community' | 'grid' | 'microgrid' | 'courtyard';

export interface OrgUnitDoc {
  _id: string;
  type: OrgUnitType;
  name: string;
  parentId: string | null;
  /** Ids of every ancestor, the street first; lets a grant on an ancestor cover this unit. */
  path: string[];
  /** The community the unit belongs to (its own id for a community, null for the street). */
  communityId: string | null;
  sort: number;
}
