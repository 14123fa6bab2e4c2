import { defineAction } from '../core/action';
import { collection, findById, findMany } from '../core/db';
import { addressText } from '../identity/address';
import { HOUSEHOLDS, REGISTRATIONS, type HouseholdDoc, type RegistrationDoc, type UserDoc } from '../identity/model';
import { scopeLogPage } from '../core/paging';
import { loadUnits } from '../org/units';
import { AUDIT_LOG, type AuditDoc } from '../roles/model';
import { auditViews } from '../roles/audit';
import { scopeTargets } from '../roles/grants';
import { ORG_SCOPE_TYPES } from '../roles/matrix';
import { RELATION_NAMES } from '../roles/names';
import { accessViews } from './access-log';
import { deleteAccount } from './delete-account';
import { ACCESS_LOG, type AccessLogDoc } from './model';
import { PRIVACY_POLICY } from './policy';

const ms = (d: Date | null | undefined) => (d ? new Date(d).getTime() : null);
/** An export is for reading, not a database dump: the most recent 200 of each log is plenty, and says so by its size. */
const EXPORT_LOG_LIMIT = 200;

const policy = defineAction({
  name: 'privacy.policy',
  access: 'public',
  mutates: false,
  async handler() {
    return { ...PRIVACY_POLICY, points: [...PRIVACY_POLICY.points] };
  },
});

const accessLog = defineAction({
  name: 'privacy.accessLog',
  access: ['community_staff', 'street_admin'],
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.unitId },
  mutates: false,
  async handler(_ctx, input) {
    const page = await scopeLogPage<AccessLogDoc>(ACCESS_LOG, input);
    return { items: await accessViews(page.rows), nextCursor: page.nextCursor };
  },
});

const newest = <T>(name: string, filter: Record<string, unknown>) =>
  findMany<T>(collection(name).where(filter).orderBy('sk', 'desc').limit(EXPORT_LOG_LIMIT));

const exportMine = defineAction({
  name: 'me.export',
  access: 'registered',
  mutates: false,
  rateLimit: { max: 5, windowSeconds: 3600 },
  async handler(ctx) {
    const user = ctx.user as UserDoc;
    const me = user._id;
    const [regs, household, aboutMe, byMe, auditAsTarget, auditAsActor] = await Promise.all([
      findMany<RegistrationDoc>(collection(REGISTRATIONS).where({ openid: me }).orderBy('submittedAt', 'desc').limit(50)),
      user.householdId ? findById<HouseholdDoc>(HOUSEHOLDS, user.householdId) : Promise.resolve(null),
      newest<AccessLogDoc>(ACCESS_LOG, { subjectOpenid: me }),
      newest<AccessLogDoc>(ACCESS_LOG, { actorOpenid: me }),
      newest<AuditDoc>(AUDIT_LOG, { targetOpenid: me }),
      newest<AuditDoc>(AUDIT_LOG, { actorOpenid: me }),
    ]);
    const units = await loadUnits([...regs.map((r) => r.courtyardId), user.place?.courtyardId ?? '']);
    const audit = [...new Map([...auditAsTarget, ...auditAsActor].map((a) => [a._id, a])).values()].sort((a, b) => (a.sk < b.sk ? 1 : -1));
    const member = household?.members.find((m) => m.openid === me);
    const targets = await scopeTargets(user.roles);
    return {
      exportedAt: ctx.now(),
      profile: {
        userId: me,
        nickname: user.nickname,
        avatarFileId: user.avatarFileId,
        status: user.status,
        realName: user.realName ?? '',
        phone: user.phone ?? '',
        phoneVerified: !!user.phoneVerified,
        courtyard: user.place ? (units.get(user.place.courtyardId)?.name ?? '') : '',
        address: addressText(user.address),
        relation: user.relation ? RELATION_NAMES[user.relation] : '',
        privacyVersion: user.privacy?.version ?? '',
        privacyAgreedAt: ms(user.privacy?.agreedAt),
        createdAt: ms(user.createdAt) ?? 0,
        updatedAt: ms(user.updatedAt) ?? 0,
      },
      registrations: regs.map((r) => ({
        id: r._id,
        kind: r.kind,
        status: r.status,
        realName: r.realName,
        phone: r.phone,
        phoneVerified: r.phoneVerified,
        relation: RELATION_NAMES[r.relation],
        courtyard: units.get(r.courtyardId)?.name ?? '',
        address: addressText(r.address),
        privacyVersion: r.privacy.version,
        privacyAgreedAt: ms(r.privacy.agreedAt) ?? 0,
        submittedAt: ms(r.submittedAt) ?? 0,
        decidedAt: ms(r.decidedAt),
        rejectReason: r.rejectReason,
      })),
      household:
        household && member
          ? {
              id: household._id,
              courtyard: units.get(household.courtyardId)?.name ?? '',
              address: addressText(household.address),
              floorArea: household.floorArea,
              relation: RELATION_NAMES[member.relation],
              isHead: household.headOpenid === me,
              since: ms(member.since) ?? 0,
              members: household.memberCount,
            }
          : null,
      roles: user.roles.map((g) => ({ ...g, scopeName: targets.get(g.scopeId)?.name ?? g.scopeId })),
      accessesToMyData: await accessViews(aboutMe, { maskActors: true }),
      myAccesses: await accessViews(byMe),
      auditEntries: await auditViews(audit.slice(0, EXPORT_LOG_LIMIT)),
    };
  },
});

const remove = defineAction({
  name: 'me.deleteAccount',
  access: 'registered',
  mutates: true,
  rateLimit: { max: 3, windowSeconds: 3600 },
  handler: (ctx) => deleteAccount(ctx),
});

export const privacyActions = [policy, accessLog, exportMine, remove];
