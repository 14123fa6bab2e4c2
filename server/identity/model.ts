import type { RoleGrant } from '../../contracts/common';
import type { Relation, RegistrationStatus } from '../../contracts/identity';

export const USERS = 'users';
export const REGISTRATIONS = 'registrations';
export const HOUSEHOLDS = 'households';

/** Registration state of a person: guest until they register, then pending until staff verify. */
export type UserStatus = 'guest' | 'pending' | 'verified' | 'rejected';

/** Where someone lives, every level of the org tree denormalised so staff queries by level need one index. */
export interface Place {
  communityId: string;
  gridId: string;
  /** Absent on records written before micro-grids were denormalised. */
  microgridId?: string;
  courtyardId: string;
}

/** Building / unit / room as normalised by the server (栋/单元/室 suffixes dropped, full-width folded). */
export interface AddressDoc {
  building: string;
  unit: string;
  room: string;
}

export interface PrivacyConsent {
  version: string;
  agreedAt: Date;
}

export interface UserDoc {
  /** The OPENID: one person per WeChat identity in this mini-program. */
  _id: string;
  nickname: string;
  avatarFileId: string;
  status: UserStatus;
  roles: RoleGrant[];
  place: Place | null;
  createdAt: Date;
  updatedAt: Date;
  // What registration adds (set at the first submission, confirmed by verification). Optional: a guest has none.
  realName?: string;
  /** Full number: never leaves the server unmasked except through a logged reveal. */
  phone?: string;
  phoneVerified?: boolean;
  address?: AddressDoc | null;
  relation?: Relation | null;
  householdId?: string | null;
  /** The verified registration the person's place comes from. */
  registrationId?: string | null;
  /** A registration waiting for a decision (the first one, a correction or a move). */
  pendingRegistrationId?: string | null;
  privacy?: PrivacyConsent | null;
  /** Name fragments and `p` + phone suffix, for the staff search (one multikey index). */
  searchTokens?: string[];
  /** Every org unit (with its ancestors) where the person holds a working role: "who holds roles here". */
  roleUnits?: string[];
  /** `role@scopeId` of every working grant: who handles reports for a grid or courtyard is one indexed query. */
  roleKeys?: string[];
  /** One-time subscribe-message quota per template key: each accepted request allows one message. */
  subscribeQuota?: Record<string, number>;
  /** Set when account deletion starts, so a retried deletion reuses the same anonymous reference. */
  anonId?: string;
}

export type DecidedVia = 'staff' | 'household_head';

export interface RegistrationDoc {
  _id: string;
  openid: string;
  kind: 'new' | 'move';
  status: RegistrationStatus;
  realName: string;
  phone: string;
  phoneVerified: boolean;
  relation: Relation;
  address: AddressDoc;
  courtyardId: string;
  place: Required<Place>;
  /** The street, community, grid, micro-grid and courtyard ids: the queue of any level is one indexed query. */
  orgPath: string[];
  /** The household the registration asks to join (the id is derived from the address). */
  householdId: string;
  privacy: PrivacyConsent;
  joinCode: string | null;
  submittedAt: Date;
  /** sortKey(submittedAt, _id): the queue's order and cursor. */
  queueKey: string;
  decidedAt: Date | null;
  decidedBy: string | null;
  decidedVia: DecidedVia | null;
  rejectReason: string | null;
  /** When a verified registration stopped being the person's home (moved, left). */
  endedAt: Date | null;
  /** For a move: the verified registration it replaces once verified. */
  replacesId: string | null;
  /** The person's status when they submitted a first registration, restored if they withdraw it. */
  statusBefore?: UserStatus;
}

export interface HouseholdMemberDoc {
  openid: string;
  relation: Relation;
  since: Date;
  registrationId: string;
}

/** One room: courtyard + building + unit + room. Members are embedded (a handful), so changes are one-document writes. */
export interface HouseholdDoc {
  _id: string;
  courtyardId: string;
  place: Required<Place>;
  orgPath: string[];
  address: AddressDoc;
  /** Natural order of rooms within a courtyard, plus the id: the list's order and cursor. */
  addressKey: string;
  /** m², set by staff; needed for area-weighted decisions. */
  floorArea: number | null;
  members: HouseholdMemberDoc[];
  memberCount: number;
  /** The owner who speaks for the household (approves family members); the first verified owner. */
  headOpenid: string | null;
  createdAt: Date;
  updatedAt: Date;
}
