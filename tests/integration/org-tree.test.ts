import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc, docs, expectNoScans, newcomer, registration, rid } from './identity-support';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const call: ApiHarness['act'] = (...args) => h.act(...args);

interface Unit {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
  sort: number;
  children: number;
}

describe('reading the tree', () => {
  it('starts at the street, and names the ancestors of any unit', async () => {
    const top = ok<{ unit: Unit; ancestors: unknown[]; children: Unit[] }>(await call('demo-guest', 'org.children'));
    expect(top.unit).toMatchObject({ id: 'st-1', type: 'street', name: '青石桥街道', children: 3 });
    expect(top.ancestors).toEqual([]);
    expect(top.children.map((c) => [c.name, c.children])).toEqual([
      ['锦绣社区', 4],
      ['梧桐社区', 4],
      ['清水河社区', 4],
    ]);
    const mg = ok<{ unit: Unit; ancestors: Array<{ id: string; type: string }>; children: Unit[] }>(
      await call('demo-resident-001', 'org.children', { unitId: 'mg-1-1-1' }),
    );
    expect(mg.ancestors.map((a) => `${a.type}:${a.id}`)).toEqual(['street:st-1', 'community:cm-1', 'grid:gd-1-1']);
    expect(mg.children.map((c) => c.id)).toEqual(['cy-1-1-1-1', 'cy-1-1-1-2', 'cy-1-1-1-3']);
    expect(mg.children.every((c) => c.type === 'courtyard' && c.children === 0)).toBe(true);
    expect(err(await call('demo-guest', 'org.children', { unitId: 'mg-404' })).code).toBe('NOT_FOUND');
    expect(err(await call(undefined, 'org.children')).code).toBe('UNAUTHENTICATED');
    expect(err(await call('stranger-x', 'org.children')).code).toBe('UNAUTHENTICATED');
  });

  it('lists a community’s courtyards in tree order for the registration picker', async () => {
    const res = ok<{
      community: { name: string };
      courtyards: Array<{ id: string; grid: { id: string; name: string }; microgrid: { id: string } }>;
    }>(await call('demo-guest', 'org.courtyards', { communityId: 'cm-2' }));
    expect(res.community.name).toBe('梧桐社区');
    expect(res.courtyards).toHaveLength(24);
    expect(res.courtyards[0]).toMatchObject({ id: 'cy-2-1-1-1', grid: { id: 'gd-2-1', name: '第1网格' }, microgrid: { id: 'mg-2-1-1' } });
    expect(res.courtyards.at(-1)?.id).toBe('cy-2-4-2-3');
    expect(err(await call('demo-guest', 'org.courtyards', { communityId: 'gd-2-1' })).code).toBe('NOT_FOUND');
    expect(err(await call('demo-guest', 'org.courtyards', {})).code).toBe('VALIDATION_FAILED');
  });
});

