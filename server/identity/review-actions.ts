import type { Role } from '../../contracts/common';
import { defineAction } from '../core/action';
import { checkText } from '../core/content-check';
import { collection, command, count, findById, findMany } from '../core/db';
import { AppError } from '../core/errors';
import { ORG_SCOPE_TYPES, coveringGrant } from '../roles/matrix';
import { DEFAULT_PAGE, decodeCursor, pageOf } from '../core/paging';
import { loadUnits, placeIds, placeView, requireCourtyard } from '../org/units';
import { logAccess } from '../privacy/access-log';
import { maskPhone } from '../privacy/phone';
import { addressView } from './address';
import { rejectRegistration, verifyRegistration } from './decide';
import { REGISTRATIONS, USERS, type RegistrationDoc, type UserDoc } from './model';
import { householdsById, queueItemView, queueItemViews } from './views';

/** Who decides registrations: the grid worker of the courtyard's grid, its community's staff, the street. */
export const REVIEWERS: readonly Role[] = ['grid_worker', 'community_staff', 'street_admin'];

export async function requireRegistration(id: string): Promise<RegistrationDoc> {
  const reg = await findById<RegistrationDoc>(REGISTRATIONS, id);
  if (!reg) throw new AppError('NOT_FOUND', '登记不存在');
  return reg;
}

/** The scope of a decision is the courtyard the registration names. */
const registrationScope = {
  type: 'courtyard' as const,
  from: async (input: { registrationId: string }) => (await requireRegistration(input.registrationId)).courtyardId,
};

const queue = defineAction({
  name: 'registration.queue',
  access: REVIEWERS,
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.unitId },
  mutates: false,
  async handler(_ctx, input) {
    const status = input.status ?? 'pending';
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const _ = command();
    // Waiting registrations oldest first (fairness); decided ones newest first (what just happened).
    const ascending = status === 'pending';
    const filter: Record<string, unknown> = { orgPath: input.unitId, status };
    if (after) filter.queueKey = ascending ? _.gt(after) : _.lt(after);
    const [rows, pending, verified, rejected] = await Promise.all([
      findMany<RegistrationDoc>(
        collection(REGISTRATIONS)
          .where(filter)
          .orderBy('queueKey', ascending ? 'asc' : 'desc')
          .limit(limit + 1),
      ),
      count(collection(REGISTRATIONS).where({ orgPath: input.unitId, status: 'pending' })),
      count(collection(REGISTRATIONS).where({ orgPath: input.unitId, status: 'verified' })),
      count(collection(REGISTRATIONS).where({ orgPath: input.unitId, status: 'rejected' })),
    ]);
    const page = pageOf(rows, limit, (r) => r.queueKey);
    return { items: await queueItemViews(page.rows), nextCursor: page.nextCursor, counts: { pending, verified, rejected } };
  },
});

const get = defineAction({
  name: 'registration.get',
  access: REVIEWERS,
  scope: registrationScope,
  mutates: false,
  rateLimit: { max: 200, windowSeconds: 3600 },
  async handler(ctx, input) {
    const reg = await requireRegistration(input.registrationId);
    const courtyard = await requireCourtyard(reg.courtyardId);
    const basis = coveringGrant(ctx.user?.roles, REVIEWERS, courtyard);
    if (!basis) throw new AppError('FORBIDDEN', '该操作超出了您的管理范围');
    const [item] = await queueItemViews([reg]);
    const applicant = await findById<UserDoc>(USERS, reg.openid);
    const current =
      reg.kind === 'move' && applicant?.place && applicant.registrationId
        ? await findById<RegistrationDoc>(REGISTRATIONS, applicant.registrationId)
        : null;
    const [units, households] = await Promise.all([loadUnits(placeIds(current?.place)), householdsById([reg.householdId])]);
    // The number is shown in full to the person deciding: that is an access to personal data, logged first.
    await logAccess(ctx.now(), {
      purpose: 'verify_registration',
      actorOpenid: ctx.openid,
      subjectOpenid: reg.openid,
      subjectName: reg.realName,
      subjectDuty: '登记居民',
      subjectPhoneMasked: maskPhone(reg.phone),
      unitId: courtyard._id,
      unitName: courtyard.name,
      scopePath: reg.orgPath,
      basis,
      registrationId: reg._id,
    });
    return {
      ...(item as NonNullable<typeof item>),
      phone: reg.phone,
      householdId: reg.householdId,
      floorArea: households.get(reg.householdId)?.floorArea ?? null,
      currentPlace: current ? { ...placeView(units, current.place), address: addressView(current.address) } : null,
    };
  },
});

const verify = defineAction({
  name: 'registration.verify',
  access: REVIEWERS,
  scope: registrationScope,
  mutates: true,
  async handler(ctx, input) {
    const reg = await requireRegistration(input.registrationId);
    if (reg.openid === ctx.openid) throw new AppError('FORBIDDEN', '不能审核自己的登记');
    return queueItemView(await verifyRegistration(ctx, reg._id, 'staff', input.floorArea));
  },
});

const reject = defineAction({
  name: 'registration.reject',
  access: REVIEWERS,
  scope: registrationScope,
  mutates: true,
  async handler(ctx, input) {
    const reg = await requireRegistration(input.registrationId);
    if (reg.openid === ctx.openid) throw new AppError('FORBIDDEN', '不能审核自己的登记');
    if (reg.status !== 'pending') throw new AppError('CONFLICT', '该登记已被处理，请刷新');
    // The resident reads the reason: it is checked like any text shown to someone else.
    await checkText(ctx.openid, input.reason, 2, '原因未通过内容安全检测，请修改');
    return queueItemView(await rejectRegistration(ctx, reg._id, 'staff', input.reason));
  },
});

export const reviewActions = [queue, get, verify, reject];
