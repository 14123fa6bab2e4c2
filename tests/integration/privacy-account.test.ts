import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc, docs, expectNoScans, newcomer, registration, rid } from './identity-support';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const call: ApiHarness['act'] = (...args) => h.act(...args);

interface Export {
  exportedAt: number;
  profile: {
    userId: string;
    realName: string;
    phone: string;
    courtyard: string;
    address: string;
    relation: string;
    privacyVersion: string;
  };
  registrations: Array<{ status: string; phone: string; address: string }>;
  household: { address: string; floorArea: number | null; isHead: boolean; members: number } | null;
  roles: Array<{ role: string; scopeName: string }>;
  accessesToMyData: Array<{ actor: { userId: string; name: string }; purpose: string }>;
  myAccesses: Array<{ subject: { name: string }; purpose: string }>;
  auditEntries: Array<{ kind: string; summary: string }>;
}

describe('me.export', () => {
  it('gives a resident everything stored about them, their own number in full', async () => {
    const data = ok<Export>(await call('demo-resident-001', 'me.export'));
    const stored = doc<{ realName: string; phone: string }>(h, 'users', 'demo-resident-001');
    expect(data.profile).toMatchObject({
      userId: 'demo-resident-001',
      realName: stored?.realName,
      phone: stored?.phone,
      address: '3栋2单元502室',
      relation: '业主',
    });
    expect(data.registrations.map((r) => r.status)).toEqual(['verified']);
    expect(data.registrations[0]?.phone).toBe(stored?.phone);
    expect(data.household).toMatchObject({ address: '3栋2单元502室', floorArea: 89.5, isHead: true, members: 1 });
    expect(data.roles).toEqual([expect.objectContaining({ role: 'resident', scopeName: '枫林小区' })]);
    expect(data.myAccesses.map((a) => a.purpose)).toEqual(['whom_to_find']);
    expect(data.auditEntries.map((a) => a.kind).sort()).toEqual(['registration.verify', 'role.grant']);
  });

  it('tells a responsible person who saw their number, with the names masked', async () => {
    const data = ok<Export>(await call('demo-grid-01', 'me.export'));
    const seen = data.accessesToMyData.find((a) => a.actor.userId === 'demo-resident-001');
    expect(seen?.purpose).toBe('whom_to_find');
    expect(seen?.actor.name).toMatch(/\*/);
    expect(data.myAccesses.some((a) => a.purpose === 'verify_registration')).toBe(true);
  });

  it('works for a guest, and is limited to five an hour', async () => {
    const guest = await newcomer(h, 'export-guest-1');
    for (let i = 0; i < 5; i++) expect(ok<Export>(await call(guest, 'me.export')).household).toBeNull();
    expect(err(await call(guest, 'me.export')).code).toBe('RATE_LIMITED');
    expect(err(await call(undefined, 'me.export')).code).toBe('UNAUTHENTICATED');
    expect(err(await call('never-seen', 'me.export')).code).toBe('UNAUTHENTICATED');
    expect(err(await call(guest, 'me.export', { all: true })).code).toBe('VALIDATION_FAILED');
  });
});

