import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { err, ok, startApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

describe('the api router through the real SDK', () => {
  it('answers a public ping without any identity', async () => {
    const data = ok<{ now: number; version: string }>(await h.call(undefined, { action: 'system.ping', payload: {} }));
    expect(Math.abs(data.now - Date.now())).toBeLessThan(5_000);
    expect(data.version).toMatch(/\d+\.\d+\.\d+/);
  });

  it('refuses a caller without OPENID with UNAUTHENTICATED and a Chinese message', async () => {
    const e = err(await h.call(undefined, { action: 'me.get' }));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('refuses an OPENID it has never seen for actions that need a known person, writing nothing', async () => {
    const before = await h.snapshot();
    const e = err(await h.call('stranger-openid-1', { action: 'org.overview' }));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toBe('请先进入小程序完成登录');
    expect(await h.snapshot()).toEqual(before);
  });

  it('creates a guest profile on first open, and recognises the person the second time', async () => {
    const before = await h.snapshot();
    const first = ok<{ isNew: boolean; status: string; roles: unknown[] }>(await h.call('newcomer-openid-1', { action: 'identity.login' }));
    expect(first).toMatchObject({ isNew: true, status: 'guest', roles: [] });
    const again = ok<{ isNew: boolean }>(await h.call('newcomer-openid-1', { action: 'identity.login' }));
    expect(again.isNew).toBe(false);
    const after = await h.snapshot();
    expect(after.users).toBe((before.users ?? 0) + 1);
  });

  it('shows a verified resident their courtyard and roles, with the names of their scopes', async () => {
    const me = ok<{ status: string; courtyard: { id: string; name: string }; roles: Array<{ role: string; scopeName: string }> }>(
      await h.call('demo-resident-001', { action: 'me.get', payload: {} }),
    );
    const courtyard = h.seed.org_units.find((u) => u._id === me.courtyard.id);
    expect(me.status).toBe('verified');
    expect(me.courtyard.name).toBe(courtyard?.name);
    expect(me.roles).toEqual([{ role: 'resident', scopeType: 'courtyard', scopeId: me.courtyard.id, scopeName: courtyard?.name }]);
  });

  it('rejects an unknown action', async () => {
    const e = err(await h.call('demo-resident-001', { action: 'reports.teleport', payload: {} }));
    expect(e.code).toBe('UNKNOWN_ACTION');
    expect(e.message).toContain('reports.teleport');
  });

  it('rejects malformed events', async () => {
    for (const event of [
      null,
      'me.get',
      42,
      [],
      { payload: {} },
      { action: 5 },
      { action: 'me.get', requestId: 'x' },
      { action: 'me.get', extra: 1 },
    ]) {
      const res = await h.call('demo-resident-001', event);
      expect(err(res).code, JSON.stringify(event)).toBe('VALIDATION_FAILED');
    }
  });

  it('names every wrong field, in Chinese, and writes nothing', async () => {
    const before = await h.snapshot();
    const e = err(await h.call('demo-resident-001', { action: 'me.updateProfile', payload: { nickname: 12, colour: 'red' } }));
    expect(e.code).toBe('VALIDATION_FAILED');
    const paths = e.fields?.map((f) => f.path).sort();
    expect(paths).toEqual(['', 'nickname']);
    expect(e.fields?.find((f) => f.path === '')?.message).toBe('不支持的字段：colour');
    expect(e.fields?.find((f) => f.path === 'nickname')?.message).toBe('类型不正确');
    expect(await h.snapshot()).toEqual(before);
  });

  it('tells a missing field from a wrong one, whatever kind of rule it breaks', async () => {
    const e = err(await h.call('demo-guest', { action: 'registration.submit', payload: { realName: 1, relation: 'landlord' } }));
    const byPath = Object.fromEntries((e.fields ?? []).map((f) => [f.path, f.message]));
    expect(byPath.realName).toBe('类型不正确');
    expect(byPath.relation).toBe('取值不在允许范围内');
    expect(byPath.courtyardId).toBe('缺少必填项');
    const missingEnum = err(await h.call('demo-guest', { action: 'registration.submit', payload: {} }));
    expect(missingEnum.fields?.find((f) => f.path === 'relation')?.message).toBe('缺少必填项');
  });

  it('uses the schema author’s Chinese message for a rule', async () => {
    const e = err(
      await h.call('demo-resident-001', {
        action: 'me.updateProfile',
        payload: { nickname: '这是一个非常非常非常非常非常非常长的昵称啊' },
      }),
    );
    expect(e.fields).toEqual([{ path: 'nickname', message: '昵称最多 20 个字' }]);
  });

  it('refuses an oversized payload before reading it, writing nothing', async () => {
    const before = await h.snapshot();
    const e = err(await h.call('demo-resident-001', { action: 'me.updateProfile', payload: { nickname: 'x'.repeat(100_000) } }));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await h.snapshot()).toEqual(before);
  });

  it('takes identity only from the WeChat context, never from the event', async () => {
    const e = err(
      await h.call('demo-resident-001', {
        action: 'org.communityStats',
        payload: { communityId: 'cm-1' },
        userInfo: { openId: 'demo-street-admin', appId: 'wx' },
      }),
    );
    expect(e.code).toBe('FORBIDDEN');
  });

  it('strips anything a handler returns beyond the contract', async () => {
    const me = ok<Record<string, unknown>>(await h.call('demo-resident-001', { action: 'me.get' }));
    expect(Object.keys(me).sort()).toEqual(['avatarFileId', 'courtyard', 'isNew', 'nickname', 'openid', 'roles', 'status']);
  });
});
