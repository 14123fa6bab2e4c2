import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc, docs, expectNoScans, newcomer, registration, rid, withoutCounters, POLICY_VERSION } from './identity-support';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const call: ApiHarness['act'] = (...args) => h.act(...args);

interface Reg {
  id: string;
  status: string;
  kind: string;
  realName: string;
  phoneMasked: string;
  phoneVerified: boolean;
  relation: string;
  address: { building: string; unit: string; room: string; text: string };
  place: {
    community: { id: string; name: string };
    grid: { id: string };
    microgrid: { id: string };
    courtyard: { id: string; name: string };
  };
  submittedAt: number;
  decidedAt: number | null;
  rejectReason: string | null;
}

describe('registration.submit', () => {
  it('registers a guest with a typed number: pending, unverified number, normalised address, consent recorded', async () => {
    const who = await newcomer(h, 'reg-typed-1');
    const reg = ok<Reg>(await call(who, 'registration.submit', registration({ realName: '王小明', phone: '13912345678' }), rid()));
    expect(reg).toMatchObject({
      status: 'pending',
      kind: 'new',
      realName: '王小明',
      phoneMasked: '139****5678',
      phoneVerified: false,
      relation: 'owner',
      address: { building: '5', unit: '1', room: '301', text: '5栋1单元301室' },
    });
    expect(reg.place.courtyard).toEqual({ id: 'cy-1-1-1-1', name: h.seed.org_units.find((u) => u._id === 'cy-1-1-1-1')?.name });
    expect(reg.place.microgrid.id).toBe('mg-1-1-1');
    const stored = doc<{ phone: string; privacy: { version: string; agreedAt: unknown }; orgPath: string[] }>(h, 'registrations', reg.id);
    expect(stored?.phone).toBe('13912345678');
    expect(stored?.privacy.version).toBe(POLICY_VERSION);
    expect(stored?.privacy.agreedAt).toBeTruthy();
    expect(stored?.orgPath).toEqual(['st-1', 'cm-1', 'gd-1-1', 'mg-1-1-1', 'cy-1-1-1-1']);
    const me = ok<{ status: string; courtyard: { id: string } }>(await call(who, 'me.get'));
    expect(me.status).toBe('pending');
    expect(me.courtyard?.id).toBe('cy-1-1-1-1');
  });

  it('exchanges a getPhoneNumber code on the server and marks the number verified', async () => {
    const who = await newcomer(h, 'reg-code-1');
    const payload = registration({ phone: undefined, phoneCode: 'demo-phone:13800001111', relation: 'tenant' });
    const reg = ok<Reg>(await call(who, 'registration.submit', payload, rid()));
    expect(reg.phoneVerified).toBe(true);
    expect(reg.phoneMasked).toBe('138****1111');
    expect(JSON.stringify(reg)).not.toContain('13800001111');
  });

  it('refuses an expired phone code with a field error, writing nothing', async () => {
    const who = await newcomer(h, 'reg-code-2');
    const before = await h.snapshot();
    const e = err(await call(who, 'registration.submit', registration({ phone: undefined, phoneCode: 'expired-code' }), rid()));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields?.[0]?.path).toBe('phoneCode');
    expect(withoutCounters(await h.snapshot())).toEqual(withoutCounters(before));
  });

  it('names every bad field in Chinese and writes nothing', async () => {
    const who = await newcomer(h, 'reg-bad-1');
    const before = await h.snapshot();
    const cases: Array<[unknown, string[]]> = [
      [registration({ phone: undefined }), ['phone']],
      [registration({ phoneCode: 'demo-phone:13800001111' }), ['phone']],
      [registration({ phone: '12345' }), ['phone']],
      [registration({ realName: 'X' }), ['realName']],
      [registration({ realName: 42 }), ['realName']],
      [registration({ relation: 'landlord' }), ['relation']],
      [registration({ courtyardId: '../etc' }), ['courtyardId']],
      [registration({ address: { building: '', unit: '', room: '1' } }), ['address.building']],
      [registration({ address: { building: '1', unit: '', room: '1<script>' } }), ['address.room']],
      [registration({ address: { building: '1', room: '1' } }), ['address.unit']],
      [registration({ colour: 'red' }), ['']],
      [registration({ privacyVersion: undefined }), ['privacyVersion']],
      [{}, ['address', 'courtyardId', 'privacyVersion', 'realName', 'relation']],
    ];
    for (const [payload, paths] of cases) {
      const e = err(await call(who, 'registration.submit', payload, rid()));
      expect(e.code, JSON.stringify(payload)).toBe('VALIDATION_FAILED');
      expect([...new Set(e.fields?.map((f) => f.path))].sort(), JSON.stringify(payload)).toEqual(expect.arrayContaining(paths));
      expect(e.fields?.every((f) => /[\u4e00-\u9fa5]/.test(f.message))).toBe(true);
    }
    expect(err(await call(who, 'registration.submit', registration({ realName: '长'.repeat(70_000) }))).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await h.snapshot()).toEqual(before);
  });

  it('asks for consent again when the privacy policy changed', async () => {
    const who = await newcomer(h, 'reg-policy-1');
    const e = err(await call(who, 'registration.submit', registration({ privacyVersion: '2020-01' }), rid()));
    expect(e).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'privacyVersion', message: '隐私政策已更新，请重新阅读并同意' }],
    });
    const policy = ok<{ version: string; points: string[] }>(await call(undefined, 'privacy.policy'));
    expect(policy.version).toBe(POLICY_VERSION);
    expect(policy.points.length).toBeGreaterThan(2);
  });

  it('refuses an unknown courtyard or another kind of unit', async () => {
    const who = await newcomer(h, 'reg-where-1');
    expect(err(await call(who, 'registration.submit', registration({ courtyardId: 'cy-9-9-9-9' }), rid())).code).toBe('NOT_FOUND');
    expect(err(await call(who, 'registration.submit', registration({ courtyardId: 'gd-1-1' }), rid())).code).toBe('NOT_FOUND');
  });

  it('refuses callers WeChat does not identify, and people who never opened the app', async () => {
    expect(err(await call(undefined, 'registration.submit', registration())).code).toBe('UNAUTHENTICATED');
    expect(err(await call('never-logged-in', 'registration.submit', registration())).code).toBe('UNAUTHENTICATED');
  });

  it('keeps one pending registration per person, and a retry returns the first answer', async () => {
    const who = await newcomer(h, 'reg-retry-1');
    const requestId = rid('retry');
    const first = ok<Reg>(await call(who, 'registration.submit', registration(), requestId));
    const again = ok<Reg>(await call(who, 'registration.submit', registration(), requestId));
    expect(again).toEqual(first);
    expect(docs(h, 'registrations', (d) => d.openid === who)).toHaveLength(1);
    const e = err(await call(who, 'registration.submit', registration({ relation: 'tenant' }), rid()));
    expect(e.code).toBe('CONFLICT');
  });

  it('limits submissions to five an hour', async () => {
    const who = await newcomer(h, 'reg-limit-1');
    // Each submission is withdrawn so the next is allowed; the sixth is refused by the limit.
    for (let i = 0; i < 5; i++) {
      const reg = ok<Reg>(await call(who, 'registration.submit', registration(), rid()));
      ok(await call(who, 'registration.withdraw', { registrationId: reg.id }, rid()));
    }
    expect(err(await call(who, 'registration.submit', registration(), rid())).code).toBe('RATE_LIMITED');
  });
});

