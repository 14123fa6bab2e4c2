import * as z from 'zod';
import { Cursor, Id, Millis } from './common';
import { contract } from './define';

const UnitRef = z.object({ id: z.string(), name: z.string() });

export const OrgUnitType = z.enum(['street', 'community', 'grid', 'microgrid', 'courtyard']);
export type OrgUnitType = z.infer<typeof OrgUnitType>;

export const OrgUnitView = z.object({
  id: z.string(),
  type: OrgUnitType,
  name: z.string(),
  parentId: z.string().nullable(),
  sort: z.number(),
  /** Number of direct children (0 for a courtyard). */
  children: z.number(),
});

const UnitName = z.string().trim().min(1, '请填写名称').max(30, '名称最多 30 个字');

/**
 * The three-in-one record (三合一) of a courtyard: party branch or group, residents' group, and the
 * grid and micro-grid above it. party and residents_group are kept on the courtyard; grid and
 * microgrid on those units, so one grid worker's entry serves every courtyard of the grid.
 */
export const ContactSection = z.enum(['party', 'residents_group', 'grid', 'microgrid']);
export type ContactSection = z.infer<typeof ContactSection>;

/** Mainland mobile, or a landline with area code (028-12345678). */
export const ContactPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '请填写 11 位手机号或带区号的座机号');

export const ContactPersonInput = z.strictObject({
  /** Keep the id of an existing person when editing; omit for a new one. */
  id: Id.optional(),
  name: z.string().trim().min(1, '请填写姓名').max(20, '姓名最多 20 个字'),
  duty: z.string().trim().min(1, '请填写职责').max(40, '职责最多 40 个字'),
  /**
   * Stored in full; shown masked; revealed only through org.revealPhone. May be left out for an
   * existing person (`id` given) to keep the stored number, so editing a section needs no reveal.
   */
  phone: ContactPhone.optional(),
  /** The person's own account, when they use the app. */
  userId: Id.nullable().optional(),
});

export const ContactPersonView = z.object({
  id: z.string(),
  name: z.string(),
  duty: z.string(),
  /** 138****5678 */
  phoneMasked: z.string(),
  /** Whether the person has an account linked (e.g. the grid worker). */
  linked: z.boolean(),
});

export const ContactSectionView = z.object({
  section: ContactSection,
  /** For the party section: 党支部 (branch) or 党小组 (group). */
  partyKind: z.enum(['branch', 'group']).nullable(),
  /** Display title: 党支部 / 党小组 / 居民小组 / 网格 / 微网格. */
  title: z.string(),
  /** E.g. 枫林小区党支部, 第1网格. */
  name: z.string(),
  /** The unit the section belongs to (the courtyard, its micro-grid or grid); pass with revealPhone. */
  unitId: z.string(),
  people: z.array(ContactPersonView),
  updatedAt: Millis.nullable(),
});

export const JoinTargetType = z.enum(['community', 'courtyard']);

export const JoinCodeView = z.object({
  code: z.string(),
  /** What the QR code carries (≤ 32 chars); the join page receives it as options.scene. */
  scene: z.string(),
  page: z.string(),
  target: z.object({ type: JoinTargetType, id: z.string(), name: z.string() }),
  label: z.string(),
  /** The PNG in cloud storage. */
  fileId: z.string(),
  /** A temporary https URL of the PNG (for preview and "save image"); empty if storage could not sign one. */
  tempUrl: z.string(),
  createdAt: Millis,
  revoked: z.boolean(),
});

const PageIn = {
  cursor: Cursor.optional(),
  limit: z.number().int().min(1).max(50).optional(),
};

