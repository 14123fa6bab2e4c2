import type { ActionResult } from '../../contracts';
import { call } from './api';

type Courtyards = ActionResult<'org.courtyards'>;

/** One option of TDesign's cascader. */
export interface CascaderOption {
  label: string;
  value: string;
  children?: CascaderOption[];
}

/** grid → micro-grid → courtyard, in the backend's order, for picking a courtyard of one community. */
export function courtyardOptions(data: Courtyards): CascaderOption[] {
  const grids: CascaderOption[] = [];
  const byId = new Map<string, CascaderOption>();
  for (const cy of data.courtyards) {
    let grid = byId.get(cy.grid.id);
    if (!grid) {
      grid = { label: cy.grid.name, value: cy.grid.id, children: [] };
      byId.set(cy.grid.id, grid);
      grids.push(grid);
    }
    let mg = byId.get(cy.microgrid.id);
    if (!mg) {
      mg = { label: cy.microgrid.name, value: cy.microgrid.id, children: [] };
      byId.set(cy.microgrid.id, mg);
      grid.children!.push(mg);
    }
    mg.children!.push({ label: cy.name, value: cy.id });
  }
  return grids;
}

// A community's courtyards change rarely; the pages of one session share what was fetched.
const cache = new Map<string, Promise<Courtyards>>();

export function loadCourtyards(communityId: string): Promise<Courtyards> {
  let hit = cache.get(communityId);
  if (!hit) {
    hit = call('org.courtyards', { communityId }, { silent: true });
    cache.set(communityId, hit);
    hit.catch(() => cache.delete(communityId));
  }
  return hit;
}

type UnitType = ActionResult<'org.children'>['unit']['type'];
const LEVELS: UnitType[] = ['street', 'community', 'grid', 'microgrid', 'courtyard'];

export interface ScopeTree {
  /** One root: the unit itself, with everything under it that a picker may choose. */
  options: CascaderOption[];
  /** Type and name of every unit in the tree, by id. */
  units: Map<string, { type: UnitType; name: string }>;
}

function find(options: CascaderOption[], id: string): CascaderOption | null {
  for (const o of options) {
    if (o.value === id) return o;
    const hit = o.children ? find(o.children, id) : null;
    if (hit) return hit;
  }
  return null;
}

/**
 * The org tree under a staff member's unit, for scope pickers (grants, QR codes). Built from
 * `org.courtyards`, one call per community, so it holds the grids and micro-grids that have
 * courtyards; the org tree page (`org.children`) is where empty units are seen and edited.
 */
export async function loadScopeTree(unitId: string): Promise<ScopeTree> {
  const level = await call('org.children', { unitId }, { silent: true });
  const unit = level.unit;
  let root: CascaderOption;
  if (unit.type === 'street') {
    const communities = level.children.filter((c) => c.type === 'community');
    const all = await Promise.all(communities.map((c) => loadCourtyards(c.id)));
    root = {
      label: unit.name,
      value: unit.id,
      children: all.map((d) => ({ label: d.community.name, value: d.community.id, children: courtyardOptions(d) })),
    };
  } else if (unit.type === 'courtyard') {
    root = { label: unit.name, value: unit.id };
  } else {
    const communityId = unit.type === 'community' ? unit.id : (level.ancestors.find((a) => a.type === 'community')?.id ?? '');
    const data = await loadCourtyards(communityId);
    const whole: CascaderOption = { label: data.community.name, value: data.community.id, children: courtyardOptions(data) };
    root = find([whole], unit.id) ?? { label: unit.name, value: unit.id };
  }
  const units = new Map<string, { type: UnitType; name: string }>();
  const walk = (o: CascaderOption, depth: number) => {
    units.set(o.value, { type: LEVELS[LEVELS.indexOf(unit.type) + depth] ?? 'courtyard', name: o.label });
    o.children?.forEach((c) => walk(c, depth + 1));
  };
  walk(root, 0);
  return { options: [root], units };
}
