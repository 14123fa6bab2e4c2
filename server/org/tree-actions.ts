import type { Context } from '../core/context';
import { defineAction } from '../core/action';
import { checkText } from '../core/content-check';
import { collection, command, count, findMany, patch, put, removeById, removeWhere, transact, updateWhere } from '../core/db';
import { AppError } from '../core/errors';
import { HOUSEHOLDS, REGISTRATIONS, USERS } from '../identity/model';
import { auditDoc, writeAudit } from '../roles/audit';
import { ORG_SCOPE_TYPES, coveringGrant } from '../roles/matrix';
import { CHILD_TYPE, ID_PREFIX, JOIN_CODES, ORG_CONTACTS, ORG_UNITS, contactsId, type OrgUnitDoc } from './model';
import { newId } from '../core/paging';
import { loadUnits, orgPathOf, placeOfCourtyard, requireUnit, streetUnit, unitRef } from './units';
import { unitView, unitViews } from './views';

/** Who maintains the tree: community staff within their community, the street administrator everywhere. */
const EDITORS = ['community_staff', 'street_admin'] as const;
const TYPE_NAMES = { street: '街道', community: '社区', grid: '网格', microgrid: '微网格', courtyard: '院落' } as const;

async function siblingsOf(parentId: string): Promise<OrgUnitDoc[]> {
  return findMany<OrgUnitDoc>(collection(ORG_UNITS).where({ parentId }).orderBy('sort', 'asc').limit(1000));
}

/** Unit names are public (every resident sees them): anything short of a clear pass is refused, there is no reviewer for them. */
async function checkUnitName(ctx: Context, name: string): Promise<void> {
  const message = '名称未通过内容安全检测，请修改';
  if ((await checkText(ctx.openid, name, 2, message)) !== 'pass') throw new AppError('CONTENT_REJECTED', message);
}

const children = defineAction({
  name: 'org.children',
  access: 'registered',
  mutates: false,
  async handler(_ctx, input) {
    const unit = input.unitId ? await requireUnit(input.unitId) : await streetUnit();
    const [kids, ancestors] = await Promise.all([siblingsOf(unit._id), loadUnits(unit.path)]);
    return {
      unit: unitView(unit, kids.length),
      ancestors: unit.path.map((id) => ({ ...unitRef(ancestors.get(id), id), type: ancestors.get(id)?.type ?? 'street' })),
      children: await unitViews(kids),
    };
  },
});

const courtyards = defineAction({
  name: 'org.courtyards',
  access: 'registered',
  mutates: false,
  async handler(_ctx, input) {
    const community = await requireUnit(input.communityId, 'community', '社区');
    const units = await findMany<OrgUnitDoc>(
      collection(ORG_UNITS)
        .where({ communityId: community._id, type: command().in(['grid', 'microgrid', 'courtyard']) })
        .limit(1000),
    );
    const byId = new Map(units.map((u) => [u._id, u]));
    const order = (u: OrgUnitDoc | undefined) => u?.sort ?? 0;
    const list = units
      .filter((u) => u.type === 'courtyard')
      .map((cy) => ({ cy, grid: byId.get(cy.path[2] ?? ''), microgrid: byId.get(cy.path[3] ?? '') }))
      .sort((a, b) => order(a.grid) - order(b.grid) || order(a.microgrid) - order(b.microgrid) || a.cy.sort - b.cy.sort);
    return {
      community: unitRef(community),
      courtyards: list.map(({ cy, grid, microgrid }) => ({
        ...unitRef(cy),
        grid: unitRef(grid, cy.path[2]),
        microgrid: unitRef(microgrid, cy.path[3]),
      })),
    };
  },
});

const createUnit = defineAction({
  name: 'org.createUnit',
  access: EDITORS,
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.parentId },
  mutates: true,
  rateLimit: { max: 60, windowSeconds: 3600 },
  async handler(ctx, input) {
    const parent = await requireUnit(input.parentId);
    const type = CHILD_TYPE[parent.type];
    if (!type) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'parentId', message: '院落下不能再建下级' }]);
    const siblings = await siblingsOf(parent._id);
    if (siblings.some((s) => s.name === input.name)) throw new AppError('CONFLICT', `${parent.name}下已有同名的${TYPE_NAMES[type]}`);
    await checkUnitName(ctx, input.name);
    const id = newId(ID_PREFIX[type]);
    const unit: OrgUnitDoc = {
      _id: id,
      type,
      name: input.name,
      parentId: parent._id,
      path: orgPathOf(parent),
      communityId: type === 'community' ? id : parent.communityId,
      sort: (siblings[siblings.length - 1]?.sort ?? 0) + 1,
    };
    const at = ctx.now();
    await transact(async (tx) => {
      await put(ORG_UNITS, id, { ...unit }, tx);
      await writeAudit(
        [
          auditDoc(at, {
            kind: 'org.create',
            actorOpenid: ctx.openid,
            scopeType: type,
            scopeId: id,
            scopePath: orgPathOf(unit),
            detail: { name: `${TYPE_NAMES[type]}「${unit.name}」` },
          }),
        ],
        tx,
      );
    });
    return unitView(unit, 0);
  },
});

