import * as z from 'zod';
import { Id, Role, RoleGrant, ScopeType } from './common';
import { contract } from './define';

export const UserStatus = z.enum(['guest', 'pending', 'verified', 'rejected']);

export const RoleView = RoleGrant.extend({ scopeName: z.string() });

export const Me = z.object({
  nickname: z.string(),
  avatarFileId: z.string(),
  status: UserStatus,
  roles: z.array(RoleView),
  courtyard: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** True on the very first open, so the client can greet and offer registration. */
  isNew: z.boolean(),
});
export type Me = z.infer<typeof Me>;

const Nickname = z.string().trim().min(1, '昵称不能为空').max(20, '昵称最多 20 个字');

/** WeChat's avatar component yields a temp file the client uploads; we keep its cloud fileID. */
const AvatarFileId = z
  .string()
  .max(512, '头像地址过长')
  .regex(/^cloud:\/\//, '头像须为云存储文件');

export const identityContracts = {
  'identity.login': contract({
    description: '进入小程序：按 OPENID 识别来访者，首次进入时建立访客档案',
    input: z.strictObject({}),
    output: Me,
  }),
  'me.get': contract({
    description: '我的资料、身份状态与角色',
    input: z.strictObject({}),
    output: Me,
  }),
  'me.updateProfile': contract({
    description: '修改昵称或头像（昵称经内容安全检测）',
    input: z
      .strictObject({ nickname: Nickname.optional(), avatarFileId: AvatarFileId.optional() })
      .refine((v) => v.nickname !== undefined || v.avatarFileId !== undefined, { message: '没有要修改的内容' }),
    output: Me,
  }),
};

export { Id, Role, ScopeType };
