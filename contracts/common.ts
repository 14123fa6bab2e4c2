import * as z from 'zod';

/** Document ids are what CloudBase generates or what we mint: short, URL-safe. */
export const Id = z
  .string()
  .min(1, '缺少编号')
  .max(64, '编号过长')
  .regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确');

export const Cursor = z.string().max(200, '游标过长');

export const PageQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: z.number().int().min(1).max(50).optional(),
});

/** Milliseconds since the epoch: what travels over the wire for every time. */
export const Millis = z.number().int().nonnegative();

export const ScopeType = z.enum(['street', 'community', 'grid', 'microgrid', 'courtyard', 'project', 'merchant', 'organisation']);
export type ScopeType = z.infer<typeof ScopeType>;

export const Role = z.enum([
  'resident',
  'volunteer',
  'grid_worker',
  'community_staff',
  'street_admin',
  'property_manager',
  'owners_committee',
  'renovation_committee',
  'contractor',
  'merchant',
  'organisation_member',
]);
export type Role = z.infer<typeof Role>;

export const RoleGrant = z.strictObject({
  role: Role,
  scopeType: ScopeType,
  scopeId: Id,
});
export type RoleGrant = z.infer<typeof RoleGrant>;