const renameUnit = defineAction({
  name: 'org.renameUnit',
  access: EDITORS,
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.unitId },
  mutates: true,
  rateLimit: { max: 60, windowSeconds: 3600 },
  async handler(ctx, input) {
    const unit = await requireUnit(input.unitId);
    const kids = unit.type === 'courtyard' ? 0 : (await siblingsOf(unit._id)).length;
    if (unit.name === input.name) return unitView(unit, kids);
    if (unit.parentId && (await siblingsOf(unit.parentId)).some((s) => s._id !== unit._id && s.name === input.name)) {
      throw new AppError('CONFLICT', `同级已有名为「${input.name}」的${TYPE_NAMES[unit.type]}`);
    }
    await checkUnitName(ctx, input.name);
    const at = ctx.now();
    await transact(async (tx) => {
      await patch(ORG_UNITS, unit._id, { name: input.name }, tx);
      await writeAudit(
        [
          auditDoc(at, {
            kind: 'org.rename',
            actorOpenid: ctx.openid,
            scopeType: unit.type,
            scopeId: unit._id,
            scopePath: orgPathOf(unit),
            detail: { from: unit.name, to: input.name },
          }),
        ],
        tx,
      );
    });
    return unitView({ ...unit, name: input.name }, kids);
  },
});

/**
 * Residents, registrations, households and join codes carry their courtyard's grid and micro-grid
 * (so queues by level are one indexed query). After a move they are refreshed here; the refresh is
 * idempotent, and moving a unit to where it already is runs it again (the repair path if it was cut short).
 */
async function refreshCourtyard(cy: OrgUnitDoc): Promise<void> {
  const place = placeOfCourtyard(cy);
  const orgPath = orgPathOf(cy);
  const _ = command();
  await Promise.all([
    updateWhere(collection(USERS).where({ 'place.courtyardId': cy._id }), {
      place: { gridId: place.gridId, microgridId: place.microgridId },
    }),
    updateWhere(collection(REGISTRATIONS).where({ orgPath: cy._id }), { place: _.set(place), orgPath: _.set(orgPath) }),
    updateWhere(collection(HOUSEHOLDS).where({ courtyardId: cy._id }), { place: _.set(place), orgPath: _.set(orgPath) }),
    updateWhere(collection(JOIN_CODES).where({ targetId: cy._id }), { orgPath: _.set(orgPath) }),
  ]);
}

const moveUnit = defineAction({
  name: 'org.moveUnit',
  access: EDITORS,
  scope: { type: ['microgrid', 'courtyard'], from: (input) => input.unitId },
  mutates: true,
  rateLimit: { max: 60, windowSeconds: 3600 },
  async handler(ctx, input) {
    const unit = await requireUnit(input.unitId);
    const parent = await requireUnit(input.newParentId, undefined, '目标上级');
    if (CHILD_TYPE[parent.type] !== unit.type) {
      throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'newParentId', message: '院落只能移到微网格下，微网格只能移到网格下' }]);
    }
    if (parent.communityId !== unit.communityId) {
      throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'newParentId', message: '只能在同一社区内移动' }]);
    }
    if (!coveringGrant(ctx.user?.roles, EDITORS, parent)) throw new AppError('FORBIDDEN', '目标上级超出了您的管理范围');

    const descendants = await findMany<OrgUnitDoc>(collection(ORG_UNITS).where({ path: unit._id }).limit(1000));
    const oldPrefix = orgPathOf(unit);
    const newPath = orgPathOf(parent);
    const moved: OrgUnitDoc =
      unit.parentId === parent._id
        ? unit
        : { ...unit, parentId: parent._id, path: newPath, sort: ((await siblingsOf(parent._id)).at(-1)?.sort ?? 0) + 1 };
    const rebased = descendants.map((d) => ({ ...d, path: [...orgPathOf(moved), ...d.path.slice(oldPrefix.length)] }));
    if (moved !== unit) {
      const at = ctx.now();
      const names = await loadUnits([unit.parentId ?? '']);
      await transact(async (tx) => {
        await patch(ORG_UNITS, unit._id, { parentId: moved.parentId, path: command().set(moved.path), sort: moved.sort }, tx);
        for (const d of rebased) await patch(ORG_UNITS, d._id, { path: command().set(d.path) }, tx);
        await writeAudit(
          [
            auditDoc(at, {
              kind: 'org.move',
              actorOpenid: ctx.openid,
              scopeType: unit.type,
              scopeId: unit._id,
              scopePath: orgPathOf(moved),
              detail: { name: unit.name, fromParent: names.get(unit.parentId ?? '')?.name ?? '', toParent: parent.name },
            }),
          ],
          tx,
        );
      });
    }
    for (const cy of [moved, ...rebased].filter((u) => u.type === 'courtyard')) await refreshCourtyard(cy);
    return unitView(moved, descendants.filter((d) => d.parentId === unit._id).length);
  },
});

