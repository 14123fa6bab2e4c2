import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { doc } from './identity-support';
import { GRID, COMMUNITY, submit } from './reports-commands-support';
import type { ReportDoc } from '../../server/reports/model';
import type { UserDoc } from '../../server/identity/model';
import type { Context } from '../../server/core/context';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored documents, read loosely
type Stored = Record<string, any>;

let h: ApiHarness;
let engine: typeof import('../../server/reports/transition');
let db: typeof import('../../server/core/db');
let makeContext: typeof import('../../server/core/context').createContext;
beforeAll(async () => {
  process.env.LINLI_MEDIACHECK_DELAY_MS = '600000';
  h = await startApiHarness();
  engine = await import('../../server/reports/transition');
  db = await import('../../server/core/db');
  makeContext = (await import('../../server/core/context')).createContext;
});
afterAll(() => h?.close());

async function ctxOf(openid: string): Promise<Context> {
  return makeContext({ openid, user: await db.findById<UserDoc>('users', openid), traceId: 'engine-test' });
}

describe('the transition engine', () => {
  it('lets only one of two people who read the same state win: the other is refused and the timeline has one entry', async () => {
    const r = await submit(h);
    const seenByBoth = (await db.findById<ReportDoc>('reports', r.id)) as ReportDoc;
    const [grid, staff] = await Promise.all([ctxOf(GRID), ctxOf(COMMUNITY)]);
    const first = await engine.applyMove(grid, seenByBoth, { name: 'accept', as: 'handler' });
    expect(first.status).toBe('accepted');
    // The second acts on the state it read before the first wrote: the conditional update matches nothing.
    // Rejecting is still allowed from the new state, but what was checked may no longer hold: CONFLICT, refresh.
    await expect(engine.applyMove(staff, seenByBoth, { name: 'reject', as: 'handler', note: '不属于本社区' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '问题刚被其他人更新（现在已受理），请刷新后重试',
    });
    // Accepting is not allowed from the new state at all.
    await expect(engine.applyMove(staff, seenByBoth, { name: 'accept', as: 'handler' })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: '当前状态（已受理）下不能受理',
    });
    const stored = doc<Stored>(h, 'reports', r.id) as Stored;
    expect(stored.timeline.map((e: Stored) => [e.kind, e.from, e.to])).toEqual([
      ['submit', null, 'submitted'],
      ['accept', 'submitted', 'accepted'],
    ]);
  });

  it('answers NOT_FOUND when the report went meanwhile', async () => {
    const r = await submit(h);
    const stale = (await db.findById<ReportDoc>('reports', r.id)) as ReportDoc;
    await db.removeById('reports', r.id);
    await expect(engine.applyMove(await ctxOf(GRID), stale, { name: 'accept', as: 'handler' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
