import * as z from 'zod';
import { contract } from './define';

export const TeamLevel = z.enum(['detachment', 'squad', 'team']);

export const TeamNode = z.object({
  id: z.string(),
  level: TeamLevel,
  name: z.string(),
  leaderName: z.string(),
  memberCount: z.number(),
  parentId: z.string().nullable(),
});

export const volunteerContracts = {
  'volunteer.teams': contract({
    description: '志愿队伍：街道支队 → 社区分队 → 院落小队',
    input: z.strictObject({}),
    output: z.object({ teams: z.array(TeamNode), volunteers: z.number() }),
  }),
};
