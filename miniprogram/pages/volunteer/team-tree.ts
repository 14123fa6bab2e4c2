import type { ActionResult } from '../../../contracts';

type TeamNode = ActionResult<'volunteer.teams'>['teams'][number];
type Summary = Omit<TeamNode, 'parentId' | 'level'>;

export interface SquadView extends Summary {
  teams: Summary[];
}
export interface DetachmentView extends Summary {
  squads: SquadView[];
}

const summary = ({ id, name, leaderName, memberCount }: TeamNode): Summary => ({ id, name, leaderName, memberCount });

/**
 * Street detachment → community squads → courtyard teams, from the flat list the backend
 * sends. A node whose parent is missing still shows, under a synthetic group, rather than vanish.
 */
export function buildTeamTree(teams: TeamNode[]): DetachmentView[] {
  const children = new Map<string | null, TeamNode[]>();
  for (const t of teams) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  const ids = new Set(teams.map((t) => t.id));

  const squadView = (squad: TeamNode): SquadView => ({
    ...summary(squad),
    teams: (children.get(squad.id) ?? []).filter((t) => t.level === 'team').map(summary),
  });

  const detachments: DetachmentView[] = teams
    .filter((t) => t.level === 'detachment')
    .map((d) => ({
      ...summary(d),
      squads: (children.get(d.id) ?? []).filter((s) => s.level === 'squad').map(squadView),
    }));

  const orphanSquads = teams.filter((t) => t.level === 'squad' && (t.parentId === null || !ids.has(t.parentId)));
  const orphanTeams = teams.filter((t) => t.level === 'team' && (t.parentId === null || !ids.has(t.parentId)));
  if (orphanSquads.length || orphanTeams.length) {
    const squads = orphanSquads.map(squadView);
    if (orphanTeams.length)
      squads.push({ id: 'orphan-teams', name: '院落小队', leaderName: '—', memberCount: 0, teams: orphanTeams.map(summary) });
    detachments.push({ id: 'orphans', name: '其他队伍', leaderName: '—', memberCount: 0, squads });
  }
  return detachments;
}
