import type { Clock } from '../emulator/clock';
import type { Runner } from './runner';
import { parseTimerCron, type TimerCron } from './timer-cron';

export interface TimerSchedulerOptions {
  runner: Runner;
  /** Triggers fire by the emulator's clock, so shifting it (POST /_local/clock) reaches them. */
  clock: Clock;
  /** How often triggers are checked. Default 1000 ms: the cron's own resolution. */
  tickMs?: number;
  onError?: (functionName: string, triggerName: string, error: Error) => void;
}

export interface ScheduledTrigger {
  functionName: string;
  triggerName: string;
  cron: string;
  nextAt?: string;
  error?: string;
}

export interface TimerScheduler {
  list(): ScheduledTrigger[];
  /** One check now (tests call it instead of waiting for the interval). */
  tick(): void;
  stop(): void;
}

interface Slot {
  cron: string;
  parsed?: TimerCron;
  nextAt?: number;
  error?: string;
}

/**
 * Fires each function's timer triggers (config.json) when the clock passes their next time.
 * Code and config are re-read every tick, so a rebuilt function's new schedule applies at once.
 * A clock jump forward fires a missed trigger once, not once per missed slot.
 */
export function startTimerScheduler(options: TimerSchedulerOptions): TimerScheduler {
  const slots = new Map<string, Slot & { functionName: string; triggerName: string }>();
  let lastNow = options.clock.now();

  function tick(): void {
    const now = options.clock.now();
    const clockWentBack = now < lastNow;
    lastNow = now;
    const seen = new Set<string>();
    for (const functionName of options.runner.functionNames()) {
      let triggers;
      try {
        triggers = options.runner.spec(functionName)?.triggers ?? [];
      } catch {
        continue; // a broken config.json is reported when the function is called
      }
      for (const { name: triggerName, cron } of triggers) {
        const key = `${functionName}/${triggerName}`;
        seen.add(key);
        let slot = slots.get(key);
        if (!slot || slot.cron !== cron) {
          slot = { functionName, triggerName, ...plan(cron, now) };
          slots.set(key, slot);
          if (slot.error) options.onError?.(functionName, triggerName, new Error(slot.error));
          continue;
        }
        if (!slot.parsed) continue;
        if (slot.nextAt !== undefined && now >= slot.nextAt) {
          const at = new Date(slot.nextAt);
          options.runner
            .invokeTimer(functionName, triggerName, at)
            .catch((err: Error) => options.onError?.(functionName, triggerName, err));
          slot.nextAt = slot.parsed.nextAfter(now);
        } else if (clockWentBack) {
          slot.nextAt = slot.parsed.nextAfter(now);
        }
      }
    }
    for (const key of slots.keys()) if (!seen.has(key)) slots.delete(key);
  }

  const interval = setInterval(tick, options.tickMs ?? 1000);
  interval.unref();
  tick();

  return {
    list: () =>
      [...slots.values()].map((s) => ({
        functionName: s.functionName,
        triggerName: s.triggerName,
        cron: s.cron,
        ...(s.nextAt !== undefined ? { nextAt: new Date(s.nextAt).toISOString() } : {}),
        ...(s.error ? { error: s.error } : {}),
      })),
    tick,
    stop: () => clearInterval(interval),
  };
}

function plan(cron: string, now: number): Slot {
  try {
    const parsed = parseTimerCron(cron);
    return { cron, parsed, nextAt: parsed.nextAfter(now) };
  } catch (err) {
    return { cron, error: (err as Error).message };
  }
}
