import { defineAction } from '../core/action';
import { collection, command, findById, findMany } from '../core/db';
import { DEFAULT_PAGE, decodeCursor, pageOf, sortKey } from '../core/paging';
import { ORG_UNITS, type OrgUnitDoc } from '../org/model';
import { PLACE_FIELD, loadUnits, placeIds, placeView } from '../org/units';
import { maskPhone, searchToken } from '../privacy/phone';
import { ORG_SCOPE_TYPES } from '../roles/matrix';
import { addressView } from './address';
import { USERS, type UserDoc } from './model';
import { REVIEWERS } from './review-actions';

const search = defineAction({
  name: 'residents.search',
  access: REVIEWERS,
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.unitId },
  mutates: false,
  rateLimit: { max: 120, windowSeconds: 60 },
  async handler(_ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const unit = (await findById<OrgUnitDoc>(ORG_UNITS, input.unitId)) as OrgUnitDoc;
    const filter: Record<string, unknown> = { searchTokens: searchToken(input.q) };
    // Below the street, only people whose home is in the unit; the street sees everyone (staff, merchants).
    const field = PLACE_FIELD[unit.type];
    if (field) filter[field] = unit._id;
    if (after) filter._id = command().gt(after.slice(after.indexOf('~') + 1));
    const rows = await findMany<UserDoc>(
      collection(USERS)
        .where(filter)
        .orderBy('_id', 'asc')
        .limit(limit + 1),
    );
    const page = pageOf(rows, limit, (u) => sortKey(0, u._id));
    const units = await loadUnits(page.rows.flatMap((u) => [...placeIds(u.place), ...u.roles.map((r) => r.scopeId)]));
    return {
      items: page.rows.map((u) => ({
        userId: u._id,
        realName: u.realName ?? '',
        nickname: u.nickname,
        phoneMasked: maskPhone(u.phone),
        status: u.status,
        place: u.place ? placeView(units, u.place) : null,
        address: u.address ? addressView(u.address) : null,
        roles: u.roles.map((r) => ({ ...r, scopeName: units.get(r.scopeId)?.name ?? '' })),
      })),
      nextCursor: page.nextCursor,
    };
  },
});

export const searchActions = [search];
