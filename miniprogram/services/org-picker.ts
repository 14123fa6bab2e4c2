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
