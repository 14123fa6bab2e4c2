export const VOLUNTEER_TEAMS = 'volunteer_teams';

/** Street detachment (支队) → community squad (分队) → courtyard team (小队). */
export interface VolunteerTeamDoc {
  _id: string;
  level: 'detachment' | 'squad' | 'team';
  name: string;
  parentId: string | null;
  /** The org unit the team serves: the street, a community or a courtyard. */
  orgUnitId: string;
  communityId: string | null;
  leaderName: string;
  memberCount: number;
  sort: number;
}
