import type { RoleGrant } from '../../contracts/common';
import type { Context } from '../core/context';
import { command, patch, put, transact, txGet, type Transaction } from '../core/db';
import { AppError } from '../core/errors';
import { placeIds } from '../org/units';
import { auditDoc, writeAudit } from '../roles/audit';
import { searchTokens } from '../privacy/phone';
import { addressKey, addressText } from './address';
import { withMembers, withoutMember } from './household-members';
import { HOUSEHOLDS, REGISTRATIONS, USERS, type DecidedVia, type HouseholdDoc, type RegistrationDoc, type UserDoc } from './model';

const ALREADY_DECIDED = '该登记已被处理，请刷新';

async function pendingRegistration(tx: Transaction, id: string): Promise<RegistrationDoc> {
  const reg = await txGet<RegistrationDoc>(tx, REGISTRATIONS, id);
  if (!reg) throw new AppError('NOT_FOUND', '登记不存在');
  if (reg.status !== 'pending') throw new AppError('CONFLICT', ALREADY_DECIDED);
  return reg;
}

function emptyHousehold(reg: RegistrationDoc, at: Date): HouseholdDoc {
  return {
    _id: reg.householdId,
    courtyardId: reg.courtyardId,
    place: reg.place,
    orgPath: reg.orgPath,
    address: reg.address,
    addressKey: addressKey(reg.address, reg.householdId),
    floorArea: null,
    members: [],
    memberCount: 0,
    headOpenid: null,
    createdAt: at,
    updatedAt: at,
  };
}

export const roundArea = (n: number) => Math.round(n * 100) / 100;

/**
 * Verification, in one transaction: the registration is verified, the person joins the room's
 * household (created on first use), leaves their old one if this is a move, and holds `resident`
 * on the new courtyard instead of the old; every change of role is audited.
 */
export async function verifyRegistration(ctx: Context, id: string, via: DecidedVia, floorArea?: number): Promise<RegistrationDoc> {
  const at = new Date(ctx.now());
  return transact(async (tx) => {
    const reg = await pendingRegistration(tx, id);
    const user = await txGet<UserDoc>(tx, USERS, reg.openid);
    if (!user) throw new AppError('CONFLICT', '该用户已注销账号');
    const audits = [];
    const scope = { scopeType: 'courtyard' as const, scopeId: reg.courtyardId, scopePath: reg.orgPath };

    // Leave the old home first (a move, or a new relation within the same room).
    if (user.householdId) {
      const old = await txGet<HouseholdDoc>(tx, HOUSEHOLDS, user.householdId);
      if (old && old._id !== reg.householdId) await put(HOUSEHOLDS, old._id, { ...withoutMember(old, user._id, at) }, tx);
    }
    if (user.registrationId && user.registrationId !== reg._id) {
      await patch(REGISTRATIONS, user.registrationId, { status: 'moved', endedAt: at }, tx);
    }

    const existing = (await txGet<HouseholdDoc>(tx, HOUSEHOLDS, reg.householdId)) ?? emptyHousehold(reg, at);
    const members = existing.members.filter((m) => m.openid !== user._id);
    members.push({ openid: user._id, relation: reg.relation, since: at, registrationId: reg._id });
    const household = withMembers(existing, members, at);
    if (floorArea !== undefined) {
      const to = roundArea(floorArea);
      if (household.floorArea !== to) {
        audits.push(
          auditDoc(at.getTime(), {
            kind: 'household.setArea',
            actorOpenid: ctx.openid,
            ...scope,
            detail: { address: addressText(reg.address), from: household.floorArea, to, householdId: household._id },
          }),
        );
      }
      household.floorArea = to;
    }
    await put(HOUSEHOLDS, household._id, { ...household }, tx);

    const oldResident = user.roles.filter((g) => g.role === 'resident');
    const grant: RoleGrant = { role: 'resident', scopeType: 'courtyard', scopeId: reg.courtyardId };
    const roles = [...user.roles.filter((g) => g.role !== 'resident'), grant];
    // The old home's path, so staff there see the resident leave in their audit log.
    const oldPath = user.place ? [reg.orgPath[0] ?? '', ...placeIds(user.place)] : [];
    for (const g of oldResident.filter((g) => g.scopeId !== reg.courtyardId)) {
      audits.push(
        auditDoc(at.getTime(), {
          kind: 'role.revoke',
          actorOpenid: ctx.openid,
          targetOpenid: user._id,
          role: 'resident',
          scopeType: g.scopeType,
          scopeId: g.scopeId,
          scopePath: g.scopeId === user.place?.courtyardId ? oldPath : [g.scopeId],
          reason: '搬家：新的登记已通过审核',
        }),
      );
    }
    if (!oldResident.some((g) => g.scopeId === reg.courtyardId)) {
      audits.push(
        auditDoc(at.getTime(), {
          kind: 'role.grant',
          actorOpenid: ctx.openid,
          targetOpenid: user._id,
          role: 'resident',
          ...scope,
          reason: '登记审核通过',
        }),
      );
    }
    audits.push(
      auditDoc(at.getTime(), {
        kind: 'registration.verify',
        actorOpenid: ctx.openid,
        targetOpenid: user._id,
        ...scope,
        reason: via === 'household_head' ? '户主确认' : '',
        detail: { address: addressText(reg.address), registrationId: reg._id },
      }),
    );

    const _ = command();
    await patch(
      USERS,
      user._id,
      {
        status: 'verified',
        realName: reg.realName,
        phone: reg.phone,
        phoneVerified: reg.phoneVerified,
        place: _.set(reg.place),
        address: _.set(reg.address),
        relation: reg.relation,
        householdId: reg.householdId,
        registrationId: reg._id,
        pendingRegistrationId: null,
        privacy: _.set(reg.privacy),
        searchTokens: _.set(searchTokens(reg.realName, reg.phone)),
        roles: _.set(roles),
        updatedAt: at,
      },
      tx,
    );
    const decided = { status: 'verified' as const, decidedAt: at, decidedBy: ctx.openid, decidedVia: via };
    await patch(REGISTRATIONS, reg._id, decided, tx);
    await writeAudit(audits, tx);
    return { ...reg, ...decided };
  });
}

/** Rejection: the resident sees the reason and may correct and resubmit; someone moving stays where they are. */
export async function rejectRegistration(ctx: Context, id: string, via: DecidedVia, reason: string): Promise<RegistrationDoc> {
  const at = new Date(ctx.now());
  return transact(async (tx) => {
    const reg = await pendingRegistration(tx, id);
    const user = await txGet<UserDoc>(tx, USERS, reg.openid);
    const decided = { status: 'rejected' as const, decidedAt: at, decidedBy: ctx.openid, decidedVia: via, rejectReason: reason };
    await patch(REGISTRATIONS, reg._id, decided, tx);
    if (user && user.pendingRegistrationId === reg._id) {
      await patch(
        USERS,
        user._id,
        { pendingRegistrationId: null, updatedAt: at, ...(user.registrationId ? {} : { status: 'rejected' }) },
        tx,
      );
    }
    await writeAudit(
      [
        auditDoc(at.getTime(), {
          kind: 'registration.reject',
          actorOpenid: ctx.openid,
          targetOpenid: reg.openid,
          scopeType: 'courtyard',
          scopeId: reg.courtyardId,
          scopePath: reg.orgPath,
          reason,
          detail: { address: addressText(reg.address), registrationId: reg._id },
        }),
      ],
      tx,
    );
    return { ...reg, ...decided };
  });
}
