import { collection, command, findById, findMany } from '../core/db';
import { AppError } from '../core/errors';
import type { Place } from '../identity/model';
import { ORG_UNITS, type OrgUnitDoc, type OrgUnitType } from './model';

export const unitRef = (u: Pick<OrgUnitDoc, '_id' | 'name'> | undefined, fallbackId = '') => ({
  id: u?._id ?? fallbackId,
  name: u?.name ?? '',
});

/** Every unit named, in one query; unknown ids are simply absent. */
export async function loadUnits(ids: Iterable<string>): Promise<Map<string, OrgUnitDoc>> {
  const list = [...new Set([...ids].filter(Boolean))];
  if (list.length === 0) return new Map();
  const out = new Map<string, OrgUnitDoc>();
  // The platform caps one read at 1000 documents; chunks keep large pages safe.
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const units = await findMany<OrgUnitDoc>(
      collection(ORG_UNITS)
        .where({ _id: command().in(chunk) })
        .limit(chunk.length),
    );
    for (const u of units) out.set(u._id, u);
  }
  return out;
}

export async function requireUnit(id: string, type?: OrgUnitType, label = '单位'): Promise<OrgUnitDoc> {
  const unit = await findById<OrgUnitDoc>(ORG_UNITS, id);
  if (!unit || (type && unit.type !== type)) throw new AppError('NOT_FOUND', `${label}不存在`);
  return unit;
}

export async function requireCourtyard(id: string): Promise<OrgUnitDoc> {
  return requireUnit(id, 'courtyard', '院落');
}

/** The unit's ancestors and itself. */
export const orgPathOf = (u: Pick<OrgUnitDoc, '_id' | 'path'>): string[] => [...u.path, u._id];

/** A courtyard's path is [street, community, grid, micro-grid]. */
export function placeOfCourtyard(cy: OrgUnitDoc): Required<Place> {
  return {
    communityId: cy.path[1] ?? '',
    gridId: cy.path[2] ?? '',
    microgridId: cy.path[3] ?? '',
    courtyardId: cy._id,
  };
}

export const placeIds = (p: Place | null | undefined): string[] =>
  p ? [p.communityId, p.gridId, p.microgridId ?? '', p.courtyardId].filter(Boolean) : [];

/**
 * Names for a place. A place written before micro-grids were denormalised finds its micro-grid
 * through the courtyard's path, which the caller loaded along with the ids.
 */
export function placeView(units: Map<string, OrgUnitDoc>, p: Place) {
  const microgridId = p.microgridId || units.get(p.courtyardId)?.path[3] || '';
  return {
    community: unitRef(units.get(p.communityId), p.communityId),
    grid: unitRef(units.get(p.gridId), p.gridId),
    microgrid: unitRef(units.get(microgridId), microgridId),
    courtyard: unitRef(units.get(p.courtyardId), p.courtyardId),
  };
}

export async function streetUnit(): Promise<OrgUnitDoc> {
  const [street] = await findMany<OrgUnitDoc>(collection(ORG_UNITS).where({ type: 'street' }).limit(1));
  if (!street) throw new AppError('NOT_FOUND', '尚未建立街道信息');
  return street;
}

/** Units a unit-scoped query may take, and the users field that holds that level. */
export const PLACE_FIELD: Partial<Record<OrgUnitType, string>> = {
  community: 'place.communityId',
  grid: 'place.gridId',
  microgrid: 'place.microgridId',
  courtyard: 'place.courtyardId',
};
