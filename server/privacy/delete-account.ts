import { randomBytes } from 'node:crypto';
import type { Context } from '../core/context';
import { collection, command, count, findMany, patch, put, removeById, removeWhere, transact, txGet, updateWhere } from '../core/db';
import { AppError } from '../core/errors';
import { REQUESTS } from '../core/idempotency';
import { HOUSEHOLDS, REGISTRATIONS, USERS, type HouseholdDoc, type UserDoc } from '../identity/model';
import { withoutMember } from '../identity/household-members';
import { JOIN_CODES, ORG_CONTACTS, type ContactsDoc } from '../org/model';
import { orgPathOf, streetUnit } from '../org/units';
import { auditDoc, writeAudit } from '../roles/audit';
import { scopeTargets } from '../roles/grants';
import { AUDIT_LOG } from '../roles/model';
import { DELETED_USER_NAME } from '../roles/names';
import { REPORTS } from '../reports/model';
import { ACCESS_LOG } from './model';

/**
 * Records that must stay (audit and access logs, decided registrations, join codes) keep an
 * anonymous reference instead of the OPENID, and lose every personal field. Each step is an
 * idempotent where-update, run before the account itself goes, so an interrupted deletion is
 * finished by asking again.
 */
async function anonymise(openid: string, anonId: string): Promise<void> {
  const _ = command();
  await Promise.all([
    updateWhere(collection(REGISTRATIONS).where({ openid }), {
      openid: anonId,
      realName: '',
      phone: '',
      joinCode: null,
    }),
    updateWhere(collection(AUDIT_LOG).where({ actorOpenid: openid }), { actorOpenid: anonId }),
    updateWhere(collection(AUDIT_LOG).where({ targetOpenid: openid }), { targetOpenid: anonId }),
    updateWhere(collection(ACCESS_LOG).where({ actorOpenid: openid }), { actorOpenid: anonId }),
    updateWhere(collection(ACCESS_LOG).where({ subjectOpenid: openid }), {
      subjectOpenid: anonId,
      subjectName: DELETED_USER_NAME,
      subjectPhoneMasked: '',
    }),
    updateWhere(collection(JOIN_CODES).where({ createdBy: openid }), { createdBy: anonId }),
    updateWhere(collection(JOIN_CODES).where({ revokedBy: openid }), { revokedBy: anonId }),
    // Reports stay (the street's record of its cases) without the person: no OPENID, name or phone.
    updateWhere(collection(REPORTS).where({ reporterOpenid: openid }), {
      reporterOpenid: anonId,
      reporterName: DELETED_USER_NAME,
      reporterPhone: null,
    }),
  ]);
  // A responsible person linked to the account stays listed (staff entered them) but is no longer linked.
  const linked = await findMany<ContactsDoc>(collection(ORG_CONTACTS).where({ 'people.userId': openid }).limit(100));
  for (const doc of linked) {
    await patch(ORG_CONTACTS, doc._id, { people: _.set(doc.people.map((p) => (p.userId === openid ? { ...p, userId: null } : p))) });
  }
}

export async function deleteAccount(ctx: Context): Promise<{ deleted: true; revokedRoles: number }> {
  const user = ctx.user as UserDoc;
  const street = await streetUnit();
  if (user.roles.some((g) => g.role === 'street_admin')) {
    const admins = await count(collection(USERS).where({ roleUnits: street._id, 'roles.role': 'street_admin' }));
    if (admins <= 1) throw new AppError('CONFLICT', '您是唯一的街道管理员，请先把街道管理员角色授予他人再注销');
  }
  const anonId = user.anonId ?? `anon-${randomBytes(12).toString('base64url')}`;
  if (!user.anonId) await patch(USERS, user._id, { anonId });
  await anonymise(user._id, anonId);

  const targets = await scopeTargets(user.roles);
  const at = new Date(ctx.now());
  const revoked = await transact(async (tx) => {
    const fresh = await txGet<UserDoc>(tx, USERS, user._id);
    if (!fresh) return 0;
    if (fresh.householdId) {
      const household = await txGet<HouseholdDoc>(tx, HOUSEHOLDS, fresh.householdId);
      if (household) await put(HOUSEHOLDS, household._id, { ...withoutMember(household, fresh._id, at) }, tx);
    }
    if (fresh.registrationId) await patch(REGISTRATIONS, fresh.registrationId, { status: 'left', endedAt: at }, tx);
    if (fresh.pendingRegistrationId) await patch(REGISTRATIONS, fresh.pendingRegistrationId, { status: 'withdrawn', decidedAt: at }, tx);
    const audits = fresh.roles.map((g) => {
      const t = targets.get(g.scopeId);
      return auditDoc(at.getTime(), {
        kind: 'role.revoke',
        actorOpenid: anonId,
        targetOpenid: anonId,
        ...g,
        scopePath: t ? orgPathOf(t) : [g.scopeId],
        reason: '注销账号',
        detail: { scopeName: t?.name ?? g.scopeId },
      });
    });
    const home = fresh.place
      ? [street._id, fresh.place.communityId, fresh.place.gridId, fresh.place.microgridId ?? '', fresh.place.courtyardId].filter(Boolean)
      : [street._id];
    audits.push(
      auditDoc(at.getTime(), {
        kind: 'account.delete',
        actorOpenid: anonId,
        targetOpenid: anonId,
        scopePath: home,
        reason: '本人申请注销',
      }),
    );
    await writeAudit(audits, tx);
    // The users document holds every personal field: removing it erases them, and a later visit starts afresh as a guest.
    await removeById(USERS, fresh._id, tx);
    return fresh.roles.length;
  });
  // Earlier replies kept for retries may hold the person's own data (an export, a registration).
  await removeWhere(collection(REQUESTS).where({ openid: user._id }));
  return { deleted: true, revokedRoles: revoked };
}
