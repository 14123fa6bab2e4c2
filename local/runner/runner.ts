import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../emulator/clock';
import type { Emulator } from '../emulator/server';
import type { InvokeOptions as EmulatorInvokeOptions } from '../emulator/types';
import { sdkEnv } from '../sdk-env';
import { callerRequestIdFromUrl, currentCaller, runAsCaller } from './caller-context';
import { RunnerError } from './errors';
import { listFunctions, loadFunctionSpec, type FunctionSpec } from './function-catalog';
import { FunctionInstance } from './function-instance';
import { FunctionPool } from './function-pool';
import { LogBuffer, type LogEntry } from './log-buffer';
import { timerEvent, type TimerEvent } from './timer-event';
import type { InvokeMessage, MemorySample } from './worker-protocol';

export interface RunnerOptions {
  functionsDir: string;
  /** Where the SDK inside each instance finds the emulator, e.g. http://127.0.0.1:3000. */
  emulatorUrl: string;
  envId: string;
  clock: Clock;
  /** Instances per function that may run at once; more callers wait. Default 4. */
  maxInstancesPerFunction?: number;
  /** Warm instances unused this long are stopped. Default 10 minutes. */
  idleTimeoutMs?: number;
  /** Log lines kept for `logs()`. Default 2000. */
  logCapacity?: number;
  /** Every function log line as it happens (the dev server prints them). */
  onLog?: (entry: LogEntry) => void;
}

export interface InvokeOptions {
  /** The caller's OPENID as getWXContext() reports it; absent = a caller with no identity. */
  openid?: string;
  /**
   * getWXContext().SOURCE: 'wx_client' (default, a mini-program call), 'wx_trigger' (timer), or the
   * call chain when a function calls another ('wx_client,scf'), as the platform documents.
   */
  source?: string;
}

export interface InvokeResult {
  /** The function's return value, as JSON carries it. */
  result: unknown;
  requestId: string;
  coldStart: boolean;
  /** Time spent in the function (not in the queue, not loading the module). */
  durationMs: number;
  /** Module load time of the new instance, on a cold start. */
  initDurationMs?: number;
  instanceId: string;
  memory: MemorySample;
}

export interface InstanceStats {
  id: string;
  state: string;
  invocations: number;
  initDurationMs?: number;
  peakHeapUsedBytes: number;
  ageMs: number;
}

export interface FunctionStats {
  invocations: number;
  coldStarts: number;
  errors: number;
  timeouts: number;
  crashes: number;
  waiting: number;
  instances: InstanceStats[];
}

export interface RunnerStats {
  functions: Record<string, FunctionStats>;
  /** The process's peak RSS seen by any instance: all instances share one process. */
  peakRssBytes: number;
}

