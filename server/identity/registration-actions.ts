import { defineAction } from '../core/action';
import { collection, command, findById, findMany, patch, put, transact, txGet } from '../core/db';
import { AppError } from '../core/errors';
import { newId, sortKey } from '../core/paging';
import { placeOfCourtyard, requireCourtyard, orgPathOf } from '../org/units';
import { searchTokens } from '../privacy/phone';
import { PRIVACY_POLICY } from '../privacy/policy';
import { householdIdFor, normalizeAddress } from './address';
import { REGISTRATIONS, USERS, type RegistrationDoc, type UserDoc } from './model';
import { exchangePhoneCode } from './phone-exchange';
import { myRegistrationViews } from './views';

const PENDING_EXISTS = '您已有一条待审核的登记，请等待审核，或撤回后重新提交';

const submit = defineAction({
  name: 'registration.submit',
  access: 'registered',
  mutates: true,
  rateLimit: { max: 5, windowSeconds: 3600 },
  async handler(ctx, input) {
    const user = ctx.user as UserDoc;
    if (input.privacyVersion !== PRIVACY_POLICY.version) {
      throw new AppError('VALIDATION_FAILED', '隐私政策已更新，请重新阅读并同意', [
        { path: 'privacyVersion', message: '隐私政策已更新，请重新阅读并同意' },
      ]);
    }
    if (user.pendingRegistrationId) throw new AppError('CONFLICT', PENDING_EXISTS);
    const address = normalizeAddress(input.address);
    if (!address.building || !address.room) {
      throw new AppError('VALIDATION_FAILED', undefined, [
        { path: address.building ? 'address.room' : 'address.building', message: '请填写完整的楼栋和房号' },
      ]);
    }
    const courtyard = await requireCourtyard(input.courtyardId);
    const householdId = householdIdFor(courtyard._id, address);
    const moving = user.status === 'verified' && !!user.registrationId;
    if (moving && user.householdId === householdId && user.relation === input.relation) {
      throw new AppError('CONFLICT', '您已是该户的认证居民，无需重复登记');
    }
    const phone = input.phoneCode !== undefined ? await exchangePhoneCode(input.phoneCode) : (input.phone as string);
    const phoneVerified = input.phoneCode !== undefined;

    const at = ctx.now();
    const id = newId('rg');
    const place = placeOfCourtyard(courtyard);
    const privacy = { version: input.privacyVersion, agreedAt: new Date(at) };
    const reg: RegistrationDoc = {
      _id: id,
      openid: ctx.openid,
      kind: moving ? 'move' : 'new',
      status: 'pending',
      realName: input.realName,
      phone,
      phoneVerified,
      relation: input.relation,
      address,
      courtyardId: courtyard._id,
      place,
      orgPath: orgPathOf(courtyard),
      householdId,
      privacy,
      joinCode: input.joinCode || null,
      submittedAt: new Date(at),
      queueKey: sortKey(at, id),
      decidedAt: null,
      decidedBy: null,
      decidedVia: null,
      rejectReason: null,
      endedAt: null,
      replacesId: moving ? (user.registrationId ?? null) : null,
      statusBefore: user.status,
    };
    await transact(async (tx) => {
      const fresh = await txGet<UserDoc>(tx, USERS, ctx.openid);
      if (!fresh) throw new AppError('UNAUTHENTICATED', '请先进入小程序完成登录');
      if (fresh.pendingRegistrationId) throw new AppError('CONFLICT', PENDING_EXISTS);
      await put(REGISTRATIONS, id, { ...reg }, tx);
      const _ = command();
      const changes: Record<string, unknown> = { pendingRegistrationId: id, updatedAt: new Date(at) };
      // A first registration (or a correction after rejection) is who the person is until decided;
      // someone moving stays who and where they are until the move is verified.
      if (!moving) {
        Object.assign(changes, {
          status: 'pending',
          realName: reg.realName,
          phone,
          phoneVerified,
          place: _.set(place),
          address: _.set(address),
          relation: reg.relation,
          privacy: _.set(privacy),
          searchTokens: _.set(searchTokens(reg.realName, phone)),
        });
      }
      await patch(USERS, ctx.openid, changes, tx);
    });
    return (await myRegistrationViews([reg]))[0] as Awaited<ReturnType<typeof myRegistrationViews>>[number];
  },
});

/** The person's registrations, newest first (a person has a handful; 50 is far beyond any real history). */
async function registrationsOf(openid: string): Promise<RegistrationDoc[]> {
  return findMany<RegistrationDoc>(collection(REGISTRATIONS).where({ openid }).orderBy('submittedAt', 'desc').limit(50));
}

const mine = defineAction({
  name: 'registration.mine',
  access: 'registered',
  mutates: false,
  async handler(ctx) {
    const regs = await registrationsOf(ctx.openid);
    const views = await myRegistrationViews(regs);
    const current = views.find((r) => r.status === 'pending') ?? views.find((r) => r.status === 'verified') ?? views[0] ?? null;
    return { current, history: views };
  },
});

const withdraw = defineAction({
  name: 'registration.withdraw',
  access: 'registered',
  mutates: true,
  async handler(ctx, input) {
    const reg = await findById<RegistrationDoc>(REGISTRATIONS, input.registrationId);
    if (!reg || reg.openid !== ctx.openid) throw new AppError('NOT_FOUND', '登记不存在');
    if (reg.status !== 'pending') throw new AppError('CONFLICT', '该登记已处理，无法撤回');
    const at = new Date(ctx.now());
    const updated = await transact(async (tx) => {
      const fresh = await txGet<RegistrationDoc>(tx, REGISTRATIONS, reg._id);
      if (!fresh || fresh.status !== 'pending') throw new AppError('CONFLICT', '该登记已处理，无法撤回');
      const user = await txGet<UserDoc>(tx, USERS, ctx.openid);
      await patch(REGISTRATIONS, reg._id, { status: 'withdrawn', decidedAt: at }, tx);
      if (user) {
        const changes: Record<string, unknown> = { pendingRegistrationId: null, updatedAt: at };
        // Someone verified elsewhere stays verified; a first registration withdrawn leaves nothing behind
        // (staff without a home in the street keep the status they had).
        if (!user.registrationId) {
          Object.assign(changes, {
            status: fresh.statusBefore === 'verified' ? 'verified' : 'guest',
            realName: '',
            phone: '',
            phoneVerified: false,
            place: null,
            address: null,
            relation: null,
            searchTokens: [],
          });
        }
        await patch(USERS, ctx.openid, changes, tx);
      }
      return { ...fresh, status: 'withdrawn' as const, decidedAt: at };
    });
    return (await myRegistrationViews([updated]))[0] as Awaited<ReturnType<typeof myRegistrationViews>>[number];
  },
});

export const registrationActions = [submit, mine, withdraw];
