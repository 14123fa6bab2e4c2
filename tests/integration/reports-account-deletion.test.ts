import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, ok, type ApiHarness } from '../support/api-harness';
import { doc } from './identity-support';
import { GRID, submit } from './reports-commands-support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored documents, read loosely
type Stored = Record<string, any>;

let h: ApiHarness;
beforeAll(async () => {
  process.env.LINLI_MEDIACHECK_DELAY_MS = '600000';
  h = await startApiHarness();
});
afterAll(() => h?.close());

describe('account deletion and reports', () => {
  it('keeps the person’s reports as the street’s record, without their OPENID, name or phone', async () => {
    const who = 'demo-resident-126';
    const r = await submit(h, who, { hideName: false });
    expect(doc<Stored>(h, 'reports', r.id)?.reporterPhone).toBeTruthy();
    ok(await h.act(who, 'me.deleteAccount', { confirm: true }, 'delete-account-126'));
    const after = doc<Stored>(h, 'reports', r.id) as Stored;
    expect(after.reporterOpenid).toMatch(/^anon-/);
    expect(after).toMatchObject({ reporterName: '已注销用户', reporterPhone: null });
    // Handlers still see and work the case.
    const seen = ok<{ reporter: { name: string; phoneMasked: string } }>(await h.act(GRID, 'reports.get', { id: r.id }));
    expect(seen.reporter).toEqual(expect.objectContaining({ name: '已注销用户', phoneMasked: '' }));
    ok(await h.act(GRID, 'reports.accept', { id: r.id }));
  });
});
