import type { RoleGrant } from '../../contracts/common';
import type { RegistrationDoc, UserDoc } from '../../server/identity/model';
import { JOIN_PAGE, sceneOf, type ContactsDoc, type JoinCodeDoc, type OrgUnitDoc } from '../../server/org/model';
import { sortKey } from '../../server/core/paging';
import type { AccessLogDoc } from '../../server/privacy/model';
import { maskPhone } from '../../server/privacy/phone';
import type { AuditDoc } from '../../server/roles/model';

const HOUR = 3_600_000;

interface LogContext {
  units: Map<string, OrgUnitDoc>;
  communities: OrgUnitDoc[];
  courtyards: OrgUnitDoc[];
  users: UserDoc[];
  registrations: RegistrationDoc[];
  contacts: ContactsDoc[];
  now: number;
}

const pathOf = (u: OrgUnitDoc | undefined, fallback: string) => (u ? [...u.path, u._id] : ['st-1', fallback]);

/**
 * Join codes, and a short history in the audit and access logs. Seeded codes carry no image
 * (the seed does not call WeChat); generating a code from the app makes a printable one.
 */
export function seedLogs(c: LogContext): { join_codes: JoinCodeDoc[]; audit_log: AuditDoc[]; pii_access_log: AccessLogDoc[] } {
  const join_codes: JoinCodeDoc[] = [];
  const code = (id: string, target: OrgUnitDoc, by: string, at: number, revoked = false) =>
    join_codes.push({
      _id: id,
      scene: sceneOf(id),
      page: JOIN_PAGE,
      targetType: target.type === 'community' ? 'community' : 'courtyard',
      targetId: target._id,
      orgPath: [...target.path, target._id],
      label: target.type === 'community' ? '社区服务中心海报' : '院落门口公告栏',
      fileId: '',
      createdBy: by,
      createdAt: new Date(at),
      sk: sortKey(at, id),
      revokedAt: revoked ? new Date(at + 24 * HOUR) : null,
      revokedBy: revoked ? by : null,
    });
  c.communities.forEach((cm, i) => {
    code(`DEMOC${i + 1}`, cm, `demo-community-${i + 1}`, c.now - (40 - i) * 24 * HOUR);
    const firstCourtyard = c.courtyards.find((cy) => cy.communityId === cm._id);
    if (firstCourtyard) code(`DEMOY${i + 1}`, firstCourtyard, `demo-community-${i + 1}`, c.now - (30 - i) * 24 * HOUR);
  });
  if (c.courtyards[1]) code('DEMOX1', c.courtyards[1], 'demo-community-1', c.now - 50 * 24 * HOUR, true);

  const audit_log: AuditDoc[] = [];
  let n = 0;
  type AuditInit = Omit<AuditDoc, '_id' | 'at' | 'sk' | 'detail' | 'reason' | 'role' | 'targetOpenid' | 'scopeType' | 'scopeId'> &
    Partial<Pick<AuditDoc, 'detail' | 'reason' | 'role' | 'targetOpenid' | 'scopeType' | 'scopeId'>>;
  const audit = (at: number, e: AuditInit) => {
    n += 1;
    const _id = `au-seed-${String(n).padStart(5, '0')}`;
    audit_log.push({
      _id,
      at: new Date(at),
      sk: sortKey(at, _id),
      reason: '',
      detail: {},
      role: null,
      targetOpenid: null,
      scopeType: null,
      scopeId: null,
      ...e,
    });
  };
  const grantedBy = (g: RoleGrant) => (g.role === 'volunteer' || g.role === 'property_manager' ? 'demo-community-1' : 'demo-street-admin');
  for (const u of c.users) {
    for (const g of u.roles) {
      if (g.role === 'resident' || u._id === 'demo-street-admin') continue;
      const unit = c.units.get(g.scopeId);
      audit(new Date(u.createdAt).getTime() + HOUR, {
        kind: 'role.grant',
        actorOpenid: grantedBy(g),
        targetOpenid: u._id,
        ...g,
        scopePath: pathOf(unit, g.scopeId),
        reason: '按社区工作安排授予',
        detail: { scopeName: unit?.name ?? g.scopeId },
      });
    }
  }
  // The decisions in the first courtyard: what its staff see in the audit log.
  const first = c.courtyards[0]?._id;
  for (const r of c.registrations.filter((x) => x.courtyardId === first && x.decidedAt)) {
    const at = new Date(r.decidedAt as Date).getTime();
    const detail = { address: `${r.address.building}栋${r.address.unit}单元${r.address.room}室`, registrationId: r._id };
    const common = {
      actorOpenid: r.decidedBy ?? 'demo-grid-01',
      targetOpenid: r.openid,
      scopeType: 'courtyard' as const,
      scopeId: r.courtyardId,
      scopePath: r.orgPath,
      detail,
    };
    if (r.status === 'rejected') audit(at, { kind: 'registration.reject', ...common, reason: r.rejectReason ?? '' });
    else {
      audit(at, { kind: 'registration.verify', ...common });
      audit(at, { kind: 'role.grant', ...common, role: 'resident', reason: '登记审核通过' });
    }
  }

  const pii_access_log: AccessLogDoc[] = [];
  let m = 0;
  const access = (at: number, e: Omit<AccessLogDoc, '_id' | 'at' | 'sk'>) => {
    m += 1;
    const _id = `pa-seed-${String(m).padStart(5, '0')}`;
    pii_access_log.push({ _id, at: new Date(at), sk: sortKey(at, _id), ...e });
  };
  const cy = c.courtyards[0];
  const grid = cy ? c.contacts.find((d) => d.unitId === cy.path[2] && d.section === 'grid') : undefined;
  const worker = grid?.people[0];
  if (cy && grid && worker) {
    access(c.now - 5 * 24 * HOUR, {
      purpose: 'whom_to_find',
      actorOpenid: 'demo-resident-001',
      subjectOpenid: worker.userId,
      subjectName: worker.name,
      subjectDuty: `${grid.name} ${worker.duty}`,
      subjectPhoneMasked: maskPhone(worker.phone),
      unitId: cy._id,
      unitName: cy.name,
      scopePath: [...cy.path, cy._id],
      basis: { role: 'resident', scopeType: 'courtyard', scopeId: cy._id },
      registrationId: null,
      personId: worker.id,
    });
  }
  for (const [openid, actor, basis] of [
    ['demo-resident-002', 'demo-community-1', { role: 'community_staff', scopeType: 'community', scopeId: 'cm-1' }],
    ['demo-resident-003', 'demo-grid-01', { role: 'grid_worker', scopeType: 'grid', scopeId: 'gd-1-1' }],
  ] as const) {
    const r = c.registrations.find((x) => x.openid === openid);
    if (!r) continue;
    access(new Date(r.submittedAt).getTime() + HOUR, {
      purpose: 'verify_registration',
      actorOpenid: actor,
      subjectOpenid: openid,
      subjectName: r.realName,
      subjectDuty: '登记居民',
      subjectPhoneMasked: maskPhone(r.phone),
      unitId: r.courtyardId,
      unitName: c.units.get(r.courtyardId)?.name ?? '',
      scopePath: r.orgPath,
      basis: { ...basis },
      registrationId: r._id,
      personId: null,
    });
  }
  return { join_codes, audit_log, pii_access_log };
}
