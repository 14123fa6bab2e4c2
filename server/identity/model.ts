import type { RoleGrant } from '../../contracts/common';

export const USERS = 'users';

/** Registration state of a person: guest until they register, then pending until staff verify. */
export type UserStatus = 'guest' | 'pending' | 'verified' | 'rejected';

export interface UserDoc {
  /** The OPENID: one person per WeChat identity in this mini-program. */
  _id: string;
  nickname: string;
  avatarFileId: string;
  status: UserStatus;
  roles: RoleGrant[];
  /** Where the person lives, denormalised so staff queries by community or grid need one index. */
  place: { communityId: string; gridId: string; courtyardId: string } | null;
  createdAt: Date;
  updatedAt: Date;
}
