import type { RoleGrant } from '../../contracts/common';
import type { Relation } from '../../contracts/identity';
import { addressKey, householdIdFor } from '../../server/identity/address';
import type { AddressDoc, HouseholdDoc, RegistrationDoc, UserDoc } from '../../server/identity/model';
import type { OrgUnitDoc } from '../../server/org/model';
import { sortKey } from '../../server/core/paging';
import { roleKeysOf } from '../../server/roles/grants';
import { searchTokens } from '../../server/privacy/phone';
import { PRIVACY_POLICY } from '../../server/privacy/policy';
import type { People } from './people';
import type { Random } from './random';

const DAY = 86_400_000;

export const REJECT_REASONS = [
  '房号与物业登记的信息不一致，请核对楼栋和房号后重新提交',
  '未能通过您填写的手机号联系到本人，请填写正确的手机号',
  '该房屋登记的业主不是您，请选择“租户”或“家庭成员”后重新提交',
];

export interface IdentitySeed {
  registrations: RegistrationDoc[];
  households: HouseholdDoc[];
}

interface Context {
  users: UserDoc[];
  units: Map<string, OrgUnitDoc>;
  courtyards: OrgUnitDoc[];
  /** The grid worker who decides registrations in a grid. */
  gridWorker: Map<string, string>;
  now: number;
  rnd: Random;
  people: People;
}

const pathOf = (cy: OrgUnitDoc) => [...cy.path, cy._id];
const placeOf = (cy: OrgUnitDoc) => ({
  communityId: cy.path[1] ?? '',
  gridId: cy.path[2] ?? '',
  microgridId: cy.path[3] ?? '',
  courtyardId: cy._id,
});

