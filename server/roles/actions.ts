import type { Role, RoleGrant } from '../../contracts/common';
import { defineAction } from '../core/action';
import type { Context } from '../core/context';
import { collection, command, findById, findMany, patch, transact, txGet } from '../core/db';
import { AppError } from '../core/errors';
import { USERS, type UserDoc } from '../identity/model';
import { DEFAULT_PAGE, decodeCursor, pageOf, scopeLogPage, sortKey } from '../core/paging';
import { maskPhone } from '../privacy/phone';
import { AUDIT_LOG, type AuditDoc } from './model';
import { auditDoc, auditViews, writeAudit } from './audit';
import { roleKeysOf, roleUnitsOf, sameGrant, scopeTargets } from './grants';
import { GRANTABLE_BY, ORG_SCOPE_TYPES, ROLE_SCOPE_TYPES, grantAuthority, isWorkingRole } from './matrix';
import { ROLE_NAMES, SCOPE_NAMES } from './names';

type GrantInput = RoleGrant & { userId: string; reason: string };

async function rolesView(grants: RoleGrant[]) {
  const targets = await scopeTargets(grants);
  return grants.map((g) => ({
    role: g.role,
    scopeType: g.scopeType,
    scopeId: g.scopeId,
    scopeName: targets.get(g.scopeId)?.name ?? g.scopeId,
  }));
}

/** The checks shared by grant and revoke, in the order a person would want to hear about them. */
async function authorityFor(ctx: Context, input: GrantInput) {
  if (input.role === 'resident') {
    throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'role', message: '居民身份通过登记审核获得，不能直接授予或撤销' }]);
  }
  if (!ROLE_SCOPE_TYPES[input.role].includes(input.scopeType)) {
    const allowed = ROLE_SCOPE_TYPES[input.role].map((t) => SCOPE_NAMES[t]).join('、');
    throw new AppError('VALIDATION_FAILED', undefined, [
      { path: 'scopeType', message: `${ROLE_NAMES[input.role]}只能在${allowed}范围内授予` },
    ]);
  }
  if (input.userId === ctx.openid) throw new AppError('FORBIDDEN', '不能给自己授予或撤销角色');
  const target = (await scopeTargets([input])).get(input.scopeId);
  if (!target) throw new AppError('NOT_FOUND', '指定的范围不存在');
  const authority = grantAuthority(ctx.user?.roles ?? [], input.role, target);
  if (!authority) throw new AppError('FORBIDDEN', `您不能在该范围内授予或撤销${ROLE_NAMES[input.role]}`);
  const user = await findById<UserDoc>(USERS, input.userId);
  if (!user) throw new AppError('NOT_FOUND', '用户不存在');
  return { target, user };
}

async function change(ctx: Context, input: GrantInput, kind: 'role.grant' | 'role.revoke') {
  const { target } = await authorityFor(ctx, input);
  const grant: RoleGrant = { role: input.role, scopeType: input.scopeType, scopeId: input.scopeId };
  const at = ctx.now();
  const roles = await transact(async (tx) => {
    const user = await txGet<UserDoc>(tx, USERS, input.userId);
    if (!user) throw new AppError('NOT_FOUND', '用户不存在');
    const holds = user.roles.some((g) => sameGrant(g, grant));
    if (kind === 'role.grant' && holds) throw new AppError('CONFLICT', '该用户已拥有此角色');
    if (kind === 'role.revoke' && !holds) throw new AppError('NOT_FOUND', '该用户没有此角色');
    const next = kind === 'role.grant' ? [...user.roles, grant] : user.roles.filter((g) => !sameGrant(g, grant));
    const targets = await scopeTargets(next.filter((g) => isWorkingRole(g.role)));
    const _ = command();
    await patch(
      USERS,
      user._id,
      { roles: _.set(next), roleUnits: _.set(roleUnitsOf(next, targets)), roleKeys: _.set(roleKeysOf(next)), updatedAt: new Date(at) },
      tx,
    );
    await writeAudit(
      [
        auditDoc(at, {
          kind,
          actorOpenid: ctx.openid,
          targetOpenid: user._id,
          ...grant,
          scopePath: [...target.path, target._id],
          reason: input.reason,
          detail: { scopeName: target.name },
        }),
      ],
      tx,
    );
    return next;
  });
  return { userId: input.userId, roles: await rolesView(roles) };
}

const grant = defineAction({
  name: 'roles.grant',
  access: ['street_admin', 'community_staff'],
  // The matrix is checked in the handler (it depends on the role and its scope, not on one unit), so no rate limit
  // here: a refused grant must not count, and writes nothing.
  mutates: true,
  handler: (ctx, input) => change(ctx, input, 'role.grant'),
});

const revoke = defineAction({
  name: 'roles.revoke',
  access: ['street_admin', 'community_staff'],
  mutates: true,
  handler: (ctx, input) => change(ctx, input, 'role.revoke'),
});

const options = defineAction({
  name: 'roles.options',
  access: 'registered',
  mutates: false,
  async handler(ctx) {
    const mine = (ctx.user?.roles ?? []).filter((g) => GRANTABLE_BY[g.role]);
    const targets = await scopeTargets(mine);
    const byRole = new Map<Role, Map<string, { id: string; name: string; type: RoleGrant['scopeType'] }>>();
    for (const g of mine) {
      for (const role of GRANTABLE_BY[g.role] ?? []) {
        const within = byRole.get(role) ?? new Map();
        within.set(g.scopeId, { id: g.scopeId, name: targets.get(g.scopeId)?.name ?? g.scopeId, type: g.scopeType });
        byRole.set(role, within);
      }
    }
    return {
      grantable: [...byRole].map(([role, within]) => ({
        role,
        roleName: ROLE_NAMES[role],
        scopeTypes: [...ROLE_SCOPE_TYPES[role]],
        within: [...within.values()],
      })),
    };
  },
});

const STAFF = ['grid_worker', 'community_staff', 'street_admin'] as const;

const holders = defineAction({
  name: 'roles.holders',
  access: STAFF,
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.unitId },
  mutates: false,
  async handler(_ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const filter: Record<string, unknown> = { roleUnits: input.unitId };
    if (after) filter._id = command().gt(after.slice(after.indexOf('~') + 1));
    const rows = await findMany<UserDoc>(
      collection(USERS)
        .where(filter)
        .orderBy('_id', 'asc')
        .limit(limit + 1),
    );
    const page = pageOf(rows, limit, (u) => sortKey(0, u._id));
    const targets = await scopeTargets(page.rows.flatMap((u) => u.roles));
    return {
      items: page.rows.map((u) => ({
        userId: u._id,
        name: u.realName || u.nickname,
        phoneMasked: maskPhone(u.phone),
        // Only the roles held within the unit asked about.
        roles: u.roles
          .filter((g) => isWorkingRole(g.role))
          .filter((g) => {
            const t = targets.get(g.scopeId);
            return !!t && (t._id === input.unitId || t.path.includes(input.unitId));
          })
          .map((g) => ({ ...g, scopeName: targets.get(g.scopeId)?.name ?? g.scopeId })),
      })),
      nextCursor: page.nextCursor,
    };
  },
});

const auditLog = defineAction({
  name: 'roles.auditLog',
  access: ['community_staff', 'street_admin'],
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.unitId },
  mutates: false,
  async handler(_ctx, input) {
    const page = await scopeLogPage<AuditDoc>(AUDIT_LOG, input);
    return { items: await auditViews(page.rows), nextCursor: page.nextCursor };
  },
});

export const rolesActions = [options, grant, revoke, holders, auditLog];
