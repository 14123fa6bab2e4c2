import type { RoleGrant } from '../../contracts/common';
import { ORG_UNITS, type OrgUnitDoc } from '../org/model';
import type { ActionDef } from './action';
import type { Context } from './context';
import { findById } from './db';
import { AppError } from './errors';

const ORG_SCOPES = new Set(['street', 'community', 'grid', 'microgrid', 'courtyard']);

/** Throws UNAUTHENTICATED or FORBIDDEN unless the caller may run `def` on this input. */
export async function authorize(def: ActionDef, ctx: Context, input: unknown): Promise<void> {
  const { access } = def;
  if (access === 'public') return;
  if (!ctx.openid) throw new AppError('UNAUTHENTICATED');
  if (access === 'authenticated') return;
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', '请先进入小程序完成登录');
  if (access === 'registered') return;

  const grants = ctx.user.roles.filter((g) => access.includes(g.role));
  if (grants.length === 0) throw new AppError('FORBIDDEN');
  if (!def.scope) return;

  const types: readonly string[] = typeof def.scope.type === 'string' ? [def.scope.type] : def.scope.type;
  const targetId = await (def.scope.from as (i: unknown) => string | Promise<string>)(input);
  if (grants.some((g) => g.scopeId === targetId && types.includes(g.scopeType))) return;
  if (!types.some((t) => ORG_SCOPES.has(t))) throw new AppError('FORBIDDEN', '该操作超出了您的管理范围');

  const target = await findById<OrgUnitDoc>(ORG_UNITS, targetId);
  if (!target) throw new AppError('NOT_FOUND', '指定的区域不存在');
  if (!types.includes(target.type)) throw new AppError('FORBIDDEN', '该操作超出了您的管理范围');
  if (!grants.some((g) => covers(g, target))) throw new AppError('FORBIDDEN', '该操作超出了您的管理范围');
}

/** A grant on a unit covers the unit itself and everything below it in the org tree. */
export function covers(grant: RoleGrant, unit: Pick<OrgUnitDoc, '_id' | 'path'>): boolean {
  return grant.scopeId === unit._id || unit.path.includes(grant.scopeId);
}