/** Everything identity adds to the people of the demo street: names, numbers, registrations and households. */
export function seedIdentities(c: Context): IdentitySeed {
  const { rnd, now } = c;
  const registrations: RegistrationDoc[] = [];
  const households = new Map<string, HouseholdDoc>();
  const byCourtyard = new Map<string, HouseholdDoc[]>();
  let regNo = 0;

  const randomAddress = (): AddressDoc => {
    const floor = rnd.int(1, 6);
    return { building: String(rnd.int(1, 6)), unit: String(rnd.int(1, 2)), room: `${floor}0${rnd.int(1, 2)}` };
  };

  const registration = (
    u: UserDoc,
    cy: OrgUnitDoc,
    address: AddressDoc,
    relation: Relation,
    submitted: number,
    init: Partial<RegistrationDoc>,
  ): RegistrationDoc => {
    regNo += 1;
    const _id = `rg-seed-${String(regNo).padStart(6, '0')}`;
    const reg: RegistrationDoc = {
      _id,
      openid: u._id,
      kind: 'new',
      status: 'pending',
      realName: u.realName ?? '',
      phone: u.phone ?? '',
      phoneVerified: regNo % 5 !== 0,
      relation,
      address,
      courtyardId: cy._id,
      place: placeOf(cy),
      orgPath: pathOf(cy),
      householdId: householdIdFor(cy._id, address),
      privacy: { version: PRIVACY_POLICY.version, agreedAt: new Date(submitted) },
      joinCode: null,
      submittedAt: new Date(submitted),
      queueKey: sortKey(submitted, _id),
      decidedAt: null,
      decidedBy: null,
      decidedVia: null,
      rejectReason: null,
      endedAt: null,
      replacesId: null,
      ...init,
    };
    registrations.push(reg);
    return reg;
  };

  const join = (u: UserDoc, reg: RegistrationDoc, floorArea: number | null): HouseholdDoc => {
    let h = households.get(reg.householdId);
    if (!h) {
      h = {
        _id: reg.householdId,
        courtyardId: reg.courtyardId,
        place: reg.place,
        orgPath: reg.orgPath,
        address: reg.address,
        addressKey: addressKey(reg.address, reg.householdId),
        floorArea,
        members: [],
        memberCount: 0,
        headOpenid: null,
        createdAt: reg.decidedAt ?? reg.submittedAt,
        updatedAt: reg.decidedAt ?? reg.submittedAt,
      };
      households.set(h._id, h);
      byCourtyard.set(reg.courtyardId, [...(byCourtyard.get(reg.courtyardId) ?? []), h]);
    }
    h.members.push({ openid: u._id, relation: reg.relation, since: reg.decidedAt ?? reg.submittedAt, registrationId: reg._id });
    h.memberCount = h.members.length;
    if (!h.headOpenid && reg.relation === 'owner') h.headOpenid = u._id;
    return h;
  };

  const decide = (cy: OrgUnitDoc, submitted: number) => ({
    decidedAt: new Date(Math.min(now - DAY / 24, submitted + rnd.int(1, 3) * DAY)),
    decidedBy: c.gridWorker.get(cy.path[2] ?? '') ?? 'demo-street-admin',
    decidedVia: 'staff' as const,
  });

  const settle = (u: UserDoc, reg: RegistrationDoc, h: HouseholdDoc) => {
    u.status = 'verified';
    u.householdId = h._id;
    u.registrationId = reg._id;
    u.address = reg.address;
    u.relation = reg.relation;
    u.privacy = reg.privacy;
    u.place = reg.place;
  };

  const area = () => (rnd.chance(0.85) ? rnd.int(90, 280) / 2 : null);

  for (const u of c.users) {
    u.realName = c.people.name();
    u.phone = c.people.residentPhone();
    u.phoneVerified = true;
    u.searchTokens = searchTokens(u.realName, u.phone);
    u.registrationId = null;
    u.pendingRegistrationId = null;
    u.householdId = null;
    const cy = u.place ? c.units.get(u.place.courtyardId) : undefined;
    if (!cy) {
      // Staff, merchants and guests without a home in the street: a name and a number, nothing else.
      if (u.status === 'guest') Object.assign(u, { realName: '', phone: '', phoneVerified: false, searchTokens: [] });
      continue;
    }
    const created = new Date(u.createdAt).getTime();
    u.place = placeOf(cy);

    if (u._id === 'demo-resident-002') {
      // The family member waiting for demo-resident-001, the head of the household, to confirm.
      const head = registrations.find((r) => r.openid === 'demo-resident-001');
      if (head) {
        const reg = registration(u, cy, head.address, 'family', now - 2 * DAY, {});
        u.pendingRegistrationId = reg._id;
        Object.assign(u, { address: reg.address, relation: reg.relation, privacy: reg.privacy });
        continue;
      }
    }

    if (u.status === 'pending') {
      const reg = registration(
        u,
        cy,
        randomAddress(),
        rnd.pick(['owner', 'tenant', 'family'] as const),
        now - rnd.int(1, 14) * DAY - rnd.int(0, 23) * 3_600_000,
        {},
      );
      u.pendingRegistrationId = reg._id;
      Object.assign(u, { address: reg.address, relation: reg.relation, privacy: reg.privacy });
    } else if (u.status === 'rejected') {
      const reg = registration(u, cy, randomAddress(), 'owner', created, {
        status: 'rejected',
        rejectReason: rnd.pick(REJECT_REASONS),
        ...decide(cy, created),
      });
      Object.assign(u, { address: reg.address, relation: reg.relation, privacy: reg.privacy });
    } else if (u.status === 'verified') {
      const movedHere = u._id === 'demo-resident-004' || (u._id.startsWith('demo-resident-') && rnd.chance(0.05));
      let replaces: RegistrationDoc | null = null;
      if (movedHere) {
        // Lived in another courtyard first; that registration ended when this one was verified.
        const before = c.courtyards[(c.courtyards.indexOf(cy) + 7) % c.courtyards.length] as OrgUnitDoc;
        const first = created - 200 * DAY;
        replaces = registration(u, before, randomAddress(), 'tenant', first, { status: 'moved', ...decide(before, first) });
      }
      const submitted = created;
      const existing = byCourtyard.get(cy._id) ?? [];
      const shared = u._id !== 'demo-resident-001' && existing.length > 0 && rnd.chance(0.35) ? rnd.pick(existing) : null;
      const relation: Relation = shared
        ? shared.headOpenid
          ? rnd.pick(['family', 'family', 'tenant'] as const)
          : 'owner'
        : rnd.chance(0.8)
          ? 'owner'
          : 'tenant';
      const address = u._id === 'demo-resident-001' ? { building: '3', unit: '2', room: '502' } : shared ? shared.address : randomAddress();
      const reg = registration(u, cy, address, relation, submitted, {
        status: 'verified',
        kind: replaces ? 'move' : 'new',
        replacesId: replaces?._id ?? null,
        ...decide(cy, submitted),
      });
      if (replaces) replaces.endedAt = reg.decidedAt;
      const h = join(u, reg, u._id === 'demo-resident-001' ? 89.5 : area());
      settle(u, reg, h);
      if (u._id === 'demo-resident-005') {
        // Verified here and asking to move to another courtyard: the move waits in the queue.
        const to = c.courtyards[(c.courtyards.indexOf(cy) + 1) % c.courtyards.length] as OrgUnitDoc;
        const move = registration(u, to, randomAddress(), 'owner', now - DAY, { kind: 'move', replacesId: reg._id });
        u.pendingRegistrationId = move._id;
      }
    }
  }
  for (const u of c.users) {
    const grants: RoleGrant[] = u.roles;
    if (u.status === 'verified' && u.place && !grants.some((g) => g.role === 'resident')) {
      u.roles = [{ role: 'resident', scopeType: 'courtyard', scopeId: u.place.courtyardId }, ...grants];
    }
    u.roleUnits = roleUnitsOf(u.roles, c.units);
    u.roleKeys = roleKeysOf(u.roles);
  }
  return { registrations, households: [...households.values()] };
}

function roleUnitsOf(grants: RoleGrant[], units: Map<string, OrgUnitDoc>): string[] {
  const out = new Set<string>();
  for (const g of grants) {
    if (g.role === 'resident') continue;
    const u = units.get(g.scopeId);
    for (const id of u ? [...u.path, u._id] : ['st-1', g.scopeId]) out.add(id);
  }
  return [...out];
}
