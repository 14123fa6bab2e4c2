import type { EmulatorContext } from '../types';
import { getEntry, idsWithDelivery, setDeliveryResult, type DeliveryStatus } from './outbox';

/**
 * Delivers asynchronous verdicts (mediaCheckAsync) the way the platform's message push does: by
 * invoking the subscribed cloud function with the event. Timers are unref'd and every step re-checks
 * that the store is still open, because the emulator may close while a verdict waits or a function runs.
 */
export function scheduleDelivery(ctx: EmulatorContext, outboxId: number, delayMs: number): void {
  const timer = setTimeout(
    () => {
      deliverVerdict(ctx, outboxId, ['pending']).catch((err: Error) => {
        console.error(`[emulator] verdict ${outboxId} delivery crashed: ${err.message}`);
      });
    },
    Math.max(0, delayMs),
  );
  timer.unref();
}

/** Attempts one delivery of the verdict on outbox row `outboxId` if its status is one of `from`. */
export async function deliverVerdict(ctx: EmulatorContext, outboxId: number, from: DeliveryStatus[]): Promise<DeliveryStatus | null> {
  if (!ctx.store.db.open) return null;
  const entry = getEntry(ctx, outboxId);
  if (!entry?.delivery || !from.includes(entry.delivery.status)) return null;
  const event = { ...entry.delivery.event, CreateTime: Math.floor(ctx.clock.now() / 1000) };
  const invoke = ctx.invokeFunction;
  if (!invoke) {
    setDeliveryResult(ctx, outboxId, { status: 'undelivered', event, error: 'no function runner attached' });
    return 'undelivered';
  }
  let status: DeliveryStatus;
  let error: string | null = null;
  try {
    await invoke(entry.delivery.functionName, event, {});
    status = 'delivered';
  } catch (err) {
    // The runner names a missing function FUNCTION_NOT_FOUND; anything else means the function ran and failed.
    status = (err as { code?: unknown }).code === 'FUNCTION_NOT_FOUND' ? 'undelivered' : 'failed';
    error = (err as Error).message ?? String(err);
  }
  if (!ctx.store.db.open) return null;
  setDeliveryResult(ctx, outboxId, { status, event, error });
  return status;
}

/**
 * Re-schedules verdicts still pending from before a restart, each at its remaining delay but no
 * sooner than `minDelayMs`: the host attaches its function runner only after creating the emulator.
 */
export function resumePendingDeliveries(ctx: EmulatorContext, minDelayMs: number): void {
  for (const id of idsWithDelivery(ctx, ['pending'])) {
    const entry = getEntry(ctx, id);
    scheduleDelivery(ctx, id, Math.max(minDelayMs, (entry?.delivery?.dueAt ?? 0) - ctx.clock.now()));
  }
}

/**
 * Tries again every verdict that could not be delivered or whose function failed (e.g. once the
 * dev server has attached its runner). Resolves to the new status of each, by outbox id.
 */
export async function retryUndeliveredVerdicts(ctx: EmulatorContext): Promise<Record<number, DeliveryStatus>> {
  const outcome: Record<number, DeliveryStatus> = {};
  for (const id of idsWithDelivery(ctx, ['undelivered', 'failed'])) {
    const status = await deliverVerdict(ctx, id, ['undelivered', 'failed']);
    if (status) outcome[id] = status;
  }
  return outcome;
}
