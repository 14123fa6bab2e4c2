import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => {
  delete process.env.LINLI_LOCAL;
  delete process.env.LINLI_CLOCK_OFFSET_MS;
  return h.close();
});

const HOUR = 3_600_000;
const setClock = (offsetMs: number) => {
  process.env.LINLI_LOCAL = '1';
  process.env.LINLI_CLOCK_OFFSET_MS = String(offsetMs);
};

describe('the scheduler', () => {
  it('purges idempotency records once they expire, and only those', async () => {
    setClock(0);
    ok(await h.call('demo-resident-050', { action: 'me.updateProfile', payload: { nickname: '老住户' }, requestId: 'req-sched-0001' }));
    const { jobs } = await import('../../server/scheduler/registry');
    const { runScheduler } = await import('../../server/scheduler/run');

    const early = await runScheduler(jobs, {});
    expect(early.jobs.find((j) => j.job === 'purge-requests')).toMatchObject({ ran: true, result: { processed: 0 } });
    expect((await h.snapshot()).requests).toBe(1);

    // Within the hour the job is not due again.
    setClock(HOUR / 2);
    const notDue = await runScheduler(jobs, {});
    expect(notDue.jobs.find((j) => j.job === 'purge-requests')?.ran).toBe(false);

    setClock(25 * HOUR);
    const later = await runScheduler(jobs, {});
    expect(later.jobs.find((j) => j.job === 'purge-requests')).toMatchObject({ ran: true, result: { processed: 1 } });
    expect((await h.snapshot()).requests).toBe(0);
  });

  it('runs a named job on demand whether due or not, and says so for an unknown one', async () => {
    setClock(25 * HOUR + 60_000);
    const { jobs } = await import('../../server/scheduler/registry');
    const { runScheduler } = await import('../../server/scheduler/run');
    const res = await runScheduler(jobs, { job: 'purge-rate-limits' });
    expect(res.jobs).toHaveLength(1);
    expect(res.jobs[0]).toMatchObject({ job: 'purge-rate-limits', ran: true });
    const unknown = await runScheduler(jobs, { job: 'nope' });
    expect(unknown.jobs[0]).toMatchObject({ ran: false, error: '没有这个任务' });
  });
});
