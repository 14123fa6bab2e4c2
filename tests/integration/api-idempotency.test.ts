import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const update = (openid: string, payload: Record<string, unknown>, requestId?: string) =>
  h.call(openid, { action: 'me.updateProfile', payload, ...(requestId ? { requestId } : {}) });

async function userDoc(openid: string) {
  const res = (await h.tc.cloud.database().collection('users').where({ _id: openid }).get()) as { data: Array<Record<string, unknown>> };
  return res.data[0];
}

describe('idempotent mutations', () => {
  it('returns the first result to a retry with the same requestId, and changes nothing the second time', async () => {
    const first = ok(await update('demo-resident-010', { nickname: '晨跑的老周' }, 'req-aaaaaaaa-1'));
    const stamp = (await userDoc('demo-resident-010'))?.updatedAt;
    const retry = ok(await update('demo-resident-010', { nickname: '晨跑的老周' }, 'req-aaaaaaaa-1'));
    expect(retry).toEqual(first);
    expect((await userDoc('demo-resident-010'))?.updatedAt).toEqual(stamp);
  });

  it('keeps each caller’s requestIds apart', async () => {
    ok(await update('demo-resident-011', { nickname: '爱花的阿姨' }, 'req-shared-0001'));
    const other = ok<{ nickname: string }>(await update('demo-resident-012', { nickname: '下棋的大叔' }, 'req-shared-0001'));
    expect(other.nickname).toBe('下棋的大叔');
  });

  it('refuses a requestId reused for a different payload, writing nothing', async () => {
    ok(await update('demo-resident-013', { nickname: '早起的邻居' }, 'req-bbbbbbbb-1'));
    const before = await h.snapshot();
    const e = err(await update('demo-resident-013', { nickname: '别的名字' }, 'req-bbbbbbbb-1'));
    expect(e.code).toBe('CONFLICT');
    expect((await userDoc('demo-resident-013'))?.nickname).toBe('早起的邻居');
    expect(await h.snapshot()).toEqual(before);
  });

  it('does not remember a failed call, so fixing the input and retrying works', async () => {
    const bad = err(await update('demo-resident-014', { nickname: '' }, 'req-cccccccc-1'));
    expect(bad.code).toBe('VALIDATION_FAILED');
    ok(await update('demo-resident-014', { nickname: '热心的小李' }, 'req-cccccccc-1'));
  });
});

describe('content security and rate limits', () => {
  it('refuses a nickname the content check finds risky, and keeps the old one', async () => {
    const before = (await userDoc('demo-resident-020'))?.nickname;
    const e = err(await update('demo-resident-020', { nickname: '我是违禁词' }));
    expect(e.code).toBe('CONTENT_REJECTED');
    expect(e.message).toBe('昵称未通过安全检测，请换一个');
    expect((await userDoc('demo-resident-020'))?.nickname).toBe(before);
  });

  it('limits profile changes to 10 a minute per person', async () => {
    for (let i = 0; i < 10; i++) ok(await update('demo-resident-030', { nickname: `邻居${i}` }));
    const e = err(await update('demo-resident-030', { nickname: '第十一次' }));
    expect(e.code).toBe('RATE_LIMITED');
    expect((await userDoc('demo-resident-030'))?.nickname).toBe('邻居9');
    // Someone else is not affected.
    ok(await update('demo-resident-031', { nickname: '遛弯的爷爷' }));
  });

  it('does not count a replay against the limit', async () => {
    for (let i = 0; i < 10; i++) ok(await update('demo-resident-040', { nickname: '跳舞的奶奶' }, 'req-replay-0001'));
    ok(await update('demo-resident-040', { nickname: '做饭的大叔' }));
  });
});
