import { defineAction } from '../core/action';
import { aggregate, collection, command, findById, findMany } from '../core/db';
import { AppError } from '../core/errors';
import { getDb } from '../core/cloud';
import { USERS } from '../identity/model';
import { contactsActions } from './contacts-actions';
import { joinCodeActions } from './join-code-actions';
import { ORG_UNITS, type OrgUnitDoc } from './model';
import { treeActions } from './tree-actions';

const ref = (u: OrgUnitDoc) => ({ id: u._id, name: u.name });

/** Grid and courtyard counts per community, in one aggregation over the org tree. */
async function unitCounts(match: Record<string, unknown>): Promise<Map<string, { grids: number; courtyards: number }>> {
  const $ = getDb().command.aggregate;
  const rows = await aggregate<{ _id: { c: string; t: string }; n: number }>(
    collection(ORG_UNITS)
      .aggregate()
      .match({ ...match, type: command().in(['grid', 'courtyard']) })
      .group({ _id: { c: '$communityId', t: '$type' }, n: $.sum(1) })
      // Without a limit stage CloudBase answers only 20 groups.
      .limit(1000),
  );
  const out = new Map<string, { grids: number; courtyards: number }>();
  for (const row of rows) {
    const entry = out.get(row._id.c) ?? { grids: 0, courtyards: 0 };
    if (row._id.t === 'grid') entry.grids = row.n;
    else entry.courtyards = row.n;
    out.set(row._id.c, entry);
  }
  return out;
}

const overview = defineAction({
  name: 'org.overview',
  access: 'registered',
  mutates: false,
  async handler(ctx) {
    const [streets, communities, counts] = await Promise.all([
      findMany<OrgUnitDoc>(collection(ORG_UNITS).where({ type: 'street' }).limit(1)),
      findMany<OrgUnitDoc>(collection(ORG_UNITS).where({ type: 'community' }).orderBy('sort', 'asc').limit(100)),
      unitCounts({}),
    ]);
    const street = streets[0];
    if (!street) throw new AppError('NOT_FOUND', '尚未建立街道信息');
    let myPlace = null;
    const place = ctx.user?.place;
    if (place) {
      const units = await findMany<OrgUnitDoc>(
        collection(ORG_UNITS).where({ _id: command().in([place.communityId, place.gridId, place.courtyardId]) }),
      );
      const byId = new Map(units.map((u) => [u._id, u]));
      const [c, g, y] = [byId.get(place.communityId), byId.get(place.gridId), byId.get(place.courtyardId)];
      if (c && g && y) myPlace = { community: ref(c), grid: ref(g), courtyard: ref(y) };
    }
    return {
      street: ref(street),
      communities: communities.map((c) => ({ ...ref(c), ...(counts.get(c._id) ?? { grids: 0, courtyards: 0 }) })),
      myPlace,
    };
  },
});

const communityStats = defineAction({
  name: 'org.communityStats',
  access: ['community_staff', 'street_admin'],
  scope: { type: 'community', from: (input) => input.communityId },
  mutates: false,
  async handler(_ctx, input) {
    const community = await findById<OrgUnitDoc>(ORG_UNITS, input.communityId);
    if (!community || community.type !== 'community') throw new AppError('NOT_FOUND', '社区不存在');
    const $ = getDb().command.aggregate;
    const [counts, byStatus] = await Promise.all([
      unitCounts({ communityId: input.communityId }),
      aggregate<{ _id: string; n: number }>(
        collection(USERS)
          .aggregate()
          .match({ 'place.communityId': input.communityId })
          .group({ _id: '$status', n: $.sum(1) })
          .limit(10),
      ),
    ]);
    const residents = { pending: 0, verified: 0, rejected: 0 };
    for (const row of byStatus) if (row._id in residents) residents[row._id as keyof typeof residents] = row.n;
    return { community: ref(community), ...(counts.get(input.communityId) ?? { grids: 0, courtyards: 0 }), residents };
  },
});

export const orgActions = [overview, communityStats, ...treeActions, ...contactsActions, ...joinCodeActions];
