import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseTimerCron, RunnerError, startTimerScheduler, type TimerScheduler } from '../../local/runner';
import { startRunnerStack, type RunnerStack } from './helpers/runner-stack';

const at = (iso: string) => Date.parse(iso);

describe('timer cron (7 fields, UTC+8)', () => {
  it('reads the hour in UTC+8', () => {
    // 02:30 in Beijing is 18:30 UTC the day before.
    expect(parseTimerCron('0 30 2 * * * *').nextAfter(at('2026-11-28T00:00:00Z'))).toBe(at('2026-11-28T18:30:00Z'));
  });

  it('is strictly after the given instant', () => {
    expect(parseTimerCron('0 30 2 * * * *').nextAfter(at('2026-11-28T18:30:00Z'))).toBe(at('2026-11-29T18:30:00Z'));
  });

  it('honours seconds, weekdays and the year field', () => {
    expect(parseTimerCron('*/10 * * * * * *').nextAfter(at('2026-11-28T00:00:01Z'))).toBe(at('2026-11-28T00:00:10Z'));
    // 2026-11-28 is a Saturday; next Monday 00:00 in Beijing.
    expect(parseTimerCron('0 0 0 * * MON *').nextAfter(at('2026-11-28T00:00:00Z'))).toBe(at('2026-11-29T16:00:00Z'));
    expect(parseTimerCron('0 0 2 1 * * 2028').nextAfter(at('2026-11-28T00:00:00Z'))).toBe(at('2027-12-31T18:00:00Z'));
    expect(parseTimerCron('0 0 0 29 2 * 2027-2029').nextAfter(at('2026-11-28T00:00:00Z'))).toBe(at('2028-02-28T16:00:00Z'));
    expect(parseTimerCron('0 0 2 1 * * 2025').nextAfter(at('2026-11-28T00:00:00Z'))).toBeUndefined();
  });

  it.each(['0 0 2 * * *', '0 0 2 * * * * *', '0 0 25 * * * *', '0 0 2 * * * next'])('rejects %j', (cron) => {
    expect(() => parseTimerCron(cron)).toThrow();
  });
});

describe('timer triggers', () => {
  let stack: RunnerStack;
  let scheduler: TimerScheduler | undefined;
  beforeAll(async () => {
    stack = await startRunnerStack();
  });
  afterEach(() => {
    scheduler?.stop();
    stack.emulator.ctx.clock.setOffset(0);
  });
  afterAll(() => stack.close());

  it('runs a trigger on demand with the platform’s timer event', async () => {
    const r = await stack.runner.invokeTimer('tick', 'nightly', new Date('2026-01-01T00:00:00.123Z'));
    const event = { Type: 'Timer', TriggerName: 'nightly', Time: '2026-01-01T00:00:00Z', Message: '' };
    expect(r.event).toEqual(event);
    expect(r.result).toEqual({ got: event, source: 'wx_trigger', triggerSrc: 'timer' });
  });

  it('refuses a trigger the function does not declare', async () => {
    const err = await stack.runner.invokeTimer('tick', 'hourly').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunnerError);
    expect((err as RunnerError).code).toBe('TRIGGER_NOT_FOUND');
  });

  it('fires on schedule by the emulator clock', async () => {
    const clock = stack.emulator.ctx.clock;
    const due = parseTimerCron('0 30 2 * * * *').nextAfter(clock.now())!;
    // Shift the clock to 150 ms before the next 02:30 (Beijing) instead of waiting for it.
    clock.setOffset(due - 150 - Date.now());
    scheduler = startTimerScheduler({ runner: stack.runner, clock, tickMs: 25 });
    expect(scheduler.list()).toEqual([
      { functionName: 'tick', triggerName: 'nightly', cron: '0 30 2 * * * *', nextAt: new Date(due).toISOString() },
    ]);
    const expected = `tick ${JSON.stringify({ Type: 'Timer', TriggerName: 'nightly', Time: new Date(due).toISOString().replace('.000Z', 'Z'), Message: '' })}`;
    await expect.poll(() => stack.runner.logs({ functionName: 'tick' }).some((l) => l.text === expected), { timeout: 5000 }).toBe(true);
    // Once, then the next day.
    expect(scheduler.list()[0]?.nextAt).toBe(new Date(due + 86_400_000).toISOString());
  });
});
