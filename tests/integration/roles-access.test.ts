import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../../contracts';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc, expectNoScans, registration, rid } from './identity-support';

/**
 * Every action of identity, org, roles and privacy, called by every kind of person. Reads must
 * succeed for exactly the people allowed; every refused call (reads and mutations) must be
 * UNAUTHENTICATED or FORBIDDEN and write nothing. What allowed mutations do is tested per domain.
 */
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const PEOPLE = [
  undefined,
  'stranger-openid',
  'demo-guest',
  'demo-resident-001',
  'demo-resident-002',
  'demo-volunteer-1',
  'demo-grid-01',
  'demo-grid-02',
  'demo-community-1',
  'demo-community-2',
  'demo-street-admin',
  'demo-property-1',
  'demo-merchant-1',
] as const;
type Who = (typeof PEOPLE)[number];

const KNOWN: readonly Who[] = PEOPLE.filter((p) => p && p !== 'stranger-openid');
const REVIEWERS: readonly Who[] = ['demo-grid-01', 'demo-community-1', 'demo-street-admin'];
const EDITORS: readonly Who[] = ['demo-community-1', 'demo-street-admin'];

interface Case {
  payload: () => Record<string, unknown>;
  /** Who passes authorization; 'public' and 'authenticated' as in the action definitions. */
  allowed: 'public' | 'authenticated' | readonly Who[];
  mutates: boolean;
}

const pendingOf = (openid: string) => doc<{ pendingRegistrationId: string }>(h, 'users', openid)?.pendingRegistrationId as string;
const householdOf = (openid: string) => doc<{ householdId: string }>(h, 'users', openid)?.householdId as string;
const gridWorkerEntry = () => (doc<{ people: Array<{ id: string }> }>(h, 'org_contacts', 'ct-gd-1-1-grid')?.people[0] as { id: string }).id;
const grantPayload = () => ({
  userId: 'demo-resident-050',
  role: 'volunteer',
  scopeType: 'community',
  scopeId: 'cm-1',
  reason: '测试授权',
});

