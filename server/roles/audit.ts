import type { AuditKind } from '../../contracts/roles';
import type { Role, ScopeType } from '../../contracts/common';
import { collection, command, findMany, put, type Transaction } from '../core/db';
import { USERS, type UserDoc } from '../identity/model';
import { newId, sortKey } from '../core/paging';
import { loadUnits } from '../org/units';
import { AUDIT_LOG, type AuditDoc } from './model';
import { DELETED_USER_NAME, ROLE_NAMES } from './names';

export interface AuditInit {
  kind: AuditKind;
  actorOpenid: string;
  targetOpenid?: string | null;
  role?: Role | null;
  scopeType?: ScopeType | null;
  scopeId?: string | null;
  scopePath: string[];
  reason?: string;
  detail?: Record<string, string | number | null>;
}

export function auditDoc(at: number, init: AuditInit): AuditDoc {
  const _id = newId('au');
  return {
    _id,
    at: new Date(at),
    sk: sortKey(at, _id),
    kind: init.kind,
    actorOpenid: init.actorOpenid,
    targetOpenid: init.targetOpenid ?? null,
    role: init.role ?? null,
    scopeType: init.scopeType ?? null,
    scopeId: init.scopeId ?? null,
    scopePath: init.scopePath,
    reason: init.reason ?? '',
    detail: init.detail ?? {},
  };
}

/** Appends entries, inside the caller's transaction when there is one (a refused or failed change leaves no entry). */
export async function writeAudit(entries: AuditDoc[], tx?: Transaction): Promise<void> {
  for (const e of entries) await put(AUDIT_LOG, e._id, { ...e }, tx);
}

/** Display names of people, one query: real name, else nickname; unknown (deleted) accounts are named as such. */
export async function personNames(openids: Iterable<string | null>): Promise<(openid: string) => string> {
  const ids = [...new Set([...openids].filter((x): x is string => !!x && !x.startsWith('anon-')))];
  const found = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const users = await findMany<UserDoc>(
      collection(USERS)
        .where({ _id: command().in(chunk) })
        .limit(chunk.length),
    );
    for (const u of users) found.set(u._id, u.realName || u.nickname || '未命名用户');
  }
  return (openid) => found.get(openid) ?? DELETED_USER_NAME;
}

function summary(e: AuditDoc, scopeName: string): string {
  const d = e.detail;
  const role = e.role ? ROLE_NAMES[e.role] : '';
  switch (e.kind) {
    case 'role.grant':
      return `授予${role}（${scopeName}）`;
    case 'role.revoke':
      return `撤销${role}（${scopeName}）`;
    case 'registration.verify':
      return `登记审核通过：${scopeName}${d.address ?? ''}`;
    case 'registration.reject':
      return `登记审核未通过：${scopeName}${d.address ?? ''}`;
    case 'household.setArea':
      return `${scopeName}${d.address ?? ''} 面积 ${d.from ?? '未登记'} → ${d.to} 平方米`;
    case 'household.leave':
      return `退出 ${scopeName}${d.address ?? ''}`;
    case 'org.create':
      return `新建 ${d.name ?? ''}`;
    case 'org.rename':
      return `${d.from ?? ''} 改名为 ${d.to ?? ''}`;
    case 'org.move':
      return `${d.name ?? ''} 从 ${d.fromParent ?? ''} 移至 ${d.toParent ?? ''}`;
    case 'org.reorder':
      return `调整 ${scopeName} 下级顺序`;
    case 'org.delete':
      return `删除 ${d.name ?? ''}`;
    case 'contacts.update':
      return `更新 ${scopeName} ${d.title ?? ''}：${d.people ?? ''}`;
    case 'joinCode.create':
      return `生成 ${scopeName} 入驻码 ${d.code ?? ''}`;
    case 'joinCode.revoke':
      return `作废 ${scopeName} 入驻码 ${d.code ?? ''}`;
    case 'account.delete':
      return '注销账号';
  }
}

export async function auditViews(docs: AuditDoc[]) {
  const [names, units] = await Promise.all([
    personNames(docs.flatMap((d) => [d.actorOpenid, d.targetOpenid])),
    loadUnits(docs.map((d) => d.scopeId ?? '')),
  ]);
  return docs.map((d) => {
    const scopeName =
      (d.scopeId && units.get(d.scopeId)?.name) || (typeof d.detail.scopeName === 'string' ? d.detail.scopeName : '') || (d.scopeId ?? '');
    return {
      id: d._id,
      at: new Date(d.at).getTime(),
      kind: d.kind,
      actor: { userId: d.actorOpenid, name: names(d.actorOpenid) },
      target: d.targetOpenid ? { userId: d.targetOpenid, name: names(d.targetOpenid) } : null,
      role: d.role,
      scopeType: d.scopeType,
      scopeId: d.scopeId,
      scopeName,
      reason: d.reason,
      summary: summary(d, scopeName),
    };
  });
}
