import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc, docs, expectNoScans, newcomer, registration, rid } from './identity-support';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const call: ApiHarness['act'] = (...args) => h.act(...args);

interface Household {
  household: {
    id: string;
    floorArea: number | null;
    address: { text: string };
    members: Array<{ userId: string; name: string; relation: string; isHead: boolean; isMe: boolean }>;
  } | null;
  pendingMembers: Array<{ id: string; relation: string; realName: string; phoneMasked: string }>;
}

interface StoredUser {
  status: string;
  realName: string;
  householdId: string | null;
  registrationId: string | null;
  roles: Array<{ role: string; scopeId: string }>;
}

const HEAD = 'demo-resident-001';
const headAddress = { building: '3', unit: '2', room: '502' };

describe('my household, and the head confirming family members', () => {
  it('shows the head their home, floor area, members and the family member waiting', async () => {
    const mine = ok<Household>(await call(HEAD, 'household.mine'));
    expect(mine.household).toMatchObject({ floorArea: 89.5, address: { text: '3栋2单元502室' } });
    expect(mine.household?.members).toEqual([expect.objectContaining({ userId: HEAD, isHead: true, isMe: true, relation: 'owner' })]);
    const waiting = doc<{ pendingRegistrationId: string }>(h, 'users', 'demo-resident-002')?.pendingRegistrationId;
    expect(mine.pendingMembers.map((p) => p.id)).toEqual([waiting]);
    expect(mine.pendingMembers[0]?.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(ok<Household>(await call('demo-resident-002', 'household.mine'))).toEqual({ household: null, pendingMembers: [] });
    expect(ok<Household>(await call('demo-guest', 'household.mine')).household).toBeNull();
  });

  it('lets only the head confirm, and only family members', async () => {
    const waiting = doc<{ pendingRegistrationId: string }>(h, 'users', 'demo-resident-002')?.pendingRegistrationId as string;
    const before = await h.snapshot();
    for (const who of ['demo-resident-004', 'demo-grid-01', 'demo-guest', 'demo-resident-002']) {
      expect(err(await call(who, 'household.approveMember', { registrationId: waiting }, rid())).code, who).toBe('FORBIDDEN');
      expect(err(await call(who, 'household.rejectMember', { registrationId: waiting, reason: '不认识' }, rid())).code, who).toBe(
        'FORBIDDEN',
      );
    }
    expect(err(await call(HEAD, 'household.approveMember', { registrationId: 'rg-none' }, rid())).code).toBe('NOT_FOUND');
    expect(err(await call(HEAD, 'household.approveMember', { registrationId: waiting, note: 'x' }, rid())).code).toBe('VALIDATION_FAILED');

    expect(await h.snapshot()).toEqual(before);

    const tenant = await newcomer(h, 'hh-tenant-1');
    const asTenant = ok<{ id: string }>(
      await call(tenant, 'registration.submit', registration({ address: headAddress, relation: 'tenant' }), rid()),
    );
    const withTenant = await h.snapshot();
    expect(err(await call(HEAD, 'household.approveMember', { registrationId: asTenant.id }, rid())).message).toMatch(/家庭成员/);
    expect(await h.snapshot()).toEqual(withTenant);
  });

  it('confirms a family member: they join the household and become a resident, audited as the head’s decision', async () => {
    const waiting = doc<{ pendingRegistrationId: string }>(h, 'users', 'demo-resident-002')?.pendingRegistrationId as string;
    ok(await call(HEAD, 'household.approveMember', { registrationId: waiting }, rid()));
    const member = doc<StoredUser>(h, 'users', 'demo-resident-002');
    const head = doc<StoredUser>(h, 'users', HEAD);
    expect(member).toMatchObject({
      status: 'verified',
      householdId: head?.householdId,
      roles: [{ role: 'resident', scopeId: 'cy-1-1-1-1' }],
    });
    const audit = docs<{ kind: string; actorOpenid: string; reason: string }>(
      h,
      'audit_log',
      (d) => d.targetOpenid === 'demo-resident-002',
    );
    expect(audit.find((a) => a.kind === 'registration.verify')).toMatchObject({ actorOpenid: HEAD, reason: '户主确认' });
    const theirs = ok<Household>(await call('demo-resident-002', 'household.mine'));
    const headSeen = theirs.household?.members.find((m) => m.userId === HEAD);
    // Members see each other masked.
    expect(headSeen?.name).toMatch(/^.\*+.?$/);
    expect(headSeen?.name).not.toBe(head?.realName);
    expect(theirs.household?.members.find((m) => m.isMe)?.name).toBe(member?.realName);
  });

  it('lets the head turn a family registration down with a reason', async () => {
    const stranger = await newcomer(h, 'hh-family-2');
    const reg = ok<{ id: string }>(
      await call(stranger, 'registration.submit', registration({ address: headAddress, relation: 'family' }), rid()),
    );
    expect(ok<Household>(await call(HEAD, 'household.mine')).pendingMembers.map((p) => p.id)).toContain(reg.id);
    expect(err(await call(HEAD, 'household.rejectMember', { registrationId: reg.id, reason: '我是违禁词' }, rid())).code).toBe(
      'CONTENT_REJECTED',
    );
    ok(await call(HEAD, 'household.rejectMember', { registrationId: reg.id, reason: '不是我家的人' }, rid()));
    expect(ok<{ current: { status: string; rejectReason: string } }>(await call(stranger, 'registration.mine')).current).toMatchObject({
      status: 'rejected',
      rejectReason: '不是我家的人',
    });
  });
});

describe('moving house and leaving', () => {
  it('verifies a move: the old home and its resident role end, the new ones begin, all audited', async () => {
    const mover = 'demo-resident-005';
    const before = doc<StoredUser & { pendingRegistrationId: string }>(h, 'users', mover) as StoredUser & { pendingRegistrationId: string };
    const move = doc<{ courtyardId: string; kind: string }>(h, 'registrations', before.pendingRegistrationId);
    expect(move?.kind).toBe('move');
    ok(await call('demo-street-admin', 'registration.verify', { registrationId: before.pendingRegistrationId }, rid()));
    const after = doc<StoredUser>(h, 'users', mover);
    expect(after?.roles).toEqual([{ role: 'resident', scopeType: 'courtyard', scopeId: move?.courtyardId }]);
    expect(after?.householdId).not.toBe(before.householdId);
    expect(
      doc<{ members: Array<{ openid: string }> }>(h, 'households', before.householdId as string)?.members.some((m) => m.openid === mover),
    ).toBe(false);
    expect(doc<{ status: string }>(h, 'registrations', before.registrationId as string)?.status).toBe('moved');
    const kinds = docs<{ kind: string; role: string | null; scopeId: string }>(h, 'audit_log', (d) => d.targetOpenid === mover).map(
      (a) => `${a.kind}:${a.scopeId}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        `role.revoke:${before.roles[0]?.scopeId}`,
        `role.grant:${move?.courtyardId}`,
        `registration.verify:${move?.courtyardId}`,
      ]),
    );
  });

  it('hands the household to the other owner when the head leaves', async () => {
    const a = await newcomer(h, 'hh-owner-a');
    const b = await newcomer(h, 'hh-owner-b');
    const address = { building: '12', unit: '1', room: '101' };
    const ra = ok<{ id: string }>(await call(a, 'registration.submit', registration({ realName: '甲业主', address }), rid()));
    ok(await call('demo-grid-01', 'registration.verify', { registrationId: ra.id }, rid()));
    const rb = ok<{ id: string }>(await call(b, 'registration.submit', registration({ realName: '乙业主', address }), rid()));
    ok(await call('demo-grid-01', 'registration.verify', { registrationId: rb.id }, rid()));
    const householdId = doc<StoredUser>(h, 'users', a)?.householdId as string;
    expect(doc<{ headOpenid: string; memberCount: number }>(h, 'households', householdId)).toMatchObject({ headOpenid: a, memberCount: 2 });

    expect(err(await call(a, 'household.leave', {}, rid())).code).toBe('VALIDATION_FAILED');
    const me = ok<{ status: string; roles: unknown[]; courtyard: unknown }>(await call(a, 'household.leave', { confirm: true }, rid()));
    expect(me).toMatchObject({ status: 'guest', roles: [], courtyard: null });
    expect(doc<{ headOpenid: string; memberCount: number }>(h, 'households', householdId)).toMatchObject({ headOpenid: b, memberCount: 1 });
    expect(doc<{ status: string }>(h, 'registrations', ra.id)?.status).toBe('left');
    expect(docs(h, 'audit_log', (d) => d.targetOpenid === a && d.kind === 'household.leave')).toHaveLength(1);
    expect(err(await call(a, 'household.leave', { confirm: true }, rid())).code).toBe('CONFLICT');
  });
});

interface HouseholdList {
  items: Array<{
    id: string;
    address: { text: string; building: string };
    floorArea: number | null;
    members: number;
    headName: string | null;
  }>;
  nextCursor: string | null;
}

describe('households of a courtyard, and floor areas', () => {
  it('lists them in room order, page by page, for the grid worker and the property manager', async () => {
    const all: HouseholdList['items'] = [];
    let cursor: string | undefined;
    do {
      const page = ok<HouseholdList>(
        await call('demo-grid-01', 'household.list', { courtyardId: 'cy-1-1-1-1', limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.length).toBe(docs(h, 'households', (d) => d.courtyardId === 'cy-1-1-1-1').length);
    const buildings = all.map((x) => Number(x.address.building));
    expect(buildings).toEqual([...buildings].sort((p, q) => p - q));
    expect(all.find((x) => x.address.text === '3栋2单元502室')).toMatchObject({ floorArea: 89.5, members: 2 });
    ok(await call('demo-property-1', 'household.list', { courtyardId: 'cy-1-1-1-1' }));
    for (const who of ['demo-grid-02', 'demo-community-2', 'demo-resident-001', 'demo-volunteer-1']) {
      expect(err(await call(who, 'household.list', { courtyardId: 'cy-1-1-1-1' })).code, who).toBe('FORBIDDEN');
    }
  });

  it('records a floor area with an audit entry; refuses other scopes and bad numbers without writing', async () => {
    const householdId = doc<StoredUser>(h, 'users', HEAD)?.householdId as string;
    const before = await h.snapshot();
    expect(err(await call('demo-grid-02', 'household.setArea', { householdId, floorArea: 90 }, rid())).code).toBe('FORBIDDEN');
    expect(err(await call(HEAD, 'household.setArea', { householdId, floorArea: 200 }, rid())).code).toBe('FORBIDDEN');
    expect(err(await call('demo-grid-01', 'household.setArea', { householdId: 'hh-none', floorArea: 90 }, rid())).code).toBe('NOT_FOUND');
    for (const floorArea of [0, -1, 20_000, '90', null]) {
      expect(err(await call('demo-grid-01', 'household.setArea', { householdId, floorArea }, rid())).code, String(floorArea)).toBe(
        'VALIDATION_FAILED',
      );
    }
    expect(await h.snapshot()).toEqual(before);
    const requestId = rid('area');
    expect(
      ok(await call('demo-community-1', 'household.setArea', { householdId, floorArea: 91.2, reason: '按房产证更正' }, requestId)),
    ).toEqual({ id: householdId, floorArea: 91.2 });
    ok(await call('demo-community-1', 'household.setArea', { householdId, floorArea: 91.2, reason: '按房产证更正' }, requestId));
    const entries = docs<{ detail: { from: number; to: number }; reason: string }>(
      h,
      'audit_log',
      (d) => d.kind === 'household.setArea' && (d.detail as { householdId: string }).householdId === householdId,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ detail: { from: 89.5, to: 91.2 }, reason: '按房产证更正' });
  });
});

interface Found {
  items: Array<{ userId: string; realName: string; phoneMasked: string; place: { courtyard: { id: string } } | null }>;
  nextCursor: string | null;
}

describe('searching residents', () => {
  it('finds by phone suffix or a fragment of the name, within scope, masked', async () => {
    const byPhone = ok<Found>(await call('demo-community-1', 'residents.search', { unitId: 'cm-1', q: '0001' }));
    expect(byPhone.items.map((i) => i.userId)).toEqual([HEAD]);
    expect(byPhone.items[0]?.phoneMasked).toBe('139****0001');
    expect(JSON.stringify(byPhone)).not.toContain('13900000001');

    const head = doc<StoredUser>(h, 'users', HEAD) as StoredUser;
    const given = [...head.realName].slice(1).join('');
    const byName = ok<Found>(await call('demo-grid-01', 'residents.search', { unitId: 'gd-1-1', q: given }));
    expect(byName.items.map((i) => i.userId)).toContain(HEAD);
    expect(byName.items.every((i) => i.realName.includes(given))).toBe(true);
    const inGrid = new Set(h.seed.org_units.filter((u) => u.path.includes('gd-1-1')).map((u) => u._id));
    expect(byName.items.every((i) => i.place && inGrid.has(i.place.courtyard.id))).toBe(true);
  });

  it('pages through a common surname one at a time', async () => {
    const surname = [...(doc<StoredUser>(h, 'users', HEAD)?.realName ?? '')][0] as string;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = ok<Found>(
        await call('demo-street-admin', 'residents.search', { unitId: 'st-1', q: surname, limit: 3, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.items.map((i) => i.userId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const expected = docs<{ _id: string; realName?: string }>(
      h,
      'users',
      (d) => typeof d.realName === 'string' && d.realName.includes(surname),
    ).map((d) => d._id);
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('refuses other scopes and non-staff; validates the query', async () => {
    for (const [who, unitId] of [
      ['demo-community-2', 'cm-1'],
      ['demo-grid-01', 'gd-1-2'],
      ['demo-resident-001', 'cy-1-1-1-1'],
      ['demo-property-1', 'cy-1-1-1-1'],
    ]) {
      expect(err(await call(who, 'residents.search', { unitId, q: '王' })).code, `${who}`).toBe('FORBIDDEN');
    }
    expect(err(await call('demo-street-admin', 'residents.search', { unitId: 'st-1', q: '' })).code).toBe('VALIDATION_FAILED');
    expect(err(await call('demo-street-admin', 'residents.search', { unitId: 'st-1', q: 'x'.repeat(21) })).code).toBe('VALIDATION_FAILED');
    expect(err(await call('demo-street-admin', 'residents.search', { unitId: 'st-1' })).code).toBe('VALIDATION_FAILED');
  });

  it('ran every query on an index', () => expectNoScans(h));
});
