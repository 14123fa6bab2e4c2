import type { Me } from '../../contracts/identity';
import { collection, command, findMany } from '../core/db';
import { ORG_UNITS, type OrgUnitDoc } from '../org/model';
import type { UserDoc } from './model';

/** Names every unit the person's roles and home refer to, in one query. */
export async function meView(user: UserDoc, isNew: boolean): Promise<Me> {
  const ids = [...new Set([...user.roles.map((r) => r.scopeId), ...(user.place ? [user.place.courtyardId] : [])])];
  const units = ids.length
    ? await findMany<OrgUnitDoc>(
        collection(ORG_UNITS)
          .where({ _id: command().in(ids) })
          .limit(ids.length),
      )
    : [];
  const names = new Map(units.map((u) => [u._id, u.name]));
  return {
    openid: user._id,
    nickname: user.nickname,
    avatarFileId: user.avatarFileId,
    status: user.status,
    roles: user.roles.map((r) => ({ ...r, scopeName: names.get(r.scopeId) ?? '' })),
    courtyard: user.place ? { id: user.place.courtyardId, name: names.get(user.place.courtyardId) ?? '' } : null,
    isNew,
  };
}
