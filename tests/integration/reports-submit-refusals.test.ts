import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_LIMITS } from '../../contracts/reports';
import { listOutbox } from '../../local/emulator/openapi';
import { startApiHarness, err, ok, type ApiHarness } from '../support/api-harness';
import { docs, withoutCounters } from './identity-support';
import { GRID, NEIGHBOUR, RESIDENT, expectNoScans, photo, upload, submit } from './reports-commands-support';

let h: ApiHarness;
beforeAll(async () => {
  process.env.LINLI_MEDIACHECK_DELAY_MS = '600000';
  h = await startApiHarness();
});
afterAll(() => h?.close());

/** Submits as `openid` and expects VALIDATION_FAILED (or `code`) with nothing written. */
async function refused(payload: Record<string, unknown>, openid = RESIDENT, code = 'VALIDATION_FAILED') {
  const before = withoutCounters(await h.snapshot());
  const e = err(await h.act(openid, 'reports.submit', { text: '路灯不亮', category: 'facility', ...payload }));
  expect(e.code, e.message).toBe(code);
  expect(withoutCounters(await h.snapshot())).toEqual(before);
  return e;
}

const video = async (durationMs: number, extra: Record<string, unknown> = {}) => ({
  kind: 'video' as const,
  fileId: await upload(h, RESIDENT, { name: 'clip.mp4' }),
  size: 4096,
  durationMs,
  thumbFileId: await upload(h, RESIDENT, { name: 'cover.jpg' }),
  ...extra,
});

describe('reports.submit refuses wrong media, writing nothing', () => {
  it('ten photos', async () => {
    const media = await Promise.all(Array.from({ length: 10 }, () => photo(h, RESIDENT)));
    const e = await refused({ media });
    expect(e.fields).toContainEqual({ path: 'media', message: `照片最多 ${MEDIA_LIMITS.images} 张` });
  });

  it('photos and a video together', async () => {
    const e = await refused({ media: [await photo(h, RESIDENT), await video(10_000)] });
    expect(e.fields).toContainEqual({ path: 'media', message: '照片和视频只能选一种' });
  });

  it('a video over 60 seconds, or without its cover', async () => {
    const long = await refused({ media: [await video(61_000)] });
    expect(long.fields).toContainEqual({ path: 'media.0.durationMs', message: '视频不能超过 60 秒' });
    const bare = await refused({ media: [await video(20_000, { thumbFileId: undefined })] });
    expect(bare.fields).toContainEqual({ path: 'media.0.thumbFileId', message: '请提供视频封面' });
  });

  it('a file over the size limit, declared or as stored', async () => {
    const declared = await refused({ media: [{ ...(await photo(h, RESIDENT)), size: MEDIA_LIMITS.imageBytes + 1 }] });
    expect(declared.fields).toContainEqual({ path: 'media.0.size', message: '照片不能超过 10 MB' });
    // The picker said 2 KB; storage holds 11 MB.
    const big = await upload(h, RESIDENT, { bytes: 11 * 1024 * 1024 });
    const actual = await refused({ media: [{ kind: 'image', fileId: big, size: 2048 }] });
    expect(actual.fields).toEqual([{ path: 'media.0.size', message: '照片不能超过 10 MB' }]);
  });

  it('a file in someone else’s folder', async () => {
    const theirs = await photo(h, RESIDENT, { folderOwner: NEIGHBOUR });
    const e = await refused({ media: [theirs] });
    expect(e.fields).toEqual([{ path: 'media.0.fileId', message: '文件不是您本人上传的，请重新上传' }]);
  });

  it('a file that is not in storage', async () => {
    const real = await photo(h, RESIDENT);
    const e = await refused({ media: [{ ...real, fileId: real.fileId.replace(/[^/]+$/, 'never-uploaded.jpg') }] });
    expect(e.fields).toEqual([{ path: 'media.0.fileId', message: '照片文件不存在，请重新上传' }]);
    expect(e.message).toBe('照片文件不存在，请重新上传');
  });

  it('risky text (CONTENT_REJECTED); text held for review is hidden from the public', async () => {
    await refused({ text: '这里有违禁词', media: [] }, RESIDENT, 'CONTENT_REJECTED');
    const held = await submit(h, RESIDENT, { text: '请看待审词这里', media: [] });
    expect(held.textCheck).toBe('review');
    const pub = ok<{ text: string }>(await h.act(NEIGHBOUR, 'reports.get', { id: held.id }));
    expect(pub.text).toBe('');
    expect(ok<{ text: string }>(await h.act(GRID, 'reports.get', { id: held.id })).text).toBe('请看待审词这里');
  });

  it('a guest, or a resident not yet verified', async () => {
    const g = await refused({ media: [] }, 'demo-guest', 'FORBIDDEN');
    expect(g.message).toContain('居民登记');
    await refused({ media: [] }, 'demo-resident-002', 'FORBIDDEN');
  });

  it('a proxy report by someone who does not work the courtyard', async () => {
    await refused({ media: [], courtyardId: 'cy-1-1-1-1', proxy: { residentName: '王奶奶' } }, 'demo-grid-02', 'FORBIDDEN');
    await refused({ media: [], courtyardId: 'cy-1-1-1-1', proxy: { residentName: '王奶奶' } }, NEIGHBOUR, 'FORBIDDEN');
  });

  it('accepts one video with its cover plus a voice note, and checks the cover and the voice', async () => {
    const voice = { kind: 'voice' as const, fileId: await upload(h, RESIDENT, { name: 'note.mp3' }), size: 3000, durationMs: 15_000 };
    const v = await video(30_000);
    const r = await submit(h, RESIDENT, { media: [v, voice], text: '' });
    const stored = docs<Record<string, unknown>>(h, 'reports', (d) => d._id === r.id)[0] as {
      media: { kind: string; traceId: string; thumbFileId: string | null }[];
    };
    expect(stored.media.map((m) => [m.kind, !!m.traceId])).toEqual([
      ['video', true],
      ['voice', true],
    ]);
    const calls = listOutbox(h.tc.emulator.ctx, { apiName: 'security.mediaCheckAsync', limit: 2 }).map((c) => [
      c.request.media_type,
      new URL(String(c.request.media_url)).pathname.split('/').pop(),
    ]);
    expect(calls.sort()).toEqual([
      [1, 'note.mp3'],
      [2, 'cover.jpg'],
    ]);
  });

  it('the same requestId twice makes one report', async () => {
    const media = [await photo(h, RESIDENT)];
    const payload = { text: '同一个请求', media };
    const a = ok<{ id: string }>(await h.act(RESIDENT, 'reports.submit', payload, 'same-request-0001'));
    const b = ok<{ id: string }>(await h.act(RESIDENT, 'reports.submit', payload, 'same-request-0001'));
    expect(b.id).toBe(a.id);
    expect(docs(h, 'reports', (d) => d.text === '同一个请求')).toHaveLength(1);
    expectNoScans(h);
  });
});
