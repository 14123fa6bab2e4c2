export const ORG_UNITS = 'org_units';
export const ORG_CONTACTS = 'org_contacts';
export const JOIN_CODES = 'join_codes';

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

/** The kind of child each level has. */
export const CHILD_TYPE: Record<OrgUnitType, OrgUnitType | null> = {
  street: 'community',
  community: 'grid',
  grid: 'microgrid',
  microgrid: 'courtyard',
  courtyard: null,
};

export const ID_PREFIX: Record<OrgUnitType, string> = { street: 'st', community: 'cm', grid: 'gd', microgrid: 'mg', courtyard: 'cy' };

export type ContactSectionKind = 'party' | 'residents_group' | 'grid' | 'microgrid';

/** Which section lives on which kind of unit. */
export const SECTION_UNIT: Record<ContactSectionKind, OrgUnitType> = {
  party: 'courtyard',
  residents_group: 'courtyard',
  microgrid: 'microgrid',
  grid: 'grid',
};

export interface ContactPersonDoc {
  id: string;
  name: string;
  duty: string;
  /** Full number; shown masked, revealed through org.revealPhone only. */
  phone: string;
  userId: string | null;
}

/** One section of a three-in-one record; _id = contactsId(unitId, section). */
export interface ContactsDoc {
  _id: string;
  unitId: string;
  section: ContactSectionKind;
  partyKind: 'branch' | 'group' | null;
  name: string;
  people: ContactPersonDoc[];
  communityId: string;
  updatedAt: Date;
  updatedBy: string;
}

export const contactsId = (unitId: string, section: ContactSectionKind) => `ct-${unitId}-${section}`;

export type JoinTargetType = 'community' | 'courtyard';

export interface JoinCodeDoc {
  /** The short code itself. */
  _id: string;
  scene: string;
  page: string;
  targetType: JoinTargetType;
  targetId: string;
  /** The target's ancestors and itself: listing codes for any level is one indexed query. */
  orgPath: string[];
  label: string;
  fileId: string;
  createdBy: string;
  createdAt: Date;
  sk: string;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** The join page of the mini-program (the pages engineer owns it); QR codes open it with the scene. */
export const JOIN_PAGE = 'packages/identity/pages/join/index';

/** What a join QR code carries: well under the 32-character scene limit, and self-describing. */
export const sceneOf = (code: string) => `j=${code}`;
