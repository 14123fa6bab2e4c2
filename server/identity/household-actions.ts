import { defineAction } from '../core/action';
import { checkText } from '../core/content-check';
import { collection, command, findById, findMany, patch, put, transact, txGet } from '../core/db';
import { AppError } from '../core/errors';
import { DEFAULT_PAGE, decodeCursor, pageOf } from '../core/paging';
import { loadUnits, placeView } from '../org/units';
import { maskName } from '../privacy/phone';
import { auditDoc, personNames, writeAudit } from '../roles/audit';
import { addressText, addressView } from './address';
import { rejectRegistration, roundArea, verifyRegistration } from './decide';
import { withoutMember } from './household-members';
import { meView } from './me-view';
import { HOUSEHOLDS, REGISTRATIONS, USERS, type HouseholdDoc, type RegistrationDoc, type UserDoc } from './model';
import { requireRegistration } from './review-actions';
import { queueItemView, queueItemViews } from './views';

const ms = (d: Date) => new Date(d).getTime();

const mine = defineAction({
  name: 'household.mine',
  access: 'registered',
  mutates: false,
  async handler(ctx) {
    const user = ctx.user as UserDoc;
    const household = user.householdId ? await findById<HouseholdDoc>(HOUSEHOLDS, user.householdId) : null;
    if (!household) return { household: null, pendingMembers: [] };
    const [units, names] = await Promise.all([loadUnits(household.orgPath), personNames(household.members.map((m) => m.openid))]);
    const isHead = household.headOpenid === user._id;
    const pending = isHead
      ? await findMany<RegistrationDoc>(
          collection(REGISTRATIONS)
            .where({ householdId: household._id, status: 'pending', relation: 'family' })
            .orderBy('queueKey', 'asc')
            .limit(20),
        )
      : [];
    return {
      household: {
        id: household._id,
        place: placeView(units, household.place),
        address: addressView(household.address),
        floorArea: household.floorArea,
        members: household.members.map((m) => ({
          userId: m.openid,
          // Members see each other's names masked; their own in full.
          name: m.openid === user._id ? names(m.openid) : maskName(names(m.openid)),
          relation: m.relation,
          isHead: m.openid === household.headOpenid,
          since: ms(m.since),
          isMe: m.openid === user._id,
        })),
      },
      pendingMembers: await queueItemViews(pending.filter((r) => r.openid !== user._id)),
    };
  },
});

/** The head of the household may decide a family member's registration into that household, and nothing else. */
async function asHead(openid: string, user: UserDoc, registrationId: string): Promise<RegistrationDoc> {
  const reg = await requireRegistration(registrationId);
  const household = await findById<HouseholdDoc>(HOUSEHOLDS, reg.householdId);
  if (!household || household.headOpenid !== openid || user.householdId !== household._id) {
    throw new AppError('FORBIDDEN', '只有该户户主可以确认家庭成员');
  }
  if (reg.openid === openid) throw new AppError('FORBIDDEN', '不能审核自己的登记');
  if (reg.relation !== 'family') throw new AppError('FORBIDDEN', '户主只能确认以家庭成员身份提交的登记，其他登记由社区审核');
  if (reg.status !== 'pending') throw new AppError('CONFLICT', '该登记已被处理，请刷新');
  return reg;
}

const approveMember = defineAction({
  name: 'household.approveMember',
  access: 'registered',
  mutates: true,
  async handler(ctx, input) {
    const reg = await asHead(ctx.openid, ctx.user as UserDoc, input.registrationId);
    return queueItemView(await verifyRegistration(ctx, reg._id, 'household_head'));
  },
});

const rejectMember = defineAction({
  name: 'household.rejectMember',
  access: 'registered',
  mutates: true,
  async handler(ctx, input) {
    const reg = await asHead(ctx.openid, ctx.user as UserDoc, input.registrationId);
    await checkText(ctx.openid, input.reason, 2, '原因未通过内容安全检测，请修改');
    return queueItemView(await rejectRegistration(ctx, reg._id, 'household_head', input.reason));
  },
});