const CASES: Record<string, Case> = {
  'identity.login': { payload: () => ({}), allowed: 'authenticated', mutates: true },
  'me.get': { payload: () => ({}), allowed: KNOWN, mutates: false },
  'me.updateProfile': { payload: () => ({ nickname: '邻居' }), allowed: KNOWN, mutates: true },
  'me.export': { payload: () => ({}), allowed: KNOWN, mutates: false },
  'me.deleteAccount': { payload: () => ({ confirm: true }), allowed: KNOWN, mutates: true },
  'privacy.policy': { payload: () => ({}), allowed: 'public', mutates: false },
  'privacy.accessLog': { payload: () => ({ unitId: 'cy-1-1-1-1' }), allowed: EDITORS, mutates: false },
  'registration.submit': { payload: () => registration(), allowed: KNOWN, mutates: true },
  'registration.mine': { payload: () => ({}), allowed: KNOWN, mutates: false },
  'registration.withdraw': { payload: () => ({ registrationId: pendingOf('demo-resident-002') }), allowed: KNOWN, mutates: true },
  'registration.queue': { payload: () => ({ unitId: 'gd-1-1' }), allowed: REVIEWERS, mutates: false },
  'registration.get': { payload: () => ({ registrationId: pendingOf('demo-resident-002') }), allowed: REVIEWERS, mutates: false },
  'registration.verify': { payload: () => ({ registrationId: pendingOf('demo-resident-002') }), allowed: REVIEWERS, mutates: true },
  'registration.reject': {
    payload: () => ({ registrationId: pendingOf('demo-resident-002'), reason: '信息不全' }),
    allowed: REVIEWERS,
    mutates: true,
  },
  'household.mine': { payload: () => ({}), allowed: KNOWN, mutates: false },
  'household.approveMember': {
    payload: () => ({ registrationId: pendingOf('demo-resident-002') }),
    allowed: ['demo-resident-001'],
    mutates: true,
  },
  'household.rejectMember': {
    payload: () => ({ registrationId: pendingOf('demo-resident-002'), reason: '不认识' }),
    allowed: ['demo-resident-001'],
    mutates: true,
  },
  'household.leave': { payload: () => ({ confirm: true }), allowed: KNOWN, mutates: true },
  'household.list': { payload: () => ({ courtyardId: 'cy-1-1-1-1' }), allowed: [...REVIEWERS, 'demo-property-1'], mutates: false },
  'household.setArea': {
    payload: () => ({ householdId: householdOf('demo-resident-001'), floorArea: 90 }),
    allowed: REVIEWERS,
    mutates: true,
  },
  'residents.search': { payload: () => ({ unitId: 'gd-1-1', q: '王' }), allowed: REVIEWERS, mutates: false },
  'org.overview': { payload: () => ({}), allowed: KNOWN, mutates: false },
  'org.communityStats': { payload: () => ({ communityId: 'cm-1' }), allowed: EDITORS, mutates: false },
  'org.children': { payload: () => ({ unitId: 'cm-1' }), allowed: KNOWN, mutates: false },
  'org.courtyards': { payload: () => ({ communityId: 'cm-1' }), allowed: KNOWN, mutates: false },
  'org.createUnit': { payload: () => ({ parentId: 'cm-1', name: '第9网格' }), allowed: EDITORS, mutates: true },
  'org.renameUnit': { payload: () => ({ unitId: 'cy-1-1-1-1', name: '枫林新村' }), allowed: EDITORS, mutates: true },
  'org.moveUnit': { payload: () => ({ unitId: 'cy-1-1-1-3', newParentId: 'mg-1-1-2' }), allowed: EDITORS, mutates: true },
  'org.reorderUnits': {
    payload: () => ({ parentId: 'mg-1-1-1', orderedIds: ['cy-1-1-1-2', 'cy-1-1-1-1', 'cy-1-1-1-3'] }),
    allowed: EDITORS,
    mutates: true,
  },
  'org.deleteUnit': { payload: () => ({ unitId: 'cy-1-1-1-3' }), allowed: EDITORS, mutates: true },
  'org.contacts': { payload: () => ({ courtyardId: 'cy-1-1-1-1' }), allowed: KNOWN, mutates: false },
  'org.setContacts': {
    payload: () => ({ unitId: 'cy-1-1-1-1', section: 'residents_group', name: '枫林小区居民小组', people: [] }),
    allowed: REVIEWERS,
    mutates: true,
  },
  'org.revealPhone': {
    payload: () => ({ courtyardId: 'cy-1-1-1-1', unitId: 'gd-1-1', personId: gridWorkerEntry() }),
    allowed: ['demo-resident-001', ...REVIEWERS],
    mutates: true,
  },
  'joinCode.create': { payload: () => ({ targetType: 'courtyard', targetId: 'cy-1-1-1-1' }), allowed: REVIEWERS, mutates: true },
  'joinCode.list': { payload: () => ({ unitId: 'cy-1-1-1-1' }), allowed: REVIEWERS, mutates: false },
  'joinCode.revoke': { payload: () => ({ code: 'DEMOY1' }), allowed: REVIEWERS, mutates: true },
  'joinCode.resolve': { payload: () => ({ scene: 'j=DEMOY1' }), allowed: 'authenticated', mutates: false },
  'roles.options': { payload: () => ({}), allowed: KNOWN, mutates: false },
  'roles.grant': { payload: grantPayload, allowed: EDITORS, mutates: true },
  'roles.revoke': { payload: grantPayload, allowed: EDITORS, mutates: true },
  'roles.holders': { payload: () => ({ unitId: 'gd-1-1' }), allowed: REVIEWERS, mutates: false },
  'roles.auditLog': { payload: () => ({ unitId: 'cy-1-1-1-1' }), allowed: EDITORS, mutates: false },
};

const DOMAINS = /^(identity|me|privacy|registration|household|residents|org|joinCode|roles)\./;

function isAllowed(c: Case, who: Who): boolean {
  if (c.allowed === 'public') return true;
  if (c.allowed === 'authenticated') return who !== undefined;
  return (c.allowed as readonly (Who | undefined)[]).includes(who);
}

describe('every action, every kind of person', () => {
  it('has a case for every action of these domains', () => {
    expect(Object.keys(CASES).sort()).toEqual(
      Object.keys(contracts)
        .filter((a) => DOMAINS.test(a))
        .sort(),
    );
  });

  it('refuses everyone not allowed, with UNAUTHENTICATED or FORBIDDEN, writing nothing', async () => {
    const before = await h.snapshot();
    let refusals = 0;
    for (const [action, c] of Object.entries(CASES)) {
      for (const who of PEOPLE) {
        if (isAllowed(c, who)) continue;
        const e = err(await h.call(who, { action, payload: c.payload(), ...(c.mutates ? { requestId: rid() } : {}) }));
        const expected = who === undefined || who === 'stranger-openid' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        expect(e.code, `${action} as ${who ?? '(no identity)'}`).toBe(expected);
        expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(250);
    expect(await h.snapshot()).toEqual(before);
  });

  it('answers every read for everyone allowed', async () => {
    for (const [action, c] of Object.entries(CASES)) {
      if (c.mutates) continue;
      for (const who of PEOPLE) {
        if (!isAllowed(c, who)) continue;
        ok(await h.call(who, { action, payload: c.payload() }));
      }
    }
  });

  it('ran every query on an index', () => expectNoScans(h));
});
