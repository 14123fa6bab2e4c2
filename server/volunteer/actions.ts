import { defineAction } from '../core/action';
import { collection, command, findMany } from '../core/db';
import { VOLUNTEER_TEAMS, type VolunteerTeamDoc } from './model';

const view = (t: VolunteerTeamDoc) => ({
  id: t._id,
  level: t.level,
  name: t.name,
  leaderName: t.leaderName,
  memberCount: t.memberCount,
  parentId: t.parentId,
});

const teams = defineAction({
  name: 'volunteer.teams',
  access: 'registered',
  mutates: false,
  async handler(ctx) {
    // The street's detachment and community squads, and the courtyard teams of the caller's own community.
    const upper = findMany<VolunteerTeamDoc>(
      collection(VOLUNTEER_TEAMS)
        .where({ level: command().in(['detachment', 'squad']) })
        .orderBy('level', 'asc')
        .orderBy('sort', 'asc')
        .limit(100),
    );
    const communityId = ctx.user?.place?.communityId;
    const local = communityId
      ? findMany<VolunteerTeamDoc>(collection(VOLUNTEER_TEAMS).where({ level: 'team', communityId }).orderBy('sort', 'asc').limit(100))
      : Promise.resolve([]);
    const all = [...(await upper), ...(await local)];
    return {
      teams: all.map(view),
      volunteers: all.filter((t) => t.level === 'team').reduce((n, t) => n + t.memberCount, 0),
    };
  },
});

export const volunteerActions = [teams];
