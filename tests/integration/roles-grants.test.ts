import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc, docs, expectNoScans, rid } from './identity-support';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const call: ApiHarness['act'] = (...args) => h.act(...args);

const grant = (by: string, userId: string, role: string, scopeType: string, scopeId: string, requestId = rid()) =>
  call(by, 'roles.grant', { userId, role, scopeType, scopeId, reason: '工作需要' }, requestId);
const revoke = (by: string, userId: string, role: string, scopeType: string, scopeId: string) =>
  call(by, 'roles.revoke', { userId, role, scopeType, scopeId, reason: '岗位调整' }, rid());

type Roles = { userId: string; roles: Array<{ role: string; scopeId: string; scopeName: string }> };
const rolesOf = (openid: string) => doc<{ roles: Array<{ role: string; scopeId: string }>; roleUnits: string[] }>(h, 'users', openid);

describe('what each person may grant', () => {
  it('tells the street admin every working role, community staff five, residents none', async () => {
    const street = ok<{ grantable: Array<{ role: string; within: Array<{ id: string }> }> }>(
      await call('demo-street-admin', 'roles.options'),
    );
    expect(street.grantable.map((g) => g.role).sort()).toEqual(
      [
        'community_staff',
        'contractor',
        'grid_worker',
        'merchant',
        'organisation_member',
        'owners_committee',
        'property_manager',
        'renovation_committee',
        'street_admin',
        'volunteer',
      ].sort(),
    );
    const community = ok<{ grantable: Array<{ role: string; scopeTypes: string[]; within: Array<{ id: string; name: string }> }> }>(
      await call('demo-community-1', 'roles.options'),
    );
    expect(community.grantable.map((g) => g.role).sort()).toEqual([
      'community_staff',
      'grid_worker',
      'owners_committee',
      'property_manager',
      'volunteer',
    ]);
    expect(community.grantable.find((g) => g.role === 'grid_worker')).toMatchObject({
      scopeTypes: ['grid'],
      within: [{ id: 'cm-1', name: '锦绣社区' }],
    });
    expect(ok<{ grantable: unknown[] }>(await call('demo-resident-001', 'roles.options')).grantable).toEqual([]);
    expect(ok<{ grantable: unknown[] }>(await call('demo-grid-01', 'roles.options')).grantable).toEqual([]);
  });
});

