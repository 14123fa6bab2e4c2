import { loadUnits } from '../org/units';
import { displayName } from './access';
import type { ReportDoc } from './model';
import { loadLocalHandlers } from './routing';

/** The people a report may be dispatched or transferred to: its grid's workers, the courtyard's property, the community's staff. */
export async function handlerOptions(r: ReportDoc, callerOpenid: string) {
  const [people, units] = await Promise.all([
    loadLocalHandlers(r.place),
    loadUnits([r.place.gridId, r.place.courtyardId, r.place.communityId]),
  ]);
  const name = (id: string) => units.get(id)?.name ?? '';
  const rows = [
    ...people.gridWorkers.map((u) => ({ u, duty: `网格员 · ${name(r.place.gridId)}` })),
    ...people.propertyManagers.map((u) => ({ u, duty: `物业经理 · ${name(r.place.courtyardId)}` })),
    ...people.communityStaff.map((u) => ({ u, duty: `社区工作人员 · ${name(r.place.communityId)}` })),
  ];
  const seen = new Set<string>();
  return rows
    .filter(({ u }) => u._id !== callerOpenid && !seen.has(u._id) && !!seen.add(u._id))
    .map(({ u, duty }) => ({ openid: u._id, name: displayName(u), duty }));
}
