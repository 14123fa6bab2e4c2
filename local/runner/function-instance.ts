import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { RunnerError } from './errors';
import type { FunctionSpec } from './function-catalog';
import type { InvokeMessage, MemorySample, SerializedError, WorkerData, WorkerMessage } from './worker-protocol';

/** `stopping`: its thread is being terminated; it takes no more work. */
export type InstanceState = 'starting' | 'idle' | 'busy' | 'stopping' | 'dead';

export interface InstanceHooks {
  onLog(instance: FunctionInstance, requestId: string | null, level: string, text: string): void;
  /** `requestId`: the invocation that was running when it died, if any. */
  onDeath(instance: FunctionInstance, reason: RunnerError, requestId: string | undefined): void;
}

export interface RunOutcome {
  json: string;
  memory: MemorySample;
}

// Plain CommonJS so it runs the same under tsx, vitest and plain node, with no loader in the worker.
const WORKER_ENTRY = path.join(__dirname, 'worker-entry.cjs');

let nextId = 1;

/** One warm-able instance of one function: a worker thread that runs one invocation at a time. */
export class FunctionInstance {
  readonly id = `i${nextId++}`;
  readonly spawnedAt = Date.now();
  state: InstanceState = 'starting';
  invocations = 0;
  lastUsedAt = Date.now();
  initDurationMs: number | undefined;
  peakHeapUsed = 0;
  peakRss = 0;
  /** Set once this instance may not take new work (its code changed); it ends when idle. */
  retired = false;
  readonly ready: Promise<void>;

  private readonly worker: Worker;
  private pending: { requestId: string; resolve(o: RunOutcome): void; reject(e: Error): void; timer: NodeJS.Timeout } | undefined;
  private deathReason: RunnerError | undefined;
  private settleReady!: { resolve(): void; reject(e: Error): void };

  constructor(
    readonly spec: FunctionSpec,
    baseEnv: Record<string, string>,
    private readonly hooks: InstanceHooks,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    // Nobody may be awaiting `ready` when an idle instance dies; that must not be an unhandled rejection.
    this.ready.catch(() => undefined);
    const workerData: WorkerData = { entryFile: spec.entryFile };
    this.worker = new Worker(WORKER_ENTRY, {
      workerData,
      env: baseEnv,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
    });
    this.worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    this.worker.on('error', (err: Error & { code?: string }) => {
      this.deathReason ??=
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new RunnerError('FUNCTIONS_MEMORY_LIMIT_EXCEEDED', `Memory limit exceeded (${spec.memoryMb} MB)`)
          : new RunnerError('FUNCTIONS_INSTANCE_CRASHED', `instance crashed: ${err.name}: ${err.message}`);
    });
    this.worker.on('exit', (code) => this.onExit(code));
  }

  run(message: InvokeMessage): Promise<RunOutcome> {
    if (this.state !== 'busy') {
      const reason = this.deathReason ?? new RunnerError('FUNCTIONS_INSTANCE_CRASHED', `instance ${this.id} is ${this.state}`);
      return Promise.reject(new RunnerError(reason.code, reason.message, message.requestId));
    }
    this.invocations++;
    this.lastUsedAt = Date.now();
    this.worker.ref();
    return new Promise<RunOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.deathReason ??= new RunnerError(
          'FUNCTIONS_TIME_LIMIT_EXCEEDED',
          `Invoking task timed out after ${this.spec.timeoutMs / 1000} seconds`,
          message.requestId,
        );
        this.fail(this.deathReason);
        this.stop();
      }, this.spec.timeoutMs);
      this.pending = { requestId: message.requestId, resolve, reject, timer };
      this.worker.postMessage(message);
    });
  }

  /** Marks a reserved instance free again; the pool decides who gets it next. */
  release(): void {
    if (this.state !== 'busy') return;
    this.state = 'idle';
    this.lastUsedAt = Date.now();
    // An idle instance must not keep the process alive; a busy one must (someone awaits it).
    this.worker.unref();
  }

  reserve(): void {
    if (this.state === 'idle') this.state = 'busy';
  }

  async terminate(reason = new RunnerError('RUNNER_CLOSED', 'instance stopped')): Promise<void> {
    this.deathReason ??= reason;
    await this.stop();
  }

  private stop(): Promise<number> {
    if (this.state !== 'dead') this.state = 'stopping';
    return this.worker.terminate();
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.type) {
      case 'ready':
        this.initDurationMs = Date.now() - this.spawnedAt;
        this.sample(m.memory);
        if (this.state === 'starting') this.state = 'busy'; // reserved for the invocation that caused the cold start
        this.settleReady.resolve();
        return;
      case 'init-failed':
        this.deathReason = new RunnerError('FUNCTIONS_EXECUTE_FAIL', `function ${this.spec.name} failed to load: ${describe(m.error)}`);
        void this.stop();
        return;
      case 'log':
        this.hooks.onLog(this, m.requestId, m.level, m.text);
        return;
      case 'result':
      case 'error': {
        const p = this.pending;
        if (!p || p.requestId !== m.requestId) return;
        clearTimeout(p.timer);
        this.pending = undefined;
        this.sample(m.memory);
        if (m.type === 'result') p.resolve({ json: m.json, memory: m.memory });
        else p.reject(new RunnerError('FUNCTIONS_EXECUTE_FAIL', describe(m.error), m.requestId));
        return;
      }
    }
  }

  private onExit(code: number): void {
    const reason = this.deathReason ?? new RunnerError('FUNCTIONS_INSTANCE_CRASHED', `instance exited with code ${code}`);
    const requestId = this.pending?.requestId;
    this.state = 'dead';
    this.settleReady.reject(reason);
    this.fail(reason);
    this.hooks.onDeath(this, reason, requestId);
  }

  private fail(reason: RunnerError): void {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    p.reject(new RunnerError(reason.code, reason.message, p.requestId));
  }

  private sample(memory: MemorySample): void {
    this.peakHeapUsed = Math.max(this.peakHeapUsed, memory.heapUsed);
    this.peakRss = Math.max(this.peakRss, memory.rss);
  }
}

function describe(error: SerializedError): string {
  return `${error.name}: ${error.message}`;
}
