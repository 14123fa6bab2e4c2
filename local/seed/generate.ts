import type { RoleGrant } from '../../contracts/common';
import type { HouseholdDoc, RegistrationDoc, UserDoc, UserStatus } from '../../server/identity/model';
import type { ContactsDoc, JoinCodeDoc, OrgUnitDoc } from '../../server/org/model';
import type { AccessLogDoc } from '../../server/privacy/model';
import type { AuditDoc } from '../../server/roles/model';
import type { ReportDoc } from '../../server/reports/model';
import type { ServiceEntryDoc } from '../../server/services/model';
import type { VolunteerTeamDoc } from '../../server/volunteer/model';
import { COMMUNITY_NAMES, COURTYARD_STEMS, COURTYARD_SUFFIXES, NICK_NOUNS, NICK_PREFIXES, STREET_NAME } from './names';
import { seedContacts } from './contacts';
import { seedIdentities } from './identity';
import { seedLogs } from './logs';
import { People } from './people';
import { Random } from './random';
import { seedDemoReports } from './reports';
import { SERVICE_CATALOGUE } from './service-catalogue';

export interface SeedOptions {
  /** 0 = the demo street (~200 residents); n ≥ 1 = benchmark volume (40k·n residents, 1.5k·n courtyards). */
  scale: number;
  /** Reference time; generated dates fall in the half year before it. */
  now: number;
  seed?: number;
}

export interface SeedData {
  org_units: OrgUnitDoc[];
  users: UserDoc[];
  service_entries: ServiceEntryDoc[];
  volunteer_teams: VolunteerTeamDoc[];
  registrations: RegistrationDoc[];
  households: HouseholdDoc[];
  org_contacts: ContactsDoc[];
  join_codes: JoinCodeDoc[];
  audit_log: AuditDoc[];
  pii_access_log: AccessLogDoc[];
  /** The demo street's 40 reports; benchmark volume is streamed by the CLI (volumeReports), not held here. */
  reports: ReportDoc[];
}

const DAY = 86_400_000;

function shape(scale: number) {
  if (scale <= 0) return { communities: 3, gridsPer: 4, microgridsPer: 2, courtyardsPer: 3, residents: 200 };
  const communities = Math.max(3, Math.round(6 * scale));
  const courtyardsPer = Math.ceil((1500 * scale) / (communities * 4 * 2));
  return { communities, gridsPer: 4, microgridsPer: 2, courtyardsPer, residents: Math.round(40_000 * scale) };
}

/**
 * The fictional street: org tree, people in every registration state (with their registrations and
 * households), the three-in-one records, join codes, services, volunteer teams and a short log history.
 */
