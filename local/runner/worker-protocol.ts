/** Messages between the runner and one instance (worker-entry.cjs speaks the same shapes in plain JS). */

export interface WorkerData {
  entryFile: string;
}

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  event: unknown;
  context: Record<string, unknown>;
  /** Per-invocation variables; null removes one (e.g. OPENID for a caller without identity). */
  env: Record<string, string | null>;
}

export interface MemorySample {
  /** Whole process: threads share one RSS. */
  rss: number;
  /** This instance's own V8 heap. */
  heapUsed: number;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type WorkerMessage =
  | { type: 'ready'; memory: MemorySample }
  | { type: 'init-failed'; error: SerializedError }
  | { type: 'log'; requestId: string | null; level: string; text: string }
  | { type: 'result'; requestId: string; json: string; memory: MemorySample }
  | { type: 'error'; requestId: string; error: SerializedError; memory: MemorySample };
