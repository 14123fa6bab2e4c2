import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const stats = (openid: string, communityId: string) => h.call(openid, { action: 'org.communityStats', payload: { communityId } });

describe('roles and scopes', () => {
  it('gives community staff the statistics of their own community, counted from the records', async () => {
    const data = ok<{ community: { name: string }; grids: number; courtyards: number; residents: Record<string, number> }>(
      await stats('demo-community-1', 'cm-1'),
    );
    const inCm1 = h.seed.users.filter((u) => u.place?.communityId === 'cm-1');
    expect(data.community.name).toBe('锦绣社区');
    expect(data.grids).toBe(h.seed.org_units.filter((u) => u.type === 'grid' && u.communityId === 'cm-1').length);
    expect(data.courtyards).toBe(h.seed.org_units.filter((u) => u.type === 'courtyard' && u.communityId === 'cm-1').length);
    expect(data.residents).toEqual({
      pending: inCm1.filter((u) => u.status === 'pending').length,
      verified: inCm1.filter((u) => u.status === 'verified').length,
      rejected: inCm1.filter((u) => u.status === 'rejected').length,
    });
    expect(data.residents.verified).toBeGreaterThan(10);
  });

  it('refuses community staff another community', async () => {
    const e = err(await stats('demo-community-1', 'cm-2'));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe('该操作超出了您的管理范围');
  });

  it('lets the street admin see every community below the street', async () => {
    for (const id of ['cm-1', 'cm-2', 'cm-3']) ok(await stats('demo-street-admin', id));
  });

  it('refuses residents, grid workers, merchants and guests', async () => {
    for (const who of ['demo-resident-001', 'demo-grid-01', 'demo-merchant-1', 'demo-guest', 'demo-volunteer-1']) {
      expect(err(await stats(who, 'cm-1')).code, who).toBe('FORBIDDEN');
    }
  });

  it('answers NOT_FOUND for a community that does not exist, to someone who could manage one', async () => {
    expect(err(await stats('demo-street-admin', 'cm-999')).code).toBe('NOT_FOUND');
  });

  it('refuses a scope id of the wrong kind (a grid passed as a community)', async () => {
    expect(err(await stats('demo-street-admin', 'gd-1-1')).code).toBe('FORBIDDEN');
  });

  it('validates before authorizing, so a malformed id is a validation error for everyone', async () => {
    const e = err(await stats('demo-resident-001', '../../etc'));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields?.[0]?.path).toBe('communityId');
  });
});

describe('what every registered person may read', () => {
  it('shows the street with its communities and the caller’s own place', async () => {
    const data = ok<{
      street: { name: string };
      communities: Array<{ name: string; grids: number; courtyards: number }>;
      myPlace: { courtyard: { id: string } } | null;
    }>(await h.call('demo-resident-001', { action: 'org.overview' }));
    expect(data.street.name).toBe('青石桥街道');
    expect(data.communities.map((c) => c.name)).toEqual(['锦绣社区', '梧桐社区', '清水河社区']);
    expect(data.communities.every((c) => c.grids === 4 && c.courtyards === 24)).toBe(true);
    const seeded = h.seed.users.find((u) => u._id === 'demo-resident-001');
    expect(data.myPlace?.courtyard.id).toBe(seeded?.place?.courtyardId);
    const guest = ok<{ myPlace: unknown }>(await h.call('demo-guest', { action: 'org.overview' }));
    expect(guest.myPlace).toBeNull();
  });

  it('lists the three service circles with their entries', async () => {
    const data = ok<{ circles: Array<{ title: string; entries: Array<{ title: string; kind: string }> }> }>(
      await h.call('demo-guest', { action: 'services.catalog' }),
    );
    expect(data.circles.map((c) => c.title)).toEqual(['政务圈', '志愿圈', '生活圈']);
    expect(data.circles[0]?.entries.map((e) => e.title)).toContain('住房公积金查询');
  });

  it('lists the volunteer detachment, the squads and the caller’s community teams', async () => {
    const data = ok<{ teams: Array<{ level: string; name: string; parentId: string | null }>; volunteers: number }>(
      await h.call('demo-resident-001', { action: 'volunteer.teams' }),
    );
    expect(data.teams.filter((t) => t.level === 'detachment')).toHaveLength(1);
    expect(data.teams.filter((t) => t.level === 'squad')).toHaveLength(3);
    const teams = data.teams.filter((t) => t.level === 'team');
    expect(teams.length).toBeGreaterThan(0);
    expect(teams.every((t) => t.parentId === 'vt-cm-1')).toBe(true);
    expect(data.volunteers).toBeGreaterThan(0);
  });
});