describe('registration.mine and withdraw', () => {
  it('shows the demo resident’s rejected registration with the reason', async () => {
    const mine = ok<{ current: Reg; history: Reg[] }>(await call('demo-resident-003', 'registration.mine'));
    expect(mine.current.status).toBe('rejected');
    expect(mine.current.rejectReason).toMatch(/[\u4e00-\u9fa5]/);
    expect(mine.current.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('shows a verified resident who moved both homes, the old one ended', async () => {
    const mine = ok<{ current: Reg; history: Reg[] }>(await call('demo-resident-004', 'registration.mine'));
    expect(mine.current).toMatchObject({ status: 'verified', kind: 'move' });
    expect(mine.history.map((r) => r.status)).toEqual(['verified', 'moved']);
  });

  it('withdraws a pending registration: back to guest, nothing personal left on the profile', async () => {
    const who = await newcomer(h, 'reg-withdraw-1');
    const reg = ok<Reg>(await call(who, 'registration.submit', registration(), rid()));
    const out = ok<Reg>(await call(who, 'registration.withdraw', { registrationId: reg.id }, rid()));
    expect(out.status).toBe('withdrawn');
    const user = doc<{ status: string; phone: string; place: unknown }>(h, 'users', who);
    expect(user).toMatchObject({ status: 'guest', phone: '', place: null });
    expect(err(await call(who, 'registration.withdraw', { registrationId: reg.id }, rid())).code).toBe('CONFLICT');
  });

  it('does not let anyone withdraw someone else’s registration, or one that does not exist', async () => {
    const pending = doc<{ pendingRegistrationId: string }>(h, 'users', 'demo-resident-002')?.pendingRegistrationId as string;
    const before = await h.snapshot();
    expect(err(await call('demo-resident-001', 'registration.withdraw', { registrationId: pending }, rid())).code).toBe('NOT_FOUND');
    expect(err(await call('demo-resident-001', 'registration.withdraw', { registrationId: 'rg-nope' }, rid())).code).toBe('NOT_FOUND');
    expect(err(await call('demo-resident-001', 'registration.withdraw', { registrationId: 5 }, rid())).code).toBe('VALIDATION_FAILED');
    expect(await h.snapshot()).toEqual(before);
  });
});

interface Queue {
  items: Array<Reg & { householdMembers: number }>;
  nextCursor: string | null;
  counts: { pending: number; verified: number; rejected: number };
}

describe('the verification queue', () => {
  it('gives the grid worker the pending registrations of their grid, oldest first, with counts', async () => {
    const q = ok<Queue>(await call('demo-grid-01', 'registration.queue', { unitId: 'gd-1-1' }));
    const inGrid = docs<{ status: string; orgPath: string[] }>(h, 'registrations', (d) => (d.orgPath as string[]).includes('gd-1-1'));
    expect(q.counts).toEqual({
      pending: inGrid.filter((r) => r.status === 'pending').length,
      verified: inGrid.filter((r) => r.status === 'verified').length,
      rejected: inGrid.filter((r) => r.status === 'rejected').length,
    });
    expect(q.items.length).toBe(Math.min(20, q.counts.pending));
    const times = q.items.map((i) => i.submittedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(q.items.every((i) => i.status === 'pending' && /^\d{3}\*{4}\d{4}$/.test(i.phoneMasked))).toBe(true);
    expect(JSON.stringify(q)).not.toMatch(/1390000\d{4}/);
  });

  it('pages through the whole street without gaps or repeats, waiting ones oldest first and decided ones newest first', async () => {
    for (const [status, order, limit] of [
      ['pending', 1, 5],
      ['verified', -1, 25],
    ] as const) {
      const seen: Reg[] = [];
      let cursor: string | undefined;
      let total = 0;
      do {
        const page = ok<Queue>(
          await call('demo-street-admin', 'registration.queue', { unitId: 'st-1', status, limit, ...(cursor ? { cursor } : {}) }),
        );
        total = page.counts[status];
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((r) => r.id)).size).toBe(total);
      const times = seen.map((r) => r.submittedAt);
      expect(times).toEqual([...times].sort((a, b) => order * (a - b)));
    }
  });

  it('lets community staff see their community and each level below, and nobody else', async () => {
    ok(await call('demo-community-1', 'registration.queue', { unitId: 'cm-1' }));
    ok(await call('demo-community-1', 'registration.queue', { unitId: 'cy-1-1-1-1', status: 'rejected' }));
    const refused: Array<[string, string]> = [
      ['demo-community-1', 'cm-2'],
      ['demo-grid-01', 'cm-1'],
      ['demo-grid-02', 'gd-1-1'],
      ['demo-resident-001', 'cy-1-1-1-1'],
      ['demo-property-1', 'cy-1-1-1-1'],
      ['demo-volunteer-1', 'cm-1'],
      ['demo-merchant-1', 'st-1'],
      ['demo-guest', 'cy-1-1-1-1'],
    ];
    for (const [who, unitId] of refused)
      expect(err(await call(who, 'registration.queue', { unitId })).code, `${who} ${unitId}`).toBe('FORBIDDEN');
    expect(err(await call('demo-street-admin', 'registration.queue', { unitId: 'cy-404' })).code).toBe('NOT_FOUND');
    expect(err(await call('demo-street-admin', 'registration.queue', { unitId: 'st-1', cursor: 'not a cursor!' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(err(await call('demo-street-admin', 'registration.queue', { unitId: 'st-1', status: 'moved' })).code).toBe('VALIDATION_FAILED');
    expect(err(await call('demo-street-admin', 'registration.queue', { unitId: 'st-1', limit: 500 })).code).toBe('VALIDATION_FAILED');
  });
});

describe('deciding a registration', () => {
  let subject: string;
  let regId: string;

  beforeAll(async () => {
    subject = await newcomer(h, 'reg-decide-1');
    regId = ok<Reg>(
      await call(
        subject,
        'registration.submit',
        registration({ realName: '赵志强', phone: '13955550001', address: { building: '8', unit: '2', room: '1102' } }),
        rid(),
      ),
    ).id;
  });

  it('shows the full number to the reviewer and logs that access', async () => {
    const before = docs(h, 'pii_access_log').length;
    const detail = ok<{ phone: string; phoneMasked: string; householdId: string }>(
      await call('demo-grid-01', 'registration.get', { registrationId: regId }),
    );
    expect(detail.phone).toBe('13955550001');
    expect(detail.phoneMasked).toBe('139****0001');
    const log = docs<{ actorOpenid: string; subjectOpenid: string; purpose: string; basis: { role: string; scopeId: string } }>(
      h,
      'pii_access_log',
    );
    expect(log).toHaveLength(before + 1);
    expect(log.at(-1)).toMatchObject({
      actorOpenid: 'demo-grid-01',
      subjectOpenid: subject,
      purpose: 'verify_registration',
      basis: { role: 'grid_worker', scopeId: 'gd-1-1' },
    });
  });

  it('refuses reviewers of other places and everyone else, logging nothing', async () => {
    const before = await h.snapshot();
    for (const who of ['demo-grid-02', 'demo-community-2', 'demo-resident-001', 'demo-property-1', 'demo-guest', 'demo-merchant-1']) {
      for (const action of ['registration.get', 'registration.verify']) {
        expect(err(await call(who, action, { registrationId: regId }, rid())).code, `${who} ${action}`).toBe('FORBIDDEN');
      }
      expect(err(await call(who, 'registration.reject', { registrationId: regId, reason: '信息不全' }, rid())).code).toBe('FORBIDDEN');
    }
    expect(err(await call('demo-grid-01', 'registration.verify', { registrationId: 'rg-missing' }, rid())).code).toBe('NOT_FOUND');
    expect(err(await call('demo-grid-01', 'registration.verify', { registrationId: regId, floorArea: -3 }, rid())).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(err(await call('demo-grid-01', 'registration.verify', { registrationId: regId, floorArea: 80.123 }, rid())).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(err(await call('demo-grid-01', 'registration.verify', { registrationId: regId, extra: true }, rid())).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(await h.snapshot()).toEqual(before);
  });

  it('verifies: the person joins the household of the room, holds resident there, and it is audited', async () => {
    const requestId = rid('verify');
    const item = ok<Reg & { householdMembers: number }>(
      await call('demo-grid-01', 'registration.verify', { registrationId: regId, floorArea: 76.35 }, requestId),
    );
    expect(item).toMatchObject({ status: 'verified', householdMembers: 1 });
    expect(ok(await call('demo-grid-01', 'registration.verify', { registrationId: regId, floorArea: 76.35 }, requestId))).toEqual(item);
    expect(err(await call('demo-community-1', 'registration.verify', { registrationId: regId }, rid())).code).toBe('CONFLICT');

    const user = doc<{ status: string; householdId: string; roles: unknown[]; realName: string }>(h, 'users', subject);
    expect(user).toMatchObject({
      status: 'verified',
      realName: '赵志强',
      roles: [{ role: 'resident', scopeType: 'courtyard', scopeId: 'cy-1-1-1-1' }],
    });
    const household = doc<{
      floorArea: number;
      headOpenid: string;
      members: Array<{ openid: string; relation: string }>;
      address: unknown;
    }>(h, 'households', user?.householdId as string);
    expect(household).toMatchObject({
      floorArea: 76.35,
      headOpenid: subject,
      members: [{ openid: subject, relation: 'owner' }],
      address: { building: '8', unit: '2', room: '1102' },
    });
    const audit = docs<{ kind: string; targetOpenid: string; actorOpenid: string }>(
      h,
      'audit_log',
      (d) =>
        d.targetOpenid === subject ||
        (d.kind === 'household.setArea' && (d.detail as { householdId?: string }).householdId === user?.householdId),
    );
    expect(audit.map((a) => a.kind).sort()).toEqual(['household.setArea', 'registration.verify', 'role.grant']);
    expect(audit.every((a) => a.actorOpenid === 'demo-grid-01')).toBe(true);
    const me = ok<{ status: string; roles: Array<{ role: string }> }>(await call(subject, 'me.get'));
    expect(me.status).toBe('verified');
  });

  it('rejects with a reason the resident reads, who corrects and resubmits', async () => {
    const who = await newcomer(h, 'reg-reject-1');
    const reg = ok<Reg>(await call(who, 'registration.submit', registration({ address: { building: '99', unit: '', room: '1' } }), rid()));
    const before = await h.snapshot();
    expect(err(await call('demo-community-1', 'registration.reject', { registrationId: reg.id, reason: '我是违禁词' }, rid())).code).toBe(
      'CONTENT_REJECTED',
    );
    expect(err(await call('demo-community-1', 'registration.reject', { registrationId: reg.id, reason: '' }, rid())).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(await h.snapshot()).toEqual(before);
    const out = ok<Reg>(
      await call('demo-community-1', 'registration.reject', { registrationId: reg.id, reason: '院落内没有 99 栋，请核对楼栋号' }, rid()),
    );
    expect(out.status).toBe('rejected');
    const mine = ok<{ current: Reg }>(await call(who, 'registration.mine'));
    expect(mine.current).toMatchObject({ status: 'rejected', rejectReason: '院落内没有 99 栋，请核对楼栋号' });
    expect(doc<{ status: string }>(h, 'users', who)?.status).toBe('rejected');
    const again = ok<Reg>(await call(who, 'registration.submit', registration({ address: { building: '9', unit: '', room: '1' } }), rid()));
    expect(again.status).toBe('pending');
    expect(doc<{ status: string }>(h, 'users', who)?.status).toBe('pending');
  });

  it('never lets staff decide their own registration', async () => {
    const own = ok<Reg>(await call('demo-grid-01', 'registration.submit', registration({ realName: '网格员本人' }), rid()));
    const e = err(await call('demo-grid-01', 'registration.verify', { registrationId: own.id }, rid()));
    expect(e).toMatchObject({ code: 'FORBIDDEN', message: '不能审核自己的登记' });
    expect(err(await call('demo-grid-01', 'registration.reject', { registrationId: own.id, reason: '自己拒绝自己' }, rid())).code).toBe(
      'FORBIDDEN',
    );
    ok(await call('demo-grid-01', 'registration.withdraw', { registrationId: own.id }, rid()));
    // Staff without a home keep their roles and status when a registration is withdrawn.
    const after = doc<{ status: string; roles: Array<{ role: string }> }>(h, 'users', 'demo-grid-01');
    expect(after?.roles.map((r) => r.role)).toContain('grid_worker');
    expect(after?.status).toBe('verified');
  });

  it('ran every query on an index', () => expectNoScans(h));
});