export function generateSeed(options: SeedOptions): SeedData {
  const rnd = new Random(options.seed ?? 20261128);
  const s = shape(options.scale);
  const at = (daysAgo: number) => new Date(options.now - daysAgo * DAY);
  const units: OrgUnitDoc[] = [];
  const street: OrgUnitDoc = { _id: 'st-1', type: 'street', name: STREET_NAME, parentId: null, path: [], communityId: null, sort: 0 };
  units.push(street);

  const courtyards: OrgUnitDoc[] = [];
  const grids: OrgUnitDoc[] = [];
  const communities: OrgUnitDoc[] = [];
  let courtyardNo = 0;
  for (let c = 1; c <= s.communities; c++) {
    const cm: OrgUnitDoc = {
      _id: `cm-${c}`,
      type: 'community',
      name:
        COMMUNITY_NAMES[(c - 1) % COMMUNITY_NAMES.length] + (c > COMMUNITY_NAMES.length ? `${Math.ceil(c / COMMUNITY_NAMES.length)}` : ''),
      parentId: street._id,
      path: [street._id],
      communityId: `cm-${c}`,
      sort: c,
    };
    communities.push(cm);
    for (let g = 1; g <= s.gridsPer; g++) {
      const gd: OrgUnitDoc = {
        _id: `gd-${c}-${g}`,
        type: 'grid',
        name: `第${g}网格`,
        parentId: cm._id,
        path: [street._id, cm._id],
        communityId: cm._id,
        sort: g,
      };
      grids.push(gd);
      for (let m = 1; m <= s.microgridsPer; m++) {
        const mg: OrgUnitDoc = {
          _id: `mg-${c}-${g}-${m}`,
          type: 'microgrid',
          name: `第${g}-${m}微网格`,
          parentId: gd._id,
          path: [street._id, cm._id, gd._id],
          communityId: cm._id,
          sort: m,
        };
        units.push(mg);
        for (let y = 1; y <= s.courtyardsPer; y++) {
          const stem = COURTYARD_STEMS[courtyardNo % COURTYARD_STEMS.length];
          const suffix = COURTYARD_SUFFIXES[Math.floor(courtyardNo / COURTYARD_STEMS.length) % COURTYARD_SUFFIXES.length];
          const round = Math.floor(courtyardNo / (COURTYARD_STEMS.length * COURTYARD_SUFFIXES.length));
          courtyardNo++;
          courtyards.push({
            _id: `cy-${c}-${g}-${m}-${y}`,
            type: 'courtyard',
            name: `${stem}${suffix}${round > 0 ? `${round + 1}期` : ''}`,
            parentId: mg._id,
            path: [street._id, cm._id, gd._id, mg._id],
            communityId: cm._id,
            sort: y,
          });
        }
      }
    }
  }
  units.push(...communities, ...grids, ...courtyards);

  const users: UserDoc[] = [];
  const placeOf = (cy: OrgUnitDoc) => ({ communityId: cy.path[1] as string, gridId: cy.path[2] as string, courtyardId: cy._id });
  const person = (openid: string, status: UserStatus, roles: RoleGrant[], cy: OrgUnitDoc | null, daysAgo: number): UserDoc => ({
    _id: openid,
    nickname: `${rnd.pick(NICK_PREFIXES)}${rnd.pick(NICK_NOUNS)}`,
    avatarFileId: '',
    status,
    roles: status === 'verified' && cy ? [{ role: 'resident', scopeType: 'courtyard', scopeId: cy._id }, ...roles] : roles,
    place: cy && status !== 'guest' ? placeOf(cy) : null,
    createdAt: at(daysAgo),
    updatedAt: at(Math.max(0, daysAgo - rnd.int(0, 10))),
  });

  // Residents: mostly verified, some waiting, a few refused or never registered.
  for (let i = 1; i <= s.residents; i++) {
    const openid = `demo-resident-${String(i).padStart(3, '0')}`;
    // 1 verified head of a household, 2 a family member waiting for 1, 3 rejected, 4 moved here, 5 asking to move.
    const fixed: Record<number, UserStatus> = { 1: 'verified', 2: 'pending', 3: 'rejected', 4: 'verified', 5: 'verified' };
    const r = rnd.next();
    const status: UserStatus = fixed[i] ?? (r < 0.7 ? 'verified' : r < 0.85 ? 'pending' : r < 0.95 ? 'guest' : 'rejected');
    const cy = i <= 3 ? (courtyards[0] as OrgUnitDoc) : rnd.pick(courtyards);
    users.push(person(openid, status, [], cy, rnd.int(1, 180)));
  }
  users.push(person('demo-guest', 'guest', [], null, 1));
  users.push(
    person('demo-volunteer-1', 'verified', [{ role: 'volunteer', scopeType: 'community', scopeId: 'cm-1' }], courtyards[1] ?? null, 120),
  );
  users.push(person('demo-street-admin', 'verified', [{ role: 'street_admin', scopeType: 'street', scopeId: street._id }], null, 180));
  communities.forEach((cm, i) => {
    users.push(
      person(`demo-community-${i + 1}`, 'verified', [{ role: 'community_staff', scopeType: 'community', scopeId: cm._id }], null, 170),
    );
  });
  grids.forEach((gd, i) => {
    const roles: RoleGrant[] = [{ role: 'grid_worker', scopeType: 'grid', scopeId: gd._id }];
    if (i === 0) roles.push({ role: 'volunteer', scopeType: 'community', scopeId: gd.path[1] as string });
    users.push(person(`demo-grid-${String(i + 1).padStart(2, '0')}`, 'verified', roles, null, 160));
  });
  users.push(
    person(
      'demo-property-1',
      'verified',
      courtyards.slice(0, 4).map((cy) => ({ role: 'property_manager' as const, scopeType: 'courtyard' as const, scopeId: cy._id })),
      null,
      150,
    ),
  );
  users.push(person('demo-merchant-1', 'verified', [{ role: 'merchant', scopeType: 'merchant', scopeId: 'mc-1' }], null, 90));
  users.push(person('demo-merchant-2', 'verified', [{ role: 'merchant', scopeType: 'merchant', scopeId: 'mc-2' }], null, 60));

  const service_entries: ServiceEntryDoc[] = SERVICE_CATALOGUE.map((e, i) => ({ _id: `sv-${i + 1}`, ...e, sort: i }));

  const teams: VolunteerTeamDoc[] = [
    {
      _id: 'vt-st-1',
      level: 'detachment',
      name: `${STREET_NAME}志愿服务支队`,
      parentId: null,
      orgUnitId: street._id,
      communityId: null,
      leaderName: '周德华',
      memberCount: 0,
      sort: 0,
    },
  ];
  communities.forEach((cm, ci) => {
    teams.push({
      _id: `vt-${cm._id}`,
      level: 'squad',
      name: `${cm.name}志愿服务分队`,
      parentId: 'vt-st-1',
      orgUnitId: cm._id,
      communityId: cm._id,
      leaderName: `${rnd.pick(['王', '李', '陈'])}${rnd.pick(['秀英', '建国', '春梅'])}`,
      memberCount: 0,
      sort: ci,
    });
  });
  courtyards
    .filter((_, i) => i % 2 === 0)
    .forEach((cy, i) => {
      teams.push({
        _id: `vt-${cy._id}`,
        level: 'team',
        name: `${cy.name}志愿小队`,
        parentId: `vt-${cy.path[1]}`,
        orgUnitId: cy._id,
        communityId: cy.path[1] as string,
        leaderName: `${rnd.pick(['刘', '赵', '黄'])}${rnd.pick(['玉梅', '国庆', '淑芬'])}`,
        memberCount: rnd.int(4, 18),
        sort: i,
      });
    });

  // Identity data draws from its own generator, so adding to it never reshuffles the people above.
  const idRnd = new Random((options.seed ?? 20261128) + 1);
  const people = new People(idRnd);
  const unitsById = new Map(units.map((u) => [u._id, u]));
  const gridWorkers = new Map<string, UserDoc>();
  for (const u of users) for (const g of u.roles) if (g.role === 'grid_worker') gridWorkers.set(g.scopeId, u);
  const gridWorker = new Map([...gridWorkers].map(([gridId, u]) => [gridId, u._id]));
  const { registrations, households } = seedIdentities({
    users,
    units: unitsById,
    courtyards,
    gridWorker,
    now: options.now,
    rnd: idRnd,
    people,
  });
  const org_contacts = seedContacts(units, gridWorkers, people, options.now);
  const logs = seedLogs({ units: unitsById, communities, courtyards, users, registrations, contacts: org_contacts, now: options.now });

  // Reports draw from their own generator too (seed + 2).
  const reports =
    options.scale <= 0 ? seedDemoReports({ users, units: unitsById, now: options.now, seed: (options.seed ?? 20261128) + 2 }) : [];

  return { org_units: units, users, service_entries, volunteer_teams: teams, registrations, households, org_contacts, ...logs, reports };
}
