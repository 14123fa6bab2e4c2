import * as z from 'zod';
import { Cursor, Id, Millis, Role, RoleGrant, ScopeType } from './common';
import { contract } from './define';

export const UserStatus = z.enum(['guest', 'pending', 'verified', 'rejected']);

export const RoleView = RoleGrant.extend({ scopeName: z.string() });

export const Me = z.object({
  /** The caller's own OPENID: the client names its upload folder with it (`reports/<OPENID>/…`). */
  openid: z.string(),
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

/** Relation to the household: 业主, 租户, 家庭成员. */
export const Relation = z.enum(['owner', 'tenant', 'family']);
export type Relation = z.infer<typeof Relation>;

/**
 * pending → verified | rejected | withdrawn (by the resident); a verified registration later ends
 * as moved (a newer verified registration replaced it) or left (left the household / deleted the account).
 */
export const RegistrationStatus = z.enum(['pending', 'verified', 'rejected', 'withdrawn', 'moved', 'left']);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

/** new: first registration (or again after rejection / leaving); move: a verified resident moving house. */
export const RegistrationKind = z.enum(['new', 'move']);

export const RealName = z
  .string()
  .trim()
  .min(2, '请填写真实姓名')
  .max(20, '姓名最多 20 个字')
  .regex(/^[\u4e00-\u9fa5·A-Za-z ]+$/, '姓名只能包含汉字、字母和 ·');

/** Mainland mobile numbers only: the number a grid worker can call or text. */
export const MobilePhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号');

/** Building / unit / room as the resident writes them ("3", "A", "502"); 栋/单元/室 suffixes are dropped by the server. */
const AddressPart = (label: string, max = 10) =>
  z
    .string()
    .trim()
    .max(max, `${label}最多 ${max} 个字`)
    .regex(/^[0-9A-Za-z\u4e00-\u9fa5-]*$/, `${label}只能包含数字、字母、汉字和 -`);

export const AddressInput = z.strictObject({
  building: AddressPart('楼栋').min(1, '请填写楼栋'),
  /** Empty where the building has no units. */
  unit: AddressPart('单元'),
  room: AddressPart('房号').min(1, '请填写房号'),
});

export const Address = z.object({
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  /** Display form: "3栋2单元502室". */
  text: z.string(),
});

const UnitRef = z.object({ id: z.string(), name: z.string() });

/** The place a registration or household is in, with names for display. */
export const PlaceView = z.object({
  community: UnitRef,
  grid: UnitRef,
  microgrid: UnitRef,
  courtyard: UnitRef,
});

export const FloorArea = z
  .number('请填写面积')
  .min(1, '面积须大于 1 平方米')
  .max(10_000, '面积不超过 10000 平方米')
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, '面积最多两位小数');

export const Reason = z.string().trim().min(2, '请填写原因（至少 2 个字）').max(200, '原因最多 200 个字');

/** What a resident sees of their own registration. */
export const MyRegistration = z.object({
  id: z.string(),
  kind: RegistrationKind,
  status: RegistrationStatus,
  realName: z.string(),
  /** Their own number, masked like everywhere else on screen: 138****5678. */
  phoneMasked: z.string(),
  phoneVerified: z.boolean(),
  relation: Relation,
  place: PlaceView,
  address: Address,
  privacyVersion: z.string(),
  submittedAt: Millis,
  decidedAt: Millis.nullable(),
  /** Who decided: community/grid staff, or the head of the household. */
  decidedVia: z.enum(['staff', 'household_head']).nullable(),
  /** Shown to the resident when rejected, so they can correct and resubmit. */
  rejectReason: z.string().nullable(),
});

/** A registration as staff see it in the queue: the phone masked. */
export const QueueItem = z.object({
  id: z.string(),
  kind: RegistrationKind,
  status: RegistrationStatus,
  realName: z.string(),
  phoneMasked: z.string(),
  phoneVerified: z.boolean(),
  relation: Relation,
  place: PlaceView,
  address: Address,
  submittedAt: Millis,
  decidedAt: Millis.nullable(),
  rejectReason: z.string().nullable(),
  /** The household already has verified members (their count), so staff can spot a wrong room. */
  householdMembers: z.number(),
});

/** The full registration for the person deciding it: the phone in full (the access is logged). */
export const RegistrationDetail = QueueItem.extend({
  phone: z.string(),
  householdId: z.string(),
  /** The household's floor area if already known (m²). */
  floorArea: z.number().nullable(),
  /** For a move: where the resident lives now. */
  currentPlace: PlaceView.extend({ address: Address }).nullable(),
});

export const HouseholdMember = z.object({
  userId: z.string(),
  /** Masked for everyone but staff: 王*明. */
  name: z.string(),
  relation: Relation,
  isHead: z.boolean(),
  since: Millis,
  isMe: z.boolean(),
});

export const HouseholdView = z.object({
  id: z.string(),
  place: PlaceView,
  address: Address,
  /** m²; null until community staff record it. */
  floorArea: z.number().nullable(),
  members: z.array(HouseholdMember),
});

export const PageOut = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const PageIn = {
  cursor: Cursor.optional(),
  limit: z.number().int().min(1).max(50).optional(),
};

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

  'registration.submit': contract({
    description:
      '居民登记（或搬家后重新登记）：真实姓名、手机号（微信授权 code，或手动填写并标记为未验证）、院落/楼栋/单元/房号、与户主关系、同意隐私政策的版本',
    input: z
      .strictObject({
        realName: RealName,
        /** The code from the getPhoneNumber button; exchanged on the server. */
        phoneCode: z.string().trim().min(1, '手机号授权无效').max(128, '手机号授权无效').optional(),
        /** Typed by hand where the button is unavailable; recorded as unverified. */
        phone: MobilePhone.optional(),
        courtyardId: Id,
        address: AddressInput,
        relation: Relation,
        /** The version of the privacy policy the person agreed to (from privacy.policy). */
        privacyVersion: z.string().trim().min(1, '请阅读并同意隐私政策').max(20),
        /** The join code scanned, if any (for statistics of where residents come from). */
        joinCode: z
          .string()
          .trim()
          .max(16)
          .regex(/^[A-Za-z0-9]*$/, '二维码编号格式不正确')
          .optional(),
      })
      .refine((v) => (v.phoneCode === undefined) !== (v.phone === undefined), {
        message: '请授权手机号，或手动填写手机号（二选一）',
        path: ['phone'],
      }),
    output: MyRegistration,
  }),
  'registration.mine': contract({
    description: '我的登记：当前待审核或已认证的登记，以及历史记录（含不通过原因）',
    input: z.strictObject({}),
    output: z.object({
      /** The pending one if any, else the verified one, else the latest. */
      current: MyRegistration.nullable(),
      history: z.array(MyRegistration),
    }),
  }),
  'registration.withdraw': contract({
    description: '撤回我待审核的登记',
    input: z.strictObject({ registrationId: Id }),
    output: MyRegistration,
  }),
  'registration.queue': contract({
    description: '登记审核队列：管辖范围内的登记（待审核按提交时间从早到晚，其余从新到旧），每页 20 条，附各状态数量',
    input: z.strictObject({
      /** A street, community, grid, micro-grid or courtyard within the caller's scope. */
      unitId: Id,
      status: z.enum(['pending', 'verified', 'rejected']).optional(),
      ...PageIn,
    }),
    output: PageOut(QueueItem).extend({
      counts: z.object({ pending: z.number(), verified: z.number(), rejected: z.number() }),
    }),
  }),
  'registration.get': contract({
    description: '查看一条登记的完整信息（含完整手机号，查看记入个人信息访问日志）',
    input: z.strictObject({ registrationId: Id }),
    output: RegistrationDetail,
  }),
  'registration.verify': contract({
    description: '审核通过：居民加入该户（按院落+楼栋+单元+房号），获得院落居民身份；可同时登记房屋面积',
    input: z.strictObject({ registrationId: Id, floorArea: FloorArea.optional() }),
    output: QueueItem,
  }),
  'registration.reject': contract({
    description: '审核不通过，并写明原因（居民可见，可修改后重新提交）',
    input: z.strictObject({ registrationId: Id, reason: Reason }),
    output: QueueItem,
  }),

  'household.mine': contract({
    description: '我家：房屋地址、面积、家庭成员；户主还能看到待其确认的家庭成员登记',
    input: z.strictObject({}),
    output: z.object({
      household: HouseholdView.nullable(),
      /** Family members' registrations waiting for the head of the household (only for the head). */
      pendingMembers: z.array(QueueItem),
    }),
  }),
  'household.approveMember': contract({
    description: '户主确认家庭成员的登记（代替社区审核）',
    input: z.strictObject({ registrationId: Id }),
    output: QueueItem,
  }),
  'household.rejectMember': contract({
    description: '户主拒绝一条以家庭成员身份提交的登记，并写明原因',
    input: z.strictObject({ registrationId: Id, reason: Reason }),
    output: QueueItem,
  }),
  'household.leave': contract({
    description: '退出所在的户（搬离），院落居民身份随之结束',
    input: z.strictObject({ confirm: z.literal(true, '请确认退出') }),
    output: Me,
  }),
  'household.list': contract({
    description: '院落内的各户：地址、面积、成员数（社区工作人员、网格员）',
    input: z.strictObject({ courtyardId: Id, ...PageIn }),
    output: PageOut(
      z.object({
        id: z.string(),
        address: Address,
        floorArea: z.number().nullable(),
        members: z.number(),
        headName: z.string().nullable(),
      }),
    ),
  }),
  'household.setArea': contract({
    description: '登记或更正一户的房屋面积（平方米），记入审计日志',
    input: z.strictObject({ householdId: Id, floorArea: FloorArea, reason: Reason.optional() }),
    output: z.object({ id: z.string(), floorArea: z.number() }),
  }),

  'residents.search': contract({
    description: '在管辖范围内按姓名或手机尾号（4 位）查找居民，结果中手机号脱敏',
    input: z.strictObject({
      unitId: Id,
      q: z.string().trim().min(1, '请输入姓名或手机尾号').max(20, '最多 20 个字'),
      ...PageIn,
    }),
    output: PageOut(
      z.object({
        userId: z.string(),
        realName: z.string(),
        nickname: z.string(),
        phoneMasked: z.string(),
        status: UserStatus,
        place: PlaceView.nullable(),
        address: Address.nullable(),
        roles: z.array(RoleView),
      }),
    ),
  }),
};

export { Id, Role, ScopeType };