describe('granting and revoking', () => {
  it('lets the street admin grant a grid worker anywhere; the grant works at once and is audited', async () => {
    const res = ok<Roles>(await grant('demo-street-admin', 'demo-resident-020', 'grid_worker', 'grid', 'gd-2-1'));
    expect(res.roles.find((r) => r.role === 'grid_worker')).toEqual({
      role: 'grid_worker',
      scopeType: 'grid',
      scopeId: 'gd-2-1',
      scopeName: '第1网格',
    });
    expect(rolesOf('demo-resident-020')?.roleUnits).toEqual(expect.arrayContaining(['st-1', 'cm-2', 'gd-2-1']));
    ok(await call('demo-resident-020', 'registration.queue', { unitId: 'gd-2-1' }));
    const entry = docs<{ kind: string; actorOpenid: string; role: string; scopeId: string; reason: string; scopePath: string[] }>(
      h,
      'audit_log',
      (d) => d.targetOpenid === 'demo-resident-020',
    ).at(-1);
    expect(entry).toMatchObject({
      kind: 'role.grant',
      actorOpenid: 'demo-street-admin',
      role: 'grid_worker',
      scopeId: 'gd-2-1',
      reason: '工作需要',
      scopePath: ['st-1', 'cm-2', 'gd-2-1'],
    });
    const me = ok<{ roles: Array<{ role: string }> }>(await call('demo-resident-020', 'me.get'));
    expect(me.roles.map((r) => r.role)).toContain('grid_worker');
  });

  it('lets the street admin grant project, merchant and organisation roles', async () => {
    ok(await grant('demo-street-admin', 'demo-resident-021', 'merchant', 'merchant', 'mc-9'));
    ok(await grant('demo-street-admin', 'demo-resident-021', 'contractor', 'project', 'pj-1'));
    ok(await grant('demo-street-admin', 'demo-resident-021', 'organisation_member', 'organisation', 'og-1'));
    expect(rolesOf('demo-resident-021')?.roles.map((r) => r.role)).toEqual(
      expect.arrayContaining(['merchant', 'contractor', 'organisation_member']),
    );
  });

  it('lets community staff grant the five roles within their community', async () => {
    const cases: Array<[string, string, string]> = [
      ['grid_worker', 'grid', 'gd-1-2'],
      ['volunteer', 'community', 'cm-1'],
      ['volunteer', 'courtyard', 'cy-1-1-1-1'],
      ['property_manager', 'courtyard', 'cy-1-2-1-1'],
      ['owners_committee', 'courtyard', 'cy-1-1-1-1'],
      ['community_staff', 'community', 'cm-1'],
    ];
    for (const [role, scopeType, scopeId] of cases) ok(await grant('demo-community-1', 'demo-resident-022', role, scopeType, scopeId));
    expect(rolesOf('demo-resident-022')?.roles).toHaveLength(
      cases.length + (h.seed.users.find((u) => u._id === 'demo-resident-022')?.roles.length ?? 0),
    );
  });

  it('refuses what the matrix does not allow, writing nothing', async () => {
    const before = await h.snapshot();
    const refused: Array<[string, string, string, string, string, string]> = [
      ['demo-community-1', 'demo-resident-023', 'merchant', 'merchant', 'mc-1', 'FORBIDDEN'],
      ['demo-community-1', 'demo-resident-023', 'street_admin', 'street', 'st-1', 'FORBIDDEN'],
      ['demo-community-1', 'demo-resident-023', 'renovation_committee', 'project', 'pj-1', 'FORBIDDEN'],
      ['demo-community-1', 'demo-resident-023', 'grid_worker', 'grid', 'gd-2-1', 'FORBIDDEN'],
      ['demo-community-1', 'demo-resident-023', 'volunteer', 'street', 'st-1', 'FORBIDDEN'],
      ['demo-community-1', 'demo-resident-023', 'community_staff', 'community', 'cm-2', 'FORBIDDEN'],
      ['demo-grid-01', 'demo-resident-023', 'volunteer', 'grid', 'gd-1-1', 'FORBIDDEN'],
      ['demo-resident-001', 'demo-resident-023', 'volunteer', 'courtyard', 'cy-1-1-1-1', 'FORBIDDEN'],
      ['demo-property-1', 'demo-resident-023', 'owners_committee', 'courtyard', 'cy-1-1-1-1', 'FORBIDDEN'],
      ['demo-merchant-1', 'demo-resident-023', 'merchant', 'merchant', 'mc-1', 'FORBIDDEN'],
      ['demo-guest', 'demo-resident-023', 'volunteer', 'community', 'cm-1', 'FORBIDDEN'],
      ['demo-community-1', 'demo-community-1', 'volunteer', 'community', 'cm-1', 'FORBIDDEN'],
      ['demo-street-admin', 'demo-street-admin', 'merchant', 'merchant', 'mc-1', 'FORBIDDEN'],
      ['demo-street-admin', 'demo-resident-023', 'resident', 'courtyard', 'cy-1-1-1-1', 'VALIDATION_FAILED'],
      ['demo-street-admin', 'demo-resident-023', 'grid_worker', 'community', 'cm-1', 'VALIDATION_FAILED'],
      ['demo-street-admin', 'demo-resident-023', 'grid_worker', 'grid', 'gd-9-9', 'NOT_FOUND'],
      ['demo-street-admin', 'demo-resident-023', 'grid_worker', 'grid', 'cm-1', 'NOT_FOUND'],
      ['demo-street-admin', 'nobody-at-all', 'grid_worker', 'grid', 'gd-1-1', 'NOT_FOUND'],
      ['demo-street-admin', 'demo-grid-01', 'grid_worker', 'grid', 'gd-1-1', 'CONFLICT'],
    ];
    for (const [by, userId, role, scopeType, scopeId, code] of refused) {
      expect(err(await grant(by, userId, role, scopeType, scopeId)).code, `${by} → ${userId} ${role}@${scopeId}`).toBe(code);
    }
    const bad = err(
      await call(
        'demo-street-admin',
        'roles.grant',
        { userId: 'demo-resident-023', role: 'mayor', scopeType: 'city', scopeId: 'x', reason: '', extra: 1 },
        rid(),
      ),
    );
    expect(bad.fields?.map((f) => f.path).sort()).toEqual(['', 'reason', 'role', 'scopeType']);
    expect(err(await call('demo-street-admin', 'roles.grant', {}, rid())).code).toBe('VALIDATION_FAILED');
    const { rate_limits: _a, ...after } = await h.snapshot();
    const { rate_limits: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it('returns the first answer to a retried grant, once audited', async () => {
    const requestId = rid('grant');
    const first = ok(await grant('demo-community-1', 'demo-resident-024', 'volunteer', 'community', 'cm-1', requestId));
    expect(ok(await grant('demo-community-1', 'demo-resident-024', 'volunteer', 'community', 'cm-1', requestId))).toEqual(first);
    expect(docs(h, 'audit_log', (d) => d.targetOpenid === 'demo-resident-024' && d.kind === 'role.grant')).toHaveLength(1);
  });

  it('revokes with the same authority; never one’s own role, never one not held', async () => {
    ok(await revoke('demo-community-1', 'demo-resident-024', 'volunteer', 'community', 'cm-1'));
    expect(rolesOf('demo-resident-024')?.roles.some((r) => r.role === 'volunteer')).toBe(false);
    expect(err(await revoke('demo-community-1', 'demo-resident-024', 'volunteer', 'community', 'cm-1')).code).toBe('NOT_FOUND');
    expect(err(await revoke('demo-community-1', 'demo-community-1', 'community_staff', 'community', 'cm-1')).code).toBe('FORBIDDEN');
    expect(err(await revoke('demo-community-1', 'demo-street-admin', 'street_admin', 'street', 'st-1')).code).toBe('FORBIDDEN');
    expect(err(await revoke('demo-community-2', 'demo-grid-01', 'grid_worker', 'grid', 'gd-1-1')).code).toBe('FORBIDDEN');
    expect(err(await revoke('demo-street-admin', 'demo-resident-001', 'resident', 'courtyard', 'cy-1-1-1-1')).code).toBe(
      'VALIDATION_FAILED',
    );
    ok(await revoke('demo-street-admin', 'demo-resident-020', 'grid_worker', 'grid', 'gd-2-1'));
    expect(rolesOf('demo-resident-020')?.roleUnits).toEqual([]);
    expect(err(await call('demo-resident-020', 'registration.queue', { unitId: 'gd-2-1' })).code).toBe('FORBIDDEN');
    const kinds = docs<{ kind: string }>(h, 'audit_log', (d) => d.targetOpenid === 'demo-resident-020').map((d) => d.kind);
    expect(kinds).toEqual(['role.grant', 'role.revoke']);
  });
});

describe('who holds roles, and the audit log', () => {
  it('lists the people with working roles in a community, with only the roles held there', async () => {
    const all: Array<{ userId: string; phoneMasked: string; roles: Array<{ role: string; scopeId: string }> }> = [];
    let cursor: string | undefined;
    do {
      const page = ok<{ items: typeof all; nextCursor: string | null }>(
        await call('demo-community-1', 'roles.holders', { unitId: 'cm-1', limit: 3, ...(cursor ? { cursor } : {}) }),
      );
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const ids = all.map((i) => i.userId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'demo-community-1',
        'demo-grid-01',
        'demo-grid-04',
        'demo-volunteer-1',
        'demo-property-1',
        'demo-resident-022',
      ]),
    );
    expect(ids).not.toContain('demo-grid-05');
    expect(ids).not.toContain('demo-street-admin');
    expect(ids).not.toContain('demo-resident-001');
    expect(new Set(ids).size).toBe(ids.length);
    const property = all.find((i) => i.userId === 'demo-property-1');
    expect(property?.roles.every((r) => r.role === 'property_manager' && r.scopeId.startsWith('cy-1-'))).toBe(true);
    expect(all.every((i) => i.phoneMasked === '' || /^\d{3}\*{4}\d{4}$/.test(i.phoneMasked))).toBe(true);
    const grid = ok<{ items: Array<{ userId: string }> }>(await call('demo-grid-01', 'roles.holders', { unitId: 'gd-1-1' }));
    expect(grid.items.map((i) => i.userId)).toContain('demo-grid-01');
    expect(err(await call('demo-grid-01', 'roles.holders', { unitId: 'cm-1' })).code).toBe('FORBIDDEN');
    expect(err(await call('demo-resident-001', 'roles.holders', { unitId: 'cy-1-1-1-1' })).code).toBe('FORBIDDEN');
  });

  it('shows staff every change in their scope, newest first, with names and a summary', async () => {
    const all: Array<{ kind: string; at: number; actor: { name: string }; target: { userId: string } | null; summary: string }> = [];
    let cursor: string | undefined;
    do {
      const page = ok<{ items: typeof all; nextCursor: string | null }>(
        await call('demo-community-1', 'roles.auditLog', { unitId: 'cm-1', limit: 10, ...(cursor ? { cursor } : {}) }),
      );
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.length).toBe(docs(h, 'audit_log', (d) => (d.scopePath as string[]).includes('cm-1')).length);
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort((a, b) => b - a));
    const revoked = all.find((e) => e.kind === 'role.revoke' && e.target?.userId === 'demo-resident-024');
    expect(revoked?.summary).toBe('撤销志愿者（锦绣社区）');
    expect(revoked?.actor.name).toBe(doc<{ realName: string }>(h, 'users', 'demo-community-1')?.realName);
    const other = ok<{ items: Array<{ target: { userId: string } | null }> }>(
      await call('demo-community-2', 'roles.auditLog', { unitId: 'cm-2' }),
    );
    expect(other.items.some((e) => e.target?.userId === 'demo-resident-024')).toBe(false);
    expect(other.items.some((e) => e.target?.userId === 'demo-resident-020')).toBe(true);
    for (const [who, unitId] of [
      ['demo-grid-01', 'gd-1-1'],
      ['demo-community-2', 'cm-1'],
      ['demo-resident-001', 'cy-1-1-1-1'],
    ]) {
      expect(err(await call(who, 'roles.auditLog', { unitId })).code, who).toBe('FORBIDDEN');
    }
  });

  it('ran every query on an index', () => expectNoScans(h));
});
