import type { ReportCategory } from '../../contracts/reports';
import { collection, command, findMany } from '../core/db';
import { USERS, type Place, type UserDoc } from '../identity/model';
import type { OrgUnitDoc } from '../org/model';
import { roleKey } from '../roles/grants';
import { displayName } from './access';
import type { AssigneeDoc } from './model';

/** What routing needs of a person: who they are, their roles, and their subscribe quota for the notice. */
export type HandlerUser = Pick<UserDoc, '_id' | 'realName' | 'nickname' | 'roles' | 'roleKeys' | 'subscribeQuota'>;

export interface LocalHandlers {
  gridWorkers: HandlerUser[];
  propertyManagers: HandlerUser[];
  communityStaff: HandlerUser[];
  all: HandlerUser[];
}

const byOpenid = (a: HandlerUser, b: HandlerUser) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * Everyone who works the place: its grid's workers, the courtyard's property managers and the
 * community's staff, in one query on the indexed `roleKeys` (`role@scopeId`).
 */
export async function loadLocalHandlers(place: Required<Place>): Promise<LocalHandlers> {
  const keys = [
    roleKey('grid_worker', place.gridId),
    roleKey('property_manager', place.courtyardId),
    roleKey('community_staff', place.communityId),
  ];
  const all = await findMany<HandlerUser>(
    collection(USERS)
      .where({ roleKeys: command().in(keys) })
      .field({ _id: true, realName: true, nickname: true, roles: true, roleKeys: true, subscribeQuota: true })
      .limit(100),
  );
  const holding = (key: string) => all.filter((u) => (u.roleKeys ?? []).includes(key)).sort(byOpenid);
  return {
    gridWorkers: holding(keys[0] as string),
    propertyManagers: holding(keys[1] as string),
    communityStaff: holding(keys[2] as string),
    all,
  };
}

export interface Route {
  assignee: AssigneeDoc;
  /** The people told about the new report (the assignee, or every community staff for the queue). */
  notify: HandlerUser[];
  /** The units whose queue shows the report: the community when nobody is responsible. */
  watch: string[];
}

/**
 * Who handles a new report: property matters go to the courtyard's property manager when there is
 * one; everything else (and property without a manager) to the grid worker, the lowest OPENID when
 * a grid has several, or to `preferred` when that grid worker is reporting it themselves; nobody →
 * the community's queue, and every community staff member is told.
 */
export function routeReport(
  category: ReportCategory,
  handlers: LocalHandlers,
  units: Map<string, OrgUnitDoc>,
  place: Required<Place>,
  preferred?: string,
): Route {
  const name = (id: string) => units.get(id)?.name ?? '';
  const manager = category === 'property' ? handlers.propertyManagers[0] : undefined;
  if (manager) {
    return {
      assignee: {
        kind: 'property',
        openid: manager._id,
        name: displayName(manager),
        unitId: place.courtyardId,
        unitName: name(place.courtyardId),
      },
      notify: [manager],
      watch: [],
    };
  }
  const worker = handlers.gridWorkers.find((u) => u._id === preferred) ?? handlers.gridWorkers[0];
  if (worker) {
    return {
      assignee: { kind: 'grid_worker', openid: worker._id, name: displayName(worker), unitId: place.gridId, unitName: name(place.gridId) },
      notify: [worker],
      watch: [],
    };
  }
  return {
    assignee: {
      kind: 'community',
      openid: null,
      name: name(place.communityId),
      unitId: place.communityId,
      unitName: name(place.communityId),
    },
    notify: handlers.communityStaff,
    watch: [place.communityId],
  };
}