const reorderUnits = defineAction({
  name: 'org.reorderUnits',
  access: EDITORS,
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.parentId },
  mutates: true,
  async handler(ctx, input) {
    const parent = await requireUnit(input.parentId);
    const kids = await siblingsOf(parent._id);
    const given = new Set(input.orderedIds);
    if (given.size !== input.orderedIds.length || given.size !== kids.length || kids.some((k) => !given.has(k._id))) {
      throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'orderedIds', message: '须列出全部下级，且不能重复' }]);
    }
    const sortOf = new Map(input.orderedIds.map((id, i) => [id, i + 1]));
    const changed = kids.filter((k) => k.sort !== sortOf.get(k._id));
    if (changed.length) {
      const at = ctx.now();
      await transact(async (tx) => {
        for (const k of changed) await patch(ORG_UNITS, k._id, { sort: sortOf.get(k._id) }, tx);
        await writeAudit(
          [
            auditDoc(at, {
              kind: 'org.reorder',
              actorOpenid: ctx.openid,
              scopeType: parent.type,
              scopeId: parent._id,
              scopePath: orgPathOf(parent),
            }),
          ],
          tx,
        );
      });
    }
    const reordered = kids.map((k) => ({ ...k, sort: sortOf.get(k._id) ?? k.sort })).sort((a, b) => a.sort - b.sort);
    return { children: await unitViews(reordered) };
  },
});

const deleteUnit = defineAction({
  name: 'org.deleteUnit',
  access: EDITORS,
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.unitId },
  mutates: true,
  async handler(ctx, input) {
    const unit = await requireUnit(input.unitId);
    if (unit.type === 'street') throw new AppError('CONFLICT', '街道不能删除');
    const _ = command();
    const [kids, residents, staff] = await Promise.all([
      count(collection(ORG_UNITS).where({ parentId: unit._id })),
      // Verified and pending registrations are the residents who live (or are about to) in the unit.
      count(collection(REGISTRATIONS).where({ orgPath: unit._id, status: _.in(['pending', 'verified']) })),
      count(collection(USERS).where({ roleUnits: unit._id })),
    ]);
    if (kids > 0) throw new AppError('CONFLICT', '请先删除或移走下级单位');
    if (residents > 0) throw new AppError('CONFLICT', '该单位还有居民或待审核的登记，不能删除');
    if (staff > 0) throw new AppError('CONFLICT', '该单位还有担任角色的人员，请先撤销其角色');
    const at = ctx.now();
    await transact(async (tx) => {
      await removeById(ORG_UNITS, unit._id, tx);
      await writeAudit(
        [
          auditDoc(at, {
            kind: 'org.delete',
            actorOpenid: ctx.openid,
            scopeType: unit.type,
            scopeId: unit._id,
            scopePath: orgPathOf(unit),
            detail: { name: `${TYPE_NAMES[unit.type]}「${unit.name}」`, scopeName: unit.name },
          }),
        ],
        tx,
      );
    });
    // What hangs off the unit and means nothing without it: its three-in-one sections, empty households, its join codes.
    const sections = (['party', 'residents_group', 'grid', 'microgrid'] as const).map((s) => contactsId(unit._id, s));
    await Promise.all([
      removeWhere(collection(ORG_CONTACTS).where({ _id: _.in(sections) })),
      removeWhere(collection(HOUSEHOLDS).where({ courtyardId: unit._id, memberCount: 0 })),
      updateWhere(collection(JOIN_CODES).where({ targetId: unit._id, revokedAt: null }), {
        revokedAt: new Date(at),
        revokedBy: ctx.openid,
      }),
    ]);
    return { id: unit._id, deleted: true as const };
  },
});

export const treeActions = [children, courtyards, createUnit, renameUnit, moveUnit, reorderUnits, deleteUnit];
