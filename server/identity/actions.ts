import { defineAction } from '../core/action';
import { checkText } from '../core/content-check';
import { findById, put, patch } from '../core/db';
import { AppError } from '../core/errors';
import { householdActions } from './household-actions';
import { meView } from './me-view';
import { registrationActions } from './registration-actions';
import { reviewActions } from './review-actions';
import { searchActions } from './search-actions';
import { USERS, type UserDoc } from './model';

const login = defineAction({
  name: 'identity.login',
  access: 'authenticated',
  mutates: true,
  async handler(ctx) {
    if (ctx.user) return meView(ctx.user, false);
    const at = new Date(ctx.now());
    const user: UserDoc = {
      _id: ctx.openid,
      nickname: '',
      avatarFileId: '',
      status: 'guest',
      roles: [],
      place: null,
      createdAt: at,
      updatedAt: at,
    };
    await put(USERS, user._id, { ...user });
    return meView(user, true);
  },
});

const getMe = defineAction({
  name: 'me.get',
  access: 'registered',
  mutates: false,
  async handler(ctx) {
    return meView(ctx.user!, false);
  },
});

const updateProfile = defineAction({
  name: 'me.updateProfile',
  access: 'registered',
  mutates: true,
  rateLimit: { max: 10, windowSeconds: 60 },
  async handler(ctx, input) {
    if (input.nickname !== undefined) {
      // A nickname others may see: anything short of a clear pass waits is refused here, since there is no reviewer for nicknames.
      const rejected = '昵称未通过安全检测，请换一个';
      const verdict = await checkText(ctx.openid, input.nickname, 1, rejected);
      if (verdict !== 'pass') throw new AppError('CONTENT_REJECTED', rejected);
    }
    const changes: Partial<UserDoc> = { updatedAt: new Date(ctx.now()) };
    if (input.nickname !== undefined) changes.nickname = input.nickname;
    if (input.avatarFileId !== undefined) changes.avatarFileId = input.avatarFileId;
    await patch(USERS, ctx.openid, changes);
    const user = await findById<UserDoc>(USERS, ctx.openid);
    if (!user) throw new AppError('NOT_FOUND', '账号不存在');
    return meView(user, false);
  },
});

export const identityActions = [
  login,
  getMe,
  updateProfile,
  ...registrationActions,
  ...reviewActions,
  ...householdActions,
  ...searchActions,
];
