import { getDb } from '../core/cloud';
import { aggregate, collection, command } from '../core/db';
import { ORG_UNITS, type OrgUnitDoc } from './model';

/** Direct-children counts of the given units, in one aggregation (indexed on parentId). */
export async function childCounts(ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const $ = getDb().command.aggregate;
  const rows = await aggregate<{ _id: string; n: number }>(
    collection(ORG_UNITS)
      .aggregate()
      .match({ parentId: command().in(ids) })
      .group({ _id: '$parentId', n: $.sum(1) })
      // Without a limit stage CloudBase answers only 20 groups.
      .limit(ids.length),
  );
  return new Map(rows.map((r) => [r._id, r.n]));
}

export const unitView = (u: OrgUnitDoc, children: number) => ({
  id: u._id,
  type: u.type,
  name: u.name,
  parentId: u.parentId,
  sort: u.sort,
  children,
});

export async function unitViews(units: OrgUnitDoc[]) {
  const counts = await childCounts(units.filter((u) => u.type !== 'courtyard').map((u) => u._id));
  return units.map((u) => unitView(u, counts.get(u._id) ?? 0));
}