export interface Runner {
  invoke(name: string, event: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  /** Runs one of the function's timer triggers now, with the event the platform sends. */
  invokeTimer(name: string, triggerName: string, at?: Date): Promise<InvokeResult & { event: TimerEvent }>;
  /**
   * Hands `cloud.callFunction` from inside functions to this runner and returns the emulator's
   * request handler wrapped so the callee sees the caller's OPENID. Mount the returned handler.
   */
  attachEmulator(
    emulator: Pick<Emulator, 'handle' | 'setFunctionInvoker'>,
  ): (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  functionNames(): string[];
  spec(name: string): FunctionSpec | undefined;
  stats(): RunnerStats;
  logs(filter?: { functionName?: string; requestId?: string; limit?: number }): LogEntry[];
  close(): Promise<void>;
}

export function createRunner(options: RunnerOptions): Runner {
  options = { ...options, functionsDir: path.resolve(options.functionsDir) };
  const maxInstances = options.maxInstancesPerFunction ?? 4;
  const idleTimeoutMs = options.idleTimeoutMs ?? 10 * 60_000;
  const logBuffer = new LogBuffer(options.logCapacity ?? 2000);
  const pools = new Map<string, FunctionPool>();
  /** requestId → the caller identity of invocations now running (for callFunction). */
  const inflight = new Map<string, { openid?: string; source: string }>();
  let closed = false;

  function log(functionName: string, instanceId: string, requestId: string | null, level: string, text: string): void {
    const entry: LogEntry = { time: new Date().toISOString(), functionName, instanceId, requestId, level, text };
    logBuffer.push(entry);
    options.onLog?.(entry);
  }

  function baseEnv(spec: FunctionSpec): Record<string, string> {
    return {
      ...sdkEnv({ url: options.emulatorUrl, envId: options.envId }),
      // Makes the SDK put TCB_SEQID (the request id) into every request's seqId: see caller-context.ts.
      TCB_CONTEXT_KEYS: 'TCB_SEQID',
      SCF_FUNCTIONNAME: spec.name,
      LINLI_LOCAL: '1',
      PATH: process.env.PATH ?? '',
    };
  }

  function poolFor(name: string): FunctionPool {
    let pool = pools.get(name);
    if (!pool) {
      const created: FunctionPool = new FunctionPool(
        name,
        maxInstances,
        (spec) =>
          new FunctionInstance(spec, baseEnv(spec), {
            onLog: (inst, requestId, level, text) => log(name, inst.id, requestId, level, text),
            onDeath: (inst, reason, requestId) => {
              created.forget(inst);
              if (reason.code === 'FUNCTIONS_TIME_LIMIT_EXCEEDED') created.timeouts++;
              else if (reason.code !== 'RUNNER_CLOSED') created.crashes++;
              log(
                name,
                inst.id,
                requestId ?? reason.requestId ?? null,
                'platform',
                `instance ${inst.id} stopped: ${reason.code} ${reason.message}`,
              );
            },
          }),
      );
      pool = created;
      pools.set(name, pool);
    }
    return pool;
  }

  async function invoke(name: string, event: unknown, invokeOptions: InvokeOptions = {}, timer = false): Promise<InvokeResult> {
    if (closed) throw new RunnerError('RUNNER_CLOSED', 'the function runner is closed');
    const spec = loadFunctionSpec(options.functionsDir, name);
    if (!spec) throw new RunnerError('FUNCTION_NOT_FOUND', `function ${name} is not found (no built cloudfunctions/${name}/index.js)`);
    const pool = poolFor(name);
    const requestId = randomUUID();
    const source = invokeOptions.source ?? 'wx_client';
    pool.invocations++;
    let acquired: { instance: FunctionInstance; coldStart: boolean };
    try {
      acquired = await pool.acquire(spec);
    } catch (err) {
      pool.errors++;
      throw err instanceof RunnerError ? new RunnerError(err.code, err.message, requestId) : err;
    }
    const { instance, coldStart } = acquired;
    if (coldStart)
      log(name, instance.id, requestId, 'platform', `cold start: instance ${instance.id} loaded in ${instance.initDurationMs} ms`);
    const message: InvokeMessage = {
      type: 'invoke',
      requestId,
      event,
      context: {
        request_id: requestId,
        function_name: name,
        function_version: '$LATEST',
        namespace: options.envId,
        memory_limit_in_mb: spec.memoryMb,
        time_limit_in_ms: spec.timeoutMs,
      },
      env: {
        OPENID: invokeOptions.openid ?? null,
        TCB_SEQID: requestId,
        SOURCE: source,
        // The SDK picks a timer's credentials by TRIGGER_SRC.
        TRIGGER_SRC: timer ? 'timer' : null,
        LINLI_CLOCK_OFFSET_MS: String(options.clock.offset),
      },
    };
    inflight.set(requestId, { openid: invokeOptions.openid, source });
    const started = performance.now();
    try {
      const outcome = await instance.run(message);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      log(name, instance.id, requestId, 'platform', `done in ${durationMs} ms, heap ${mb(outcome.memory.heapUsed)} MB`);
      return {
        result: JSON.parse(outcome.json) as unknown,
        requestId,
        coldStart,
        durationMs,
        ...(coldStart ? { initDurationMs: instance.initDurationMs } : {}),
        instanceId: instance.id,
        memory: outcome.memory,
      };
    } catch (err) {
      pool.errors++;
      if (err instanceof RunnerError) log(name, instance.id, requestId, 'platform', `failed: ${err.code} ${err.message}`);
      throw err;
    } finally {
      inflight.delete(requestId);
      pool.release(instance);
    }
  }

  async function invokeTimer(name: string, triggerName: string, at?: Date) {
    const spec = loadFunctionSpec(options.functionsDir, name);
    if (!spec) throw new RunnerError('FUNCTION_NOT_FOUND', `function ${name} is not found`);
    if (!spec.triggers.some((t) => t.name === triggerName)) {
      throw new RunnerError('TRIGGER_NOT_FOUND', `function ${name} has no timer trigger named ${triggerName}`);
    }
    const event = timerEvent(triggerName, at ?? new Date(options.clock.now()));
    return { ...(await invoke(name, event, { source: 'wx_trigger' }, true)), event };
  }

  /**
   * callFunction from inside a function: the callee runs as the same user, its SOURCE the caller's
   * plus ",scf". Calls the emulator makes on its own (e.g. a mediaCheckAsync verdict) have no user.
   */
  async function invokeFromFunction(name: string, event: unknown, opts: EmulatorInvokeOptions): Promise<unknown> {
    const callerId = currentCaller();
    const caller = callerId ? inflight.get(callerId) : undefined;
    const openid = opts.openid ?? caller?.openid;
    const source = caller ? `${caller.source},scf` : 'wx_unknown';
    const { result } = await invoke(name, event, { ...(openid ? { openid } : {}), source });
    return result;
  }

  const reaper = setInterval(
    () => {
      const cutoff = Date.now() - idleTimeoutMs;
      for (const pool of pools.values())
        for (const i of pool.idleSince(cutoff)) void i.terminate(new RunnerError('RUNNER_CLOSED', 'idle, reclaimed'));
    },
    Math.min(idleTimeoutMs, 30_000),
  );
  reaper.unref();

  return {
    invoke,
    invokeTimer,
    attachEmulator(emulator) {
      emulator.setFunctionInvoker(invokeFromFunction);
      return (req, res) => {
        const caller = callerRequestIdFromUrl(req.url);
        // Only our own running invocations can lend their identity.
        return runAsCaller(
          caller && inflight.has(caller) ? caller : undefined,
          (close) => res.once('close', close),
          () => emulator.handle(req, res),
        );
      };
    },
    functionNames: () => listFunctions(options.functionsDir),
    spec: (name) => loadFunctionSpec(options.functionsDir, name),
    stats() {
      const functions: Record<string, FunctionStats> = {};
      let peakRssBytes = 0;
      const now = Date.now();
      for (const [name, pool] of pools) {
        const instances = [...pool.instances].map((i) => {
          peakRssBytes = Math.max(peakRssBytes, i.peakRss);
          return {
            id: i.id,
            state: i.state,
            invocations: i.invocations,
            ...(i.initDurationMs !== undefined ? { initDurationMs: i.initDurationMs } : {}),
            peakHeapUsedBytes: i.peakHeapUsed,
            ageMs: now - i.spawnedAt,
          };
        });
        functions[name] = {
          invocations: pool.invocations,
          coldStarts: pool.coldStarts,
          errors: pool.errors,
          timeouts: pool.timeouts,
          crashes: pool.crashes,
          waiting: pool.waiting,
          instances,
        };
      }
      return { functions, peakRssBytes };
    },
    logs: (filter) => logBuffer.list(filter),
    async close() {
      closed = true;
      clearInterval(reaper);
      await Promise.all([...pools.values()].flatMap((p) => [...p.instances].map((i) => i.terminate())));
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
