import type { RoleGrant } from '../../contracts/common';

export const ACCESS_LOG = 'pii_access_log';

export type AccessPurpose = 'whom_to_find' | 'verify_registration';

/** One time someone saw a personal phone number in full. Append-only. */
export interface AccessLogDoc {
  _id: string;
  at: Date;
  sk: string;
  purpose: AccessPurpose;
  actorOpenid: string;
  /** The person whose number it was, when they have an account. */
  subjectOpenid: string | null;
  subjectName: string;
  subjectDuty: string;
  subjectPhoneMasked: string;
  unitId: string;
  unitName: string;
  scopePath: string[];
  /** The caller's grant that allowed it. */
  basis: RoleGrant;
  registrationId: string | null;
  personId: string | null;
}
