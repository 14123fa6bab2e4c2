import * as z from 'zod';
import { Cursor, Id, Millis, Role, ScopeType } from './common';
import { contract } from './define';
import { AuditEntryView } from './roles';

/** Why a personal number was shown in full. */
export const AccessPurpose = z.enum(['whom_to_find', 'verify_registration']);

export const AccessLogEntry = z.object({
  id: z.string(),
  at: Millis,
  purpose: AccessPurpose,
  /** Who saw the number; '已注销用户' once they deleted their account. */
  actor: z.object({ userId: z.string(), name: z.string() }),
  /** Whose number: a responsible person of a courtyard, or a registering resident. */
  subject: z.object({ name: z.string(), duty: z.string(), phoneMasked: z.string() }),
  /** The unit whose page it was shown on and the grant that allowed it. */
  unit: z.object({ id: z.string(), name: z.string() }),
  basis: z.object({ role: Role, scopeType: ScopeType, scopeId: z.string() }),
});

const ExportRegistration = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  realName: z.string(),
  phone: z.string(),
  phoneVerified: z.boolean(),
  relation: z.string(),
  courtyard: z.string(),
  address: z.string(),
  privacyVersion: z.string(),
  privacyAgreedAt: Millis,
  submittedAt: Millis,
  decidedAt: Millis.nullable(),
  rejectReason: z.string().nullable(),
});

export const privacyContracts = {
  'privacy.policy': contract({
    description: '当前隐私政策的版本与要点（登记时须同意此版本）',
    input: z.strictObject({}),
    output: z.object({
      version: z.string(),
      title: z.string(),
      effectiveAt: Millis,
      /** Plain-language points shown before the full text. */
      points: z.array(z.string()),
      text: z.string(),
    }),
  }),
  'privacy.accessLog': contract({
    description: '个人信息访问日志：管辖范围内谁在何时查看了谁的完整电话（社区工作人员、街道管理员）',
    input: z.strictObject({ unitId: Id, cursor: Cursor.optional(), limit: z.number().int().min(1).max(50).optional() }),
    output: z.object({ items: z.array(AccessLogEntry), nextCursor: z.string().nullable() }),
  }),
  'me.export': contract({
    description: '导出我的全部个人信息：资料、登记记录、所在户、角色、谁查看过我的电话、我查看过的电话、与我相关的审计记录',
    input: z.strictObject({}),
    output: z.object({
      exportedAt: Millis,
      profile: z.object({
        userId: z.string(),
        nickname: z.string(),
        avatarFileId: z.string(),
        status: z.string(),
        realName: z.string(),
        phone: z.string(),
        phoneVerified: z.boolean(),
        courtyard: z.string(),
        address: z.string(),
        relation: z.string(),
        privacyVersion: z.string(),
        privacyAgreedAt: Millis.nullable(),
        createdAt: Millis,
        updatedAt: Millis,
      }),
      registrations: z.array(ExportRegistration),
      household: z
        .object({
          id: z.string(),
          courtyard: z.string(),
          address: z.string(),
          floorArea: z.number().nullable(),
          relation: z.string(),
          isHead: z.boolean(),
          since: Millis,
          members: z.number(),
        })
        .nullable(),
      roles: z.array(z.object({ role: Role, scopeType: ScopeType, scopeId: z.string(), scopeName: z.string() })),
      /** Every time someone saw my number in full. */
      accessesToMyData: z.array(AccessLogEntry),
      /** Every time I saw someone's number in full. */
      myAccesses: z.array(AccessLogEntry),
      auditEntries: z.array(AuditEntryView),
    }),
  }),
  'me.deleteAccount': contract({
    description: '注销账号：删除姓名、电话、头像等个人信息，撤销全部角色（记入审计），退出所在户；须保留的记录改为匿名引用',
    input: z.strictObject({ confirm: z.literal(true, '请确认注销') }),
    output: z.object({ deleted: z.literal(true), revokedRoles: z.number() }),
  }),
};