describe('me.deleteAccount', () => {
  it('needs an explicit confirmation', async () => {
    const before = await h.snapshot();
    for (const payload of [{}, { confirm: false }, { confirm: 'yes' }]) {
      expect(err(await call('demo-resident-030', 'me.deleteAccount', payload, rid())).code).toBe('VALIDATION_FAILED');
    }
    expect(await h.snapshot()).toEqual(before);
  });

  it('erases a verified resident: profile gone, household left, roles revoked with audit, records kept anonymously', async () => {
    const who = await newcomer(h, 'delete-me-1');
    const reg = ok<{ id: string }>(
      await call(
        who,
        'registration.submit',
        registration({ realName: '钱多多', phone: '13977778888', address: { building: '3', unit: '2', room: '502' }, relation: 'family' }),
        rid(),
      ),
    );
    ok(await call('demo-resident-001', 'household.approveMember', { registrationId: reg.id }, rid()));
    ok(
      await call(
        'demo-community-1',
        'roles.grant',
        { userId: who, role: 'volunteer', scopeType: 'community', scopeId: 'cm-1', reason: '报名志愿者' },
        rid(),
      ),
    );
    const person = doc<{ people: Array<{ id: string }> }>(h, 'org_contacts', 'ct-gd-1-1-grid')?.people[0] as { id: string };
    ok(await call(who, 'org.revealPhone', { courtyardId: 'cy-1-1-1-1', unitId: 'gd-1-1', personId: person.id }, rid()));
    ok(await call('demo-grid-01', 'registration.get', { registrationId: reg.id }));
    const householdId = doc<{ householdId: string }>(h, 'users', who)?.householdId as string;

    const out = ok<{ deleted: boolean; revokedRoles: number }>(await call(who, 'me.deleteAccount', { confirm: true }, rid()));
    expect(out).toEqual({ deleted: true, revokedRoles: 2 });
    expect(doc(h, 'users', who)).toBeUndefined();
    expect(err(await call(who, 'me.get')).code).toBe('UNAUTHENTICATED');
    expect(doc<{ members: Array<{ openid: string }> }>(h, 'households', householdId)?.members.map((m) => m.openid)).toEqual([
      'demo-resident-001',
    ]);

    // Records that stay keep no trace of the person. (Replies other people's calls keep for their retries
    // expire within 24 hours and are purged by the scheduler; the person's own are removed at once.)
    const everywhere = JSON.stringify([
      docs(h, 'registrations'),
      docs(h, 'audit_log'),
      docs(h, 'pii_access_log'),
      docs(h, 'households'),
      docs(h, 'org_contacts'),
      docs(h, 'join_codes'),
    ]);
    expect(everywhere.includes(who), 'openid left behind').toBe(false);
    expect(everywhere.includes('钱多多'), 'name left behind').toBe(false);
    expect(everywhere.includes('13977778888'), 'phone left behind').toBe(false);
    expect(docs(h, 'requests', (d) => d.openid === who)).toEqual([]);

    const kept = doc<{ openid: string; status: string; realName: string; phone: string }>(h, 'registrations', reg.id);
    expect(kept).toMatchObject({ status: 'left', realName: '', phone: '' });
    expect(kept?.openid).toMatch(/^anon-/);
    const audit = docs<{ kind: string; targetOpenid: string; reason: string }>(h, 'audit_log', (d) => d.targetOpenid === kept?.openid);
    expect(audit.map((a) => a.kind)).toEqual(
      expect.arrayContaining(['registration.verify', 'role.grant', 'role.revoke', 'account.delete']),
    );
    expect(audit.filter((a) => a.kind === 'role.revoke').every((a) => a.reason === '注销账号')).toBe(true);
    const log = ok<{ items: Array<{ actor: { name: string; userId: string }; subject: { name: string } }> }>(
      await call('demo-community-1', 'privacy.accessLog', { unitId: 'cm-1' }),
    );
    expect(log.items.find((e) => e.actor.userId === kept?.openid)?.actor.name).toBe('已注销用户');
    expect(log.items.some((e) => e.subject.name === '已注销用户')).toBe(true);

    const again = ok<{ isNew: boolean; status: string }>(await call(who, 'identity.login'));
    expect(again).toMatchObject({ isNew: true, status: 'guest' });
  });

  it('unlinks a responsible person who deletes their account, keeping the entry staff made', async () => {
    ok(
      await call(
        'demo-street-admin',
        'roles.revoke',
        { userId: 'demo-grid-03', role: 'grid_worker', scopeType: 'grid', scopeId: 'gd-1-3', reason: '调岗' },
        rid(),
      ),
    );
    ok(await call('demo-grid-03', 'me.deleteAccount', { confirm: true }, rid()));
    const section = doc<{ people: Array<{ name: string; userId: string | null }> }>(h, 'org_contacts', 'ct-gd-1-3-grid');
    expect(section?.people[0]?.userId).toBeNull();
    expect(section?.people[0]?.name).toBeTruthy();
  });

  it('keeps the street from losing its last administrator', async () => {
    const e = err(await call('demo-street-admin', 'me.deleteAccount', { confirm: true }, rid()));
    expect(e).toMatchObject({ code: 'CONFLICT', message: '您是唯一的街道管理员，请先把街道管理员角色授予他人再注销' });
    expect(doc(h, 'users', 'demo-street-admin')).toBeDefined();
    ok(
      await call(
        'demo-street-admin',
        'roles.grant',
        { userId: 'demo-community-3', role: 'street_admin', scopeType: 'street', scopeId: 'st-1', reason: '交接工作' },
        rid(),
      ),
    );
    ok(await call('demo-street-admin', 'me.deleteAccount', { confirm: true }, rid()));
    expect(doc(h, 'users', 'demo-street-admin')).toBeUndefined();
  });

  it('ran every query on an index', () => expectNoScans(h));
});
