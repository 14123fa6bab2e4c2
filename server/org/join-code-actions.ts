import { randomInt } from 'node:crypto';
import { defineAction } from '../core/action';
import { getCloud } from '../core/cloud';
import { collection, command, findById, findMany, patch, put, transact, txGet } from '../core/db';
import { AppError } from '../core/errors';
import { auditDoc, writeAudit } from '../roles/audit';
import { ORG_SCOPE_TYPES } from '../roles/matrix';
import { JOIN_CODES, JOIN_PAGE, sceneOf, type JoinCodeDoc } from './model';
import { DEFAULT_PAGE, decodeCursor, pageOf, sortKey } from '../core/paging';
import { loadUnits, orgPathOf, requireUnit, unitRef } from './units';

const MAKERS = ['grid_worker', 'community_staff', 'street_admin'] as const;
// No 0/O, 1/I/L: the code may be read out or typed from a poster.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;
const GONE = '该二维码已失效，请向社区索取新的二维码';

const newCode = () => Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** Temporary https URLs for stored PNGs, at most 50 a call (the platform's limit); '' where signing failed. */
async function tempUrls(fileIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < fileIds.length; i += 50) {
    const pending = getCloud().getTempFileURL({ fileList: fileIds.slice(i, i + 50) });
    if (!pending) continue;
    const res = await pending;
    for (const f of res.fileList) if (f.tempFileURL) out.set(f.fileID, f.tempFileURL);
  }
  return out;
}

async function views(docs: JoinCodeDoc[]) {
  const [units, urls] = await Promise.all([loadUnits(docs.map((d) => d.targetId)), tempUrls(docs.map((d) => d.fileId).filter(Boolean))]);
  return docs.map((d) => ({
    code: d._id,
    scene: d.scene,
    page: d.page,
    target: { type: d.targetType, id: d.targetId, name: units.get(d.targetId)?.name ?? '' },
    label: d.label,
    fileId: d.fileId,
    tempUrl: urls.get(d.fileId) ?? '',
    createdAt: new Date(d.createdAt).getTime(),
    revoked: !!d.revokedAt,
  }));
}

async function requireCode(raw: string): Promise<JoinCodeDoc> {
  const doc = await findById<JoinCodeDoc>(JOIN_CODES, raw.toUpperCase());
  if (!doc) throw new AppError('NOT_FOUND', '二维码不存在');
  return doc;
}

const create = defineAction({
  name: 'joinCode.create',
  access: MAKERS,
  scope: { type: ['community', 'courtyard'], from: (input) => input.targetId },
  mutates: true,
  rateLimit: { max: 30, windowSeconds: 3600 },
  async handler(ctx, input) {
    const target = await requireUnit(input.targetId);
    if (target.type !== input.targetType)
      throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'targetType', message: '类型与所选单位不符' }]);
    let code = newCode();
    for (let tries = 0; (await findById(JOIN_CODES, code)) && tries < 5; tries++) code = newCode();
    const scene = sceneOf(code);
    const cloud = getCloud();
    // check_path false: the page must exist in the released version for WeChat to check it, which a new page does not yet.
    const qr = await cloud.openapi.wxacode.getUnlimited({ scene, page: JOIN_PAGE, checkPath: false, width: 430 });
    const upload = await cloud.uploadFile({ cloudPath: `join-codes/${target._id}/${code}.png`, fileContent: qr.buffer });
    const at = ctx.now();
    const doc: JoinCodeDoc = {
      _id: code,
      scene,
      page: JOIN_PAGE,
      targetType: input.targetType,
      targetId: target._id,
      orgPath: orgPathOf(target),
      label: input.label ?? '',
      fileId: upload.fileID,
      createdBy: ctx.openid,
      createdAt: new Date(at),
      sk: sortKey(at, code),
      revokedAt: null,
      revokedBy: null,
    };
    await transact(async (tx) => {
      if (await txGet(tx, JOIN_CODES, code)) throw new AppError('CONFLICT', '生成二维码时编号冲突，请重试');
      await put(JOIN_CODES, code, { ...doc }, tx);
      await writeAudit(
        [
          auditDoc(at, {
            kind: 'joinCode.create',
            actorOpenid: ctx.openid,
            scopeType: target.type,
            scopeId: target._id,
            scopePath: doc.orgPath,
            detail: { code },
          }),
        ],
        tx,
      );
    });
    return (await views([doc]))[0] as Awaited<ReturnType<typeof views>>[number];
  },
});

