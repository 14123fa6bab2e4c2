import * as z from 'zod';
import { Cursor, Id, Millis, Role, ScopeType } from './common';
import { contract } from './define';

const Reason = z.string().trim().min(2, '请填写原因（至少 2 个字）').max(200, '原因最多 200 个字');

const PageIn = {
  cursor: Cursor.optional(),
  limit: z.number().int().min(1).max(50).optional(),
};

export const GrantInput = z.strictObject({
  userId: Id,
  role: Role,
  scopeType: ScopeType,
  scopeId: Id,
  reason: Reason,
});

export const AuditKind = z.enum([
  'role.grant',
  'role.revoke',
  'registration.verify',
  'registration.reject',
  'household.setArea',
  'household.leave',
  'org.create',
  'org.rename',
  'org.move',
  'org.reorder',
  'org.delete',
  'contacts.update',
  'joinCode.create',
  'joinCode.revoke',
  'account.delete',
]);
export type AuditKind = z.infer<typeof AuditKind>;

const PersonRef = z.object({ userId: z.string(), name: z.string() });

export const AuditEntryView = z.object({
  id: z.string(),
  at: Millis,
  kind: AuditKind,
  /** Who did it; name '已注销用户' once they deleted their account. */
  actor: PersonRef,
  /** Whom it concerned, if a person. */
  target: PersonRef.nullable(),
  role: Role.nullable(),
  scopeType: ScopeType.nullable(),
  scopeId: z.string().nullable(),
  scopeName: z.string(),
  reason: z.string(),
  /** A short Chinese summary: "授予 网格员（第1网格）". */
  summary: z.string(),
});

export const rolesContracts = {
  'roles.options': contract({
    description: '我可以授予哪些角色、在哪类范围内（供授权页面选择）',
    input: z.strictObject({}),
    output: z.object({
      grantable: z.array(
        z.object({
          role: Role,
          roleName: z.string(),
          scopeTypes: z.array(ScopeType),
          /** The caller's own units under which they may grant it. */
          within: z.array(z.object({ id: z.string(), name: z.string(), type: ScopeType })),
        }),
      ),
    }),
  }),
  'roles.grant': contract({
    description:
      '授予角色（按授权矩阵：街道管理员可在街道内授予任何角色，社区工作人员可在本社区授予部分角色；不能给自己授权），记入审计日志',
    input: GrantInput,
    output: z.object({
      userId: z.string(),
      roles: z.array(z.object({ role: Role, scopeType: ScopeType, scopeId: z.string(), scopeName: z.string() })),
    }),
  }),
  'roles.revoke': contract({
    description: '撤销角色（与授予的权限相同；不能撤销自己的角色），记入审计日志',
    input: GrantInput,
    output: z.object({
      userId: z.string(),
      roles: z.array(z.object({ role: Role, scopeType: ScopeType, scopeId: z.string(), scopeName: z.string() })),
    }),
  }),
  'roles.holders': contract({
    description: '管辖范围内担任工作角色的人（不含普通居民身份），手机号脱敏',
    input: z.strictObject({ unitId: Id, ...PageIn }),
    output: z.object({
      items: z.array(
        z.object({
          userId: z.string(),
          name: z.string(),
          phoneMasked: z.string(),
          roles: z.array(z.object({ role: Role, scopeType: ScopeType, scopeId: z.string(), scopeName: z.string() })),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
  }),
  'roles.auditLog': contract({
    description: '审计日志：管辖范围内的授权、撤销、审核、组织架构与三合一记录的变更，从新到旧',
    input: z.strictObject({ unitId: Id, ...PageIn }),
    output: z.object({ items: z.array(AuditEntryView), nextCursor: z.string().nullable() }),
  }),
};
