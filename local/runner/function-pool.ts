import type { FunctionSpec } from './function-catalog';
import type { FunctionInstance } from './function-instance';

/**
 * The instances of one function. A free warm instance is reused; otherwise a new one is started
 * (a cold start) while fewer than `max` are alive; otherwise the call waits its turn.
 */
export class FunctionPool {
  readonly instances = new Set<FunctionInstance>();
  coldStarts = 0;
  invocations = 0;
  errors = 0;
  timeouts = 0;
  crashes = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    readonly name: string,
    private readonly max: number,
    private readonly spawn: (spec: FunctionSpec) => FunctionInstance,
  ) {}

  get waiting(): number {
    return this.waiters.length;
  }

  async acquire(spec: FunctionSpec): Promise<{ instance: FunctionInstance; coldStart: boolean }> {
    for (;;) {
      this.retireOtherVersions(spec.version);
      const idle = this.pickIdle();
      if (idle) {
        idle.reserve();
        return { instance: idle, coldStart: false };
      }
      if (this.instances.size < this.max) {
        const instance = this.spawn(spec);
        this.instances.add(instance);
        this.coldStarts++;
        await instance.ready;
        return { instance, coldStart: true };
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  release(instance: FunctionInstance): void {
    instance.release();
    if (instance.state !== 'idle') return; // stopping or dead: its exit frees the slot
    if (instance.retired) void instance.terminate();
    else this.wakeOne();
  }

  /** Called when an instance's thread is gone, whatever the reason. */
  forget(instance: FunctionInstance): void {
    this.instances.delete(instance);
    this.wakeOne();
  }

  idleSince(cutoff: number): FunctionInstance[] {
    return [...this.instances].filter((i) => i.state === 'idle' && i.lastUsedAt < cutoff);
  }

  private pickIdle(): FunctionInstance | undefined {
    let best: FunctionInstance | undefined;
    for (const i of this.instances) {
      // The most recently used one: the others can then go cold and be reaped, as on the platform.
      if (i.state === 'idle' && !i.retired && (!best || i.lastUsedAt > best.lastUsedAt)) best = i;
    }
    return best;
  }

  /** New code or config: idle instances of the old version end now, busy ones when they finish. */
  private retireOtherVersions(version: string): void {
    for (const i of this.instances) {
      if (i.spec.version === version || i.retired) continue;
      i.retired = true;
      if (i.state === 'idle') void i.terminate();
    }
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }
}
