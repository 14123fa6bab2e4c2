import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { RunnerError } from './errors';

export interface TimerTrigger {
  name: string;
  /** 7 fields, UTC+8: sec min hour day month week year. */
  cron: string;
}

/** What the platform would know about a deployed function: its code and its config.json. */
export interface FunctionSpec {
  name: string;
  entryFile: string;
  timeoutMs: number;
  memoryMb: number;
  triggers: TimerTrigger[];
  /** Changes when index.js or config.json changes, so warm instances of old code get retired. */
  version: string;
}

const DEFAULT_TIMEOUT_S = 3;
const MAX_TIMEOUT_S = 60;
const DEFAULT_MEMORY_MB = 256;

// Also what keeps a name from walking out of functionsDir.
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export function isValidFunctionName(name: string): boolean {
  return NAME.test(name);
}

/** Names of the folders that hold a built `index.js`. */
export function listFunctions(functionsDir: string): string[] {
  if (!existsSync(functionsDir)) return [];
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isValidFunctionName(d.name) && existsSync(path.join(functionsDir, d.name, 'index.js')))
    .map((d) => d.name)
    .sort();
}

/** Undefined when there is no such (built) function. */
export function loadFunctionSpec(functionsDir: string, name: string): FunctionSpec | undefined {
  if (!isValidFunctionName(name)) return undefined;
  const dir = path.join(functionsDir, name);
  const entryFile = path.join(dir, 'index.js');
  if (!existsSync(entryFile)) return undefined;
  const configFile = path.join(dir, 'config.json');
  const config = existsSync(configFile) ? readConfig(configFile, name) : {};
  const timeoutS = positiveNumber(config.timeout) ?? DEFAULT_TIMEOUT_S;
  return {
    name,
    entryFile,
    timeoutMs: Math.min(timeoutS, MAX_TIMEOUT_S) * 1000,
    memoryMb: positiveNumber(config.memorySize) ?? DEFAULT_MEMORY_MB,
    triggers: timerTriggers(config.triggers),
    version: `${statSync(entryFile).mtimeMs}:${existsSync(configFile) ? statSync(configFile).mtimeMs : 0}`,
  };
}

function readConfig(file: string, name: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below, the same way as a non-object
  }
  throw new RunnerError('FUNCTIONS_EXECUTE_FAIL', `cloudfunctions/${name}/config.json is not a JSON object`);
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function timerTriggers(value: unknown): TimerTrigger[] {
  if (!Array.isArray(value)) return [];
  const triggers: TimerTrigger[] = [];
  for (const t of value as unknown[]) {
    if (!t || typeof t !== 'object') continue;
    const { name, type, config } = t as Record<string, unknown>;
    if (type === 'timer' && typeof name === 'string' && typeof config === 'string') triggers.push({ name, cron: config });
  }
  return triggers;
}