const leave = defineAction({
  name: 'household.leave',
  access: 'registered',
  mutates: true,
  async handler(ctx) {
    const user = ctx.user as UserDoc;
    if (!user.householdId) throw new AppError('CONFLICT', '您尚未加入任何一户');
    const at = new Date(ctx.now());
    await transact(async (tx) => {
      const fresh = await txGet<UserDoc>(tx, USERS, user._id);
      if (!fresh?.householdId) throw new AppError('CONFLICT', '您尚未加入任何一户');
      const household = await txGet<HouseholdDoc>(tx, HOUSEHOLDS, fresh.householdId);
      if (household) await put(HOUSEHOLDS, household._id, { ...withoutMember(household, fresh._id, at) }, tx);
      if (fresh.registrationId) await patch(REGISTRATIONS, fresh.registrationId, { status: 'left', endedAt: at }, tx);
      const pending = fresh.pendingRegistrationId ? await txGet<RegistrationDoc>(tx, REGISTRATIONS, fresh.pendingRegistrationId) : null;
      const _ = command();
      const audits = [];
      const scopePath = household?.orgPath ?? [];
      for (const g of fresh.roles.filter((r) => r.role === 'resident')) {
        audits.push(
          auditDoc(at.getTime(), {
            kind: 'role.revoke',
            actorOpenid: fresh._id,
            targetOpenid: fresh._id,
            role: 'resident',
            scopeType: g.scopeType,
            scopeId: g.scopeId,
            scopePath,
            reason: '退出所在的户',
          }),
        );
      }
      if (household) {
        audits.push(
          auditDoc(at.getTime(), {
            kind: 'household.leave',
            actorOpenid: fresh._id,
            targetOpenid: fresh._id,
            scopeType: 'courtyard',
            scopeId: household.courtyardId,
            scopePath,
            detail: { address: addressText(household.address), householdId: household._id },
          }),
        );
      }
      // A pending move becomes the person's only registration: they wait for it as a newcomer would.
      await patch(
        USERS,
        fresh._id,
        {
          status: pending ? 'pending' : 'guest',
          householdId: null,
          registrationId: null,
          place: pending ? _.set(pending.place) : null,
          address: pending ? _.set(pending.address) : null,
          relation: pending ? pending.relation : null,
          roles: _.set(fresh.roles.filter((r) => r.role !== 'resident')),
          updatedAt: at,
        },
        tx,
      );
      if (pending) await patch(REGISTRATIONS, pending._id, { kind: 'new', replacesId: null }, tx);
      await writeAudit(audits, tx);
    });
    const updated = await findById<UserDoc>(USERS, user._id);
    if (!updated) throw new AppError('NOT_FOUND', '账号不存在');
    return meView(updated, false);
  },
});

const list = defineAction({
  name: 'household.list',
  access: ['grid_worker', 'community_staff', 'street_admin', 'property_manager'],
  scope: { type: 'courtyard', from: (input) => input.courtyardId },
  mutates: false,
  async handler(_ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const filter: Record<string, unknown> = { courtyardId: input.courtyardId };
    if (after) filter.addressKey = command().gt(after);
    const rows = await findMany<HouseholdDoc>(
      collection(HOUSEHOLDS)
        .where(filter)
        .orderBy('addressKey', 'asc')
        .limit(limit + 1),
    );
    const page = pageOf(rows, limit, (h) => h.addressKey);
    const names = await personNames(page.rows.map((h) => h.headOpenid));
    return {
      items: page.rows.map((h) => ({
        id: h._id,
        address: addressView(h.address),
        floorArea: h.floorArea,
        members: h.memberCount,
        headName: h.headOpenid ? names(h.headOpenid) : null,
      })),
      nextCursor: page.nextCursor,
    };
  },
});

async function householdCourtyard(input: { householdId: string }): Promise<string> {
  const h = await findById<HouseholdDoc>(HOUSEHOLDS, input.householdId);
  if (!h) throw new AppError('NOT_FOUND', '该户不存在');
  return h.courtyardId;
}

const setArea = defineAction({
  name: 'household.setArea',
  access: ['grid_worker', 'community_staff', 'street_admin'],
  scope: { type: 'courtyard', from: householdCourtyard },
  mutates: true,
  async handler(ctx, input) {
    const to = roundArea(input.floorArea);
    const at = ctx.now();
    await transact(async (tx) => {
      const h = await txGet<HouseholdDoc>(tx, HOUSEHOLDS, input.householdId);
      if (!h) throw new AppError('NOT_FOUND', '该户不存在');
      if (h.floorArea === to) return;
      await patch(HOUSEHOLDS, h._id, { floorArea: to, updatedAt: new Date(at) }, tx);
      await writeAudit(
        [
          auditDoc(at, {
            kind: 'household.setArea',
            actorOpenid: ctx.openid,
            scopeType: 'courtyard',
            scopeId: h.courtyardId,
            scopePath: h.orgPath,
            reason: input.reason ?? '',
            detail: { address: addressText(h.address), from: h.floorArea, to, householdId: h._id },
          }),
        ],
        tx,
      );
    });
    return { id: input.householdId, floorArea: to };
  },
});

export const householdActions = [mine, approveMember, rejectMember, leave, list, setArea];