describe('maintaining the tree', () => {
  let grid: Unit;
  let microgrid: Unit;
  let courtyard: Unit;

  it('lets community staff build a grid, micro-grid and courtyard in their community, audited', async () => {
    grid = ok<Unit>(await call('demo-community-1', 'org.createUnit', { parentId: 'cm-1', name: '第5网格' }, rid()));
    expect(grid).toMatchObject({ type: 'grid', parentId: 'cm-1', sort: 5, children: 0 });
    microgrid = ok<Unit>(await call('demo-community-1', 'org.createUnit', { parentId: grid.id, name: '第5-1微网格' }, rid()));
    courtyard = ok<Unit>(await call('demo-community-1', 'org.createUnit', { parentId: microgrid.id, name: '新桥小区' }, rid()));
    expect(courtyard.type).toBe('courtyard');
    expect(doc<{ path: string[]; communityId: string }>(h, 'org_units', courtyard.id)).toMatchObject({
      path: ['st-1', 'cm-1', grid.id, microgrid.id],
      communityId: 'cm-1',
    });
    expect(docs(h, 'audit_log', (d) => d.kind === 'org.create' && d.actorOpenid === 'demo-community-1')).toHaveLength(3);
    const community = ok<Unit>(await call('demo-street-admin', 'org.createUnit', { parentId: 'st-1', name: '翠竹社区' }, rid()));
    expect(community).toMatchObject({ type: 'community', sort: 4 });
  });

  it('refuses other scopes, other roles, a child of a courtyard, duplicates and unsafe names, writing nothing', async () => {
    const before = await h.snapshot();
    const refused: Array<[string, string, string]> = [
      ['demo-community-1', 'st-1', 'FORBIDDEN'],
      ['demo-community-1', 'cm-2', 'FORBIDDEN'],
      ['demo-community-2', 'gd-1-1', 'FORBIDDEN'],
      ['demo-grid-01', 'gd-1-1', 'FORBIDDEN'],
      ['demo-resident-001', 'mg-1-1-1', 'FORBIDDEN'],
      ['demo-guest', 'cm-1', 'FORBIDDEN'],
      ['demo-community-1', 'cy-1-1-1-1', 'VALIDATION_FAILED'],
      ['demo-community-1', 'cm-404', 'NOT_FOUND'],
    ];
    for (const [who, parentId, code] of refused) {
      expect(err(await call(who, 'org.createUnit', { parentId, name: '新单位' }, rid())).code, `${who} ${parentId}`).toBe(code);
    }
    expect(err(await call('demo-community-1', 'org.createUnit', { parentId: 'cm-1', name: '第1网格' }, rid())).code).toBe('CONFLICT');
    expect(err(await call('demo-community-1', 'org.createUnit', { parentId: 'cm-1', name: '违禁词网格' }, rid())).code).toBe(
      'CONTENT_REJECTED',
    );
    expect(err(await call('demo-community-1', 'org.createUnit', { parentId: 'cm-1', name: '待审词网格' }, rid())).code).toBe(
      'CONTENT_REJECTED',
    );
    for (const name of ['', ' ', 'x'.repeat(31), 7]) {
      expect(err(await call('demo-community-1', 'org.createUnit', { parentId: 'cm-1', name }, rid())).code).toBe('VALIDATION_FAILED');
    }
    expect(err(await call('demo-community-1', 'org.createUnit', { parentId: 'cm-1', name: 'a', type: 'grid' }, rid())).code).toBe(
      'VALIDATION_FAILED',
    );
    const { rate_limits: _a, ...after } = await h.snapshot();
    const { rate_limits: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it('renames within scope, refusing a sibling’s name', async () => {
    const renamed = ok<Unit>(await call('demo-community-1', 'org.renameUnit', { unitId: courtyard.id, name: '新桥花园' }, rid()));
    expect(renamed.name).toBe('新桥花园');
    expect(docs<{ detail: { from: string; to: string } }>(h, 'audit_log', (d) => d.kind === 'org.rename')[0]?.detail).toEqual({
      from: '新桥小区',
      to: '新桥花园',
    });
    expect(
      err(
        await call(
          'demo-community-1',
          'org.renameUnit',
          { unitId: 'cy-1-1-1-2', name: h.seed.org_units.find((u) => u._id === 'cy-1-1-1-1')?.name },
          rid(),
        ),
      ).code,
    ).toBe('CONFLICT');
    expect(err(await call('demo-community-2', 'org.renameUnit', { unitId: courtyard.id, name: '别的名字' }, rid())).code).toBe('FORBIDDEN');
    expect(err(await call('demo-community-1', 'org.renameUnit', { unitId: 'st-1', name: '别的街道' }, rid())).code).toBe('FORBIDDEN');
    ok(await call('demo-street-admin', 'org.renameUnit', { unitId: 'st-1', name: '青石桥街道' }, rid()));
  });

  it('moves a courtyard with its residents to another micro-grid; their grid follows', async () => {
    const who = await newcomer(h, 'org-mover-1');
    const reg = ok<{ id: string }>(await call(who, 'registration.submit', registration({ courtyardId: courtyard.id }), rid()));
    ok(await call('demo-community-1', 'registration.verify', { registrationId: reg.id, floorArea: 60 }, rid()));
    const moved = ok<Unit>(await call('demo-community-1', 'org.moveUnit', { unitId: courtyard.id, newParentId: 'mg-1-2-1' }, rid()));
    expect(moved.parentId).toBe('mg-1-2-1');
    expect(doc<{ path: string[] }>(h, 'org_units', courtyard.id)?.path).toEqual(['st-1', 'cm-1', 'gd-1-2', 'mg-1-2-1']);
    expect(doc<{ place: Record<string, string> }>(h, 'users', who)?.place).toMatchObject({
      gridId: 'gd-1-2',
      microgridId: 'mg-1-2-1',
      courtyardId: courtyard.id,
    });
    expect(doc<{ orgPath: string[] }>(h, 'registrations', reg.id)?.orgPath).toEqual(['st-1', 'cm-1', 'gd-1-2', 'mg-1-2-1', courtyard.id]);
    const householdId = doc<{ householdId: string }>(h, 'users', who)?.householdId as string;
    expect(doc<{ place: { gridId: string } }>(h, 'households', householdId)?.place.gridId).toBe('gd-1-2');
    // The new grid's worker now reviews it, the old one no longer does.
    ok(await call('demo-grid-02', 'household.list', { courtyardId: courtyard.id }));
    expect(err(await call('demo-grid-01', 'household.list', { courtyardId: courtyard.id })).code).toBe('FORBIDDEN');
  });

  it('moves a micro-grid with its courtyards, and refuses moves across communities or levels', async () => {
    const target = ok<Unit>(await call('demo-community-1', 'org.moveUnit', { unitId: microgrid.id, newParentId: 'gd-1-3' }, rid()));
    expect(target.parentId).toBe('gd-1-3');
    const before = await h.snapshot();
    const cases: Array<[string, string, string, string]> = [
      ['demo-community-1', microgrid.id, 'gd-2-1', 'VALIDATION_FAILED'],
      ['demo-community-1', 'cy-1-1-1-3', 'gd-1-2', 'VALIDATION_FAILED'],
      ['demo-community-1', 'cy-1-1-1-3', 'mg-2-1-1', 'VALIDATION_FAILED'],
      ['demo-community-1', 'gd-1-1', 'cm-1', 'FORBIDDEN'],
      ['demo-community-2', 'cy-1-1-1-3', 'mg-1-2-1', 'FORBIDDEN'],
      ['demo-grid-01', 'cy-1-1-1-3', 'mg-1-1-2', 'FORBIDDEN'],
      ['demo-community-1', 'cy-1-1-1-3', 'mg-404', 'NOT_FOUND'],
    ];
    for (const [who, unitId, newParentId, code] of cases) {
      expect(err(await call(who, 'org.moveUnit', { unitId, newParentId }, rid())).code, `${who} ${unitId} → ${newParentId}`).toBe(code);
    }
    const { rate_limits: _a, ...after } = await h.snapshot();
    const { rate_limits: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it('reorders all the children of a unit, and only all of them', async () => {
    const ids = ['cy-1-1-1-3', 'cy-1-1-1-1', 'cy-1-1-1-2'];
    const res = ok<{ children: Unit[] }>(
      await call('demo-community-1', 'org.reorderUnits', { parentId: 'mg-1-1-1', orderedIds: ids }, rid()),
    );
    expect(res.children.map((c) => c.id)).toEqual(ids);
    const listed = ok<{ children: Unit[] }>(await call('demo-resident-001', 'org.children', { unitId: 'mg-1-1-1' }));
    expect(listed.children.map((c) => c.id)).toEqual(ids);
    for (const orderedIds of [ids.slice(1), [...ids, 'cy-1-1-1-1'], ['cy-1-1-1-1', 'cy-1-1-1-2', 'cy-2-1-1-1'], []]) {
      expect(err(await call('demo-community-1', 'org.reorderUnits', { parentId: 'mg-1-1-1', orderedIds }, rid())).code).toBe(
        'VALIDATION_FAILED',
      );
    }
    expect(err(await call('demo-community-2', 'org.reorderUnits', { parentId: 'mg-1-1-1', orderedIds: ids }, rid())).code).toBe(
      'FORBIDDEN',
    );
  });

  it('deletes only an empty unit, taking its three-in-one sections along', async () => {
    expect(err(await call('demo-community-1', 'org.deleteUnit', { unitId: 'gd-1-1' }, rid())).message).toBe('请先删除或移走下级单位');
    expect(err(await call('demo-community-1', 'org.deleteUnit', { unitId: courtyard.id }, rid())).message).toBe(
      '该单位还有居民或待审核的登记，不能删除',
    );
    expect(err(await call('demo-street-admin', 'org.deleteUnit', { unitId: 'st-1' }, rid())).code).toBe('CONFLICT');
    const staffed = ok<Unit>(await call('demo-community-1', 'org.createUnit', { parentId: 'cm-1', name: '第6网格' }, rid()));
    ok(
      await call(
        'demo-street-admin',
        'roles.grant',
        { userId: 'demo-resident-010', role: 'grid_worker', scopeType: 'grid', scopeId: staffed.id, reason: '新网格配备网格员' },
        rid(),
      ),
    );
    expect(err(await call('demo-community-1', 'org.deleteUnit', { unitId: staffed.id }, rid())).message).toMatch(/担任角色/);

    const empty = ok<Unit>(await call('demo-community-1', 'org.createUnit', { parentId: 'mg-1-1-1', name: '待拆除院落' }, rid()));
    ok(
      await call(
        'demo-community-1',
        'org.setContacts',
        { unitId: empty.id, section: 'residents_group', name: '待拆除院落居民小组', people: [] },
        rid(),
      ),
    );
    expect(err(await call('demo-community-2', 'org.deleteUnit', { unitId: empty.id }, rid())).code).toBe('FORBIDDEN');
    expect(ok(await call('demo-community-1', 'org.deleteUnit', { unitId: empty.id }, rid()))).toEqual({ id: empty.id, deleted: true });
    expect(doc(h, 'org_units', empty.id)).toBeUndefined();
    expect(docs(h, 'org_contacts', (d) => d.unitId === empty.id)).toEqual([]);
    expect(docs(h, 'audit_log', (d) => d.kind === 'org.delete' && d.scopeId === empty.id)).toHaveLength(1);
    expect(err(await call('demo-community-1', 'org.deleteUnit', { unitId: empty.id }, rid())).code).toBe('NOT_FOUND');
  });

  it('ran every query on an index', () => expectNoScans(h));
});