export const orgContracts = {
  'org.overview': contract({
    description: '街道概览：各社区的网格与院落数量，以及我所在的院落',
    input: z.strictObject({}),
    output: z.object({
      street: UnitRef,
      communities: z.array(UnitRef.extend({ grids: z.number(), courtyards: z.number() })),
      myPlace: z.object({ community: UnitRef, grid: UnitRef, courtyard: UnitRef }).nullable(),
    }),
  }),
  'org.communityStats': contract({
    description: '社区居民登记情况统计（社区工作人员、街道管理员）',
    input: z.strictObject({ communityId: Id }),
    output: z.object({
      community: UnitRef,
      grids: z.number(),
      courtyards: z.number(),
      residents: z.object({ pending: z.number(), verified: z.number(), rejected: z.number() }),
    }),
  }),
  'org.children': contract({
    description: '组织架构的一级：某单位（不传则为街道）及其下级，按顺序排列',
    input: z.strictObject({ unitId: Id.optional() }),
    output: z.object({
      unit: OrgUnitView,
      /** From the street down to the unit's parent, for a breadcrumb. */
      ancestors: z.array(UnitRef.extend({ type: OrgUnitType })),
      children: z.array(OrgUnitView),
    }),
  }),
  'org.courtyards': contract({
    description: '一个社区的全部院落（登记时选择院落用），附所属网格与微网格',
    input: z.strictObject({ communityId: Id }),
    output: z.object({
      community: UnitRef,
      courtyards: z.array(UnitRef.extend({ grid: UnitRef, microgrid: UnitRef })),
    }),
  }),
  'org.createUnit': contract({
    description: '在某单位下新建下级（社区、网格、微网格或院落，类型由上级决定），名称经内容安全检测',
    input: z.strictObject({ parentId: Id, name: UnitName }),
    output: OrgUnitView,
  }),
  'org.renameUnit': contract({
    description: '修改单位名称（经内容安全检测）',
    input: z.strictObject({ unitId: Id, name: UnitName }),
    output: OrgUnitView,
  }),
  'org.moveUnit': contract({
    description: '把网格、微网格或院落移到同一社区内的另一个上级下，居民所属网格随之更新',
    input: z.strictObject({ unitId: Id, newParentId: Id }),
    output: OrgUnitView,
  }),
  'org.reorderUnits': contract({
    description: '调整某单位下级的排列顺序（须列出全部下级）',
    input: z.strictObject({ parentId: Id, orderedIds: z.array(Id).min(1).max(500) }),
    output: z.object({ children: z.array(OrgUnitView) }),
  }),
  'org.deleteUnit': contract({
    description: '删除单位：有下级、居民、住户或待审核登记的单位不能删除',
    input: z.strictObject({ unitId: Id }),
    output: z.object({ id: z.string(), deleted: z.literal(true) }),
  }),

  'org.contacts': contract({
    description: '微网实格“找谁”：院落的党组织、居民小组、网格与微网格及其负责人（电话脱敏）',
    input: z.strictObject({ courtyardId: Id }),
    output: z.object({
      courtyard: UnitRef,
      community: UnitRef,
      grid: UnitRef,
      microgrid: UnitRef,
      sections: z.array(ContactSectionView),
      /** Whether the caller may reveal full numbers here (a verified resident of the courtyard, or staff above it). */
      canReveal: z.boolean(),
    }),
  }),
  'org.setContacts': contract({
    description: '编辑三合一记录的一部分：院落的党组织或居民小组、网格或微网格的负责人（姓名、职责、电话）',
    input: z.strictObject({
      /** A courtyard (party, residents_group), a micro-grid (microgrid) or a grid (grid). */
      unitId: Id,
      section: ContactSection,
      partyKind: z.enum(['branch', 'group']).optional(),
      name: z.string().trim().min(1, '请填写名称').max(30, '名称最多 30 个字'),
      people: z.array(ContactPersonInput).max(10, '每项最多 10 位负责人'),
    }),
    output: ContactSectionView,
  }),
  'org.revealPhone': contract({
    description: '查看负责人的完整电话（本院落已认证居民或上级工作人员；每次查看都记入个人信息访问日志；限频）',
    input: z.strictObject({
      /** The courtyard whose "whom to find" page the caller is on. */
      courtyardId: Id,
      /** The section's unitId from org.contacts. */
      unitId: Id,
      personId: Id,
    }),
    output: z.object({ personId: z.string(), name: z.string(), duty: z.string(), phone: z.string() }),
  }),

  'joinCode.create': contract({
    description: '为社区或院落生成入驻小程序码（扫码打开登记页并预选该地点），图片存入云存储',
    input: z.strictObject({
      targetType: JoinTargetType,
      targetId: Id,
      label: z.string().trim().max(30, '备注最多 30 个字').optional(),
    }),
    output: JoinCodeView,
  }),
  'joinCode.list': contract({
    description: '管辖范围内生成过的小程序码，从新到旧',
    input: z.strictObject({ unitId: Id, ...PageIn }),
    output: z.object({ items: z.array(JoinCodeView), nextCursor: z.string().nullable() }),
  }),
  'joinCode.revoke': contract({
    description: '作废一个小程序码（扫码后提示已失效）',
    input: z.strictObject({
      code: z
        .string()
        .trim()
        .min(4)
        .max(16)
        .regex(/^[A-Za-z0-9]+$/, '二维码编号格式不正确'),
    }),
    output: JoinCodeView,
  }),
  'joinCode.resolve': contract({
    description: '扫码进入：把小程序码的 scene 解析为预选的社区或院落',
    input: z.strictObject({ scene: z.string().trim().min(1, '二维码无效').max(64, '二维码无效') }),
    output: z.object({
      code: z.string(),
      target: z.object({ type: JoinTargetType, id: z.string(), name: z.string() }),
      community: UnitRef,
      grid: UnitRef.nullable(),
      microgrid: UnitRef.nullable(),
      courtyard: UnitRef.nullable(),
    }),
  }),
};
