import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWxacodeContent } from '../../local/emulator/openapi';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';
import { docs, expectNoScans, rid } from './identity-support';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const call: ApiHarness['act'] = (...args) => h.act(...args);

interface Code {
  code: string;
  scene: string;
  page: string;
  target: { type: string; id: string; name: string };
  label: string;
  fileId: string;
  tempUrl: string;
  createdAt: number;
  revoked: boolean;
}
interface Resolved {
  code: string;
  target: { type: string; id: string; name: string };
  community: { id: string; name: string };
  grid: { id: string } | null;
  microgrid: { id: string } | null;
  courtyard: { id: string; name: string } | null;
}

function decode(png: Buffer): string {
  const image = PNG.sync.read(png);
  const qr = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  if (!qr) throw new Error('no QR code in the PNG');
  return qr.data;
}

describe('join codes', () => {
  let created: Code;

  it('generates a courtyard code whose stored PNG decodes to the join page and a short scene', async () => {
    created = ok<Code>(
      await call('demo-grid-01', 'joinCode.create', { targetType: 'courtyard', targetId: 'cy-1-1-1-2', label: '3号门公告栏' }, rid()),
    );
    expect(created).toMatchObject({
      target: { type: 'courtyard', id: 'cy-1-1-1-2' },
      label: '3号门公告栏',
      page: 'packages/identity/pages/join/index',
      revoked: false,
    });
    expect(created.scene.length).toBeLessThanOrEqual(32);
    expect(created.fileId).toMatch(/^cloud:\/\//);
    const { fileContent } = await h.tc.cloud.downloadFile({ fileID: created.fileId });
    const content = parseWxacodeContent(decode(fileContent));
    expect(content).toMatchObject({ page: 'packages/identity/pages/join/index', scene: created.scene });
    // The temporary URL serves the same picture (what "save image" downloads).
    const res = await fetch(created.tempUrl);
    expect(res.status).toBe(200);
    expect(decode(Buffer.from(await res.arrayBuffer()))).toBe(decode(fileContent));
    expect(docs(h, 'audit_log', (d) => d.kind === 'joinCode.create' && d.scopeId === 'cy-1-1-1-2')).toHaveLength(1);
  });

  it('resolves the scene (encoded or not) to the courtyard, preselected with its community, grid and micro-grid', async () => {
    for (const scene of [created.scene, encodeURIComponent(created.scene), created.code.toLowerCase()]) {
      const r = ok<Resolved>(await call('brand-new-visitor', 'joinCode.resolve', { scene }));
      expect(r).toMatchObject({
        code: created.code,
        target: { type: 'courtyard', id: 'cy-1-1-1-2' },
        community: { id: 'cm-1', name: '锦绣社区' },
        grid: { id: 'gd-1-1' },
        microgrid: { id: 'mg-1-1-1' },
        courtyard: { id: 'cy-1-1-1-2' },
      });
    }
    const community = ok<Resolved>(await call('demo-guest', 'joinCode.resolve', { scene: 'j=DEMOC2' }));
    expect(community).toMatchObject({
      target: { type: 'community', id: 'cm-2' },
      community: { name: '梧桐社区' },
      grid: null,
      courtyard: null,
    });
  });

  it('answers NOT_FOUND for unknown, malformed and revoked codes; nobody without an identity', async () => {
    expect(err(await call('demo-guest', 'joinCode.resolve', { scene: 'j=NOPE9999' })).code).toBe('NOT_FOUND');
    expect(err(await call('demo-guest', 'joinCode.resolve', { scene: 'not a code!' })).message).toBe('二维码无效');
    expect(err(await call('demo-guest', 'joinCode.resolve', { scene: 'j=DEMOX1' })).message).toBe('该二维码已失效，请向社区索取新的二维码');
    expect(err(await call('demo-guest', 'joinCode.resolve', { scene: '' })).code).toBe('VALIDATION_FAILED');
    expect(err(await call('demo-guest', 'joinCode.resolve', { scene: 'x'.repeat(65) })).code).toBe('VALIDATION_FAILED');
    expect(err(await call(undefined, 'joinCode.resolve', { scene: created.scene })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses people outside the target’s scope, and a target of the wrong kind, writing nothing', async () => {
    const before = await h.snapshot();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['demo-grid-01', { targetType: 'community', targetId: 'cm-1' }, 'FORBIDDEN'],
      ['demo-grid-02', { targetType: 'courtyard', targetId: 'cy-1-1-1-2' }, 'FORBIDDEN'],
      ['demo-community-2', { targetType: 'courtyard', targetId: 'cy-1-1-1-2' }, 'FORBIDDEN'],
      ['demo-resident-001', { targetType: 'courtyard', targetId: 'cy-1-1-1-1' }, 'FORBIDDEN'],
      ['demo-property-1', { targetType: 'courtyard', targetId: 'cy-1-1-1-1' }, 'FORBIDDEN'],
      ['demo-community-1', { targetType: 'courtyard', targetId: 'gd-1-1' }, 'FORBIDDEN'],
      ['demo-community-1', { targetType: 'courtyard', targetId: 'cm-1' }, 'VALIDATION_FAILED'],
      ['demo-community-1', { targetType: 'activity', targetId: 'cm-1' }, 'VALIDATION_FAILED'],
      ['demo-community-1', { targetType: 'community', targetId: 'cm-404' }, 'NOT_FOUND'],
      ['demo-community-1', { targetType: 'community', targetId: 'cm-1', label: 'x'.repeat(31) }, 'VALIDATION_FAILED'],
    ];
    for (const [who, payload, code] of cases)
      expect(err(await call(who, 'joinCode.create', payload, rid())).code, `${who} ${JSON.stringify(payload)}`).toBe(code);
    const { rate_limits: _a, ...after } = await h.snapshot();
    const { rate_limits: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it('lists the codes of a scope newest first, page by page', async () => {
    ok<Code>(await call('demo-community-1', 'joinCode.create', { targetType: 'community', targetId: 'cm-1' }, rid()));
    const seen: Code[] = [];
    let cursor: string | undefined;
    do {
      const page = ok<{ items: Code[]; nextCursor: string | null }>(
        await call('demo-community-1', 'joinCode.list', { unitId: 'cm-1', limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((c) => c.code).sort()).toEqual(
      docs<{ _id: string; orgPath: string[] }>(h, 'join_codes', (d) => (d.orgPath as string[]).includes('cm-1'))
        .map((d) => d._id)
        .sort(),
    );
    expect(seen.map((c) => c.createdAt)).toEqual([...seen.map((c) => c.createdAt)].sort((a, b) => b - a));
    expect(seen.find((c) => c.code === created.code)?.tempUrl).toMatch(/^https?:\/\//);
    const gridView = ok<{ items: Code[] }>(await call('demo-grid-01', 'joinCode.list', { unitId: 'gd-1-1' }));
    expect(gridView.items.every((c) => c.target.type === 'courtyard')).toBe(true);
    expect(err(await call('demo-grid-01', 'joinCode.list', { unitId: 'cm-1' })).code).toBe('FORBIDDEN');
    expect(err(await call('demo-resident-001', 'joinCode.list', { unitId: 'cy-1-1-1-1' })).code).toBe('FORBIDDEN');
  });

  it('revokes a code once (a repeat changes nothing), after which scanning it says so', async () => {
    expect(err(await call('demo-grid-02', 'joinCode.revoke', { code: created.code }, rid())).code).toBe('FORBIDDEN');
    expect(err(await call('demo-community-1', 'joinCode.revoke', { code: 'NOPE9999' }, rid())).code).toBe('NOT_FOUND');
    const out = ok<Code>(await call('demo-community-1', 'joinCode.revoke', { code: created.code }, rid()));
    expect(out.revoked).toBe(true);
    expect(ok<Code>(await call('demo-grid-01', 'joinCode.revoke', { code: created.code.toLowerCase() }, rid())).revoked).toBe(true);
    expect(docs(h, 'audit_log', (d) => d.kind === 'joinCode.revoke')).toHaveLength(1);
    expect(err(await call('demo-guest', 'joinCode.resolve', { scene: created.scene })).code).toBe('NOT_FOUND');
  });

  it('ran every query on an index', () => expectNoScans(h));
});