const list = defineAction({
  name: 'joinCode.list',
  access: MAKERS,
  scope: { type: ORG_SCOPE_TYPES, from: (input) => input.unitId },
  mutates: false,
  async handler(_ctx, input) {
    const limit = input.limit ?? DEFAULT_PAGE;
    const after = decodeCursor(input.cursor);
    const filter: Record<string, unknown> = { orgPath: input.unitId };
    if (after) filter.sk = command().lt(after);
    const rows = await findMany<JoinCodeDoc>(
      collection(JOIN_CODES)
        .where(filter)
        .orderBy('sk', 'desc')
        .limit(limit + 1),
    );
    const page = pageOf(rows, limit, (d) => d.sk);
    return { items: await views(page.rows), nextCursor: page.nextCursor };
  },
});

const revoke = defineAction({
  name: 'joinCode.revoke',
  access: MAKERS,
  scope: { type: ['community', 'courtyard'], from: async (input) => (await requireCode(input.code)).targetId },
  mutates: true,
  async handler(ctx, input) {
    const code = input.code.toUpperCase();
    const at = ctx.now();
    const doc = await transact(async (tx) => {
      const current = await txGet<JoinCodeDoc>(tx, JOIN_CODES, code);
      if (!current) throw new AppError('NOT_FOUND', '二维码不存在');
      if (current.revokedAt) return current;
      const change = { revokedAt: new Date(at), revokedBy: ctx.openid };
      await patch(JOIN_CODES, code, change, tx);
      await writeAudit(
        [
          auditDoc(at, {
            kind: 'joinCode.revoke',
            actorOpenid: ctx.openid,
            scopeType: current.targetType,
            scopeId: current.targetId,
            scopePath: current.orgPath,
            detail: { code },
          }),
        ],
        tx,
      );
      return { ...current, ...change };
    });
    return (await views([doc]))[0] as Awaited<ReturnType<typeof views>>[number];
  },
});

/** The join page passes options.scene (URL-decoded, or not: both are accepted). */
function codeFromScene(scene: string): string | null {
  let text = scene;
  try {
    text = decodeURIComponent(scene);
  } catch {
    // Not URL-encoded: use as is.
  }
  return /^(?:j=)?([A-Za-z0-9]{4,16})$/.exec(text.trim())?.[1]?.toUpperCase() ?? null;
}

const resolve = defineAction({
  name: 'joinCode.resolve',
  access: 'authenticated',
  mutates: false,
  // Codes are short: a per-caller limit keeps anyone from walking the code space.
  rateLimit: { max: 30, windowSeconds: 60 },
  async handler(_ctx, input) {
    const code = codeFromScene(input.scene);
    if (!code) throw new AppError('NOT_FOUND', '二维码无效');
    const doc = await findById<JoinCodeDoc>(JOIN_CODES, code);
    if (!doc || doc.revokedAt) throw new AppError('NOT_FOUND', GONE);
    const units = await loadUnits(doc.orgPath);
    const target = units.get(doc.targetId);
    if (!target) throw new AppError('NOT_FOUND', GONE);
    const [, communityId, gridId, microgridId] = orgPathOf(target);
    const ref = (id: string | undefined) => (id && units.get(id) ? unitRef(units.get(id)) : null);
    return {
      code: doc._id,
      target: { type: doc.targetType, id: target._id, name: target.name },
      community: unitRef(units.get(communityId ?? ''), communityId),
      grid: doc.targetType === 'courtyard' ? ref(gridId) : null,
      microgrid: doc.targetType === 'courtyard' ? ref(microgridId) : null,
      courtyard: doc.targetType === 'courtyard' ? unitRef(target) : null,
    };
  },
});

export const joinCodeActions = [create, list, revoke, resolve];
