import { BSONRegExp, EJSON, Long } from 'bson';
import { invalidParam } from './db-errors';

/** A stored or wire document once decoded: plain objects, arrays, numbers, strings, Dates, RegExps. */
export type Doc = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && !('_bsontype' in value);
}

/** BSON option letters JS understands; `x` (extended) has no JS equivalent and is dropped. */
function toJsRegExp(re: BSONRegExp): RegExp {
  const flags = [...re.options].filter((f) => 'imsu'.includes(f)).join('');
  return new RegExp(re.pattern, flags);
}

/**
 * Turns what EJSON produced into the value domain mingo works on, and resolves the
 * `{$tcb_server_date:{offset}}` placeholder against the emulator clock (the service does the same
 * on its side, which is why the SDK sends a placeholder rather than a client Date).
 */
function normalise(value: unknown, now?: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v, now));
  if (value instanceof BSONRegExp) return toJsRegExp(value);
  // Longs beyond 2^53 lose precision here; the project stores no such numbers.
  if (value instanceof Long) return value.toNumber();
  if (value instanceof RegExp || value instanceof Date) return value;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (now && keys.length === 1 && keys[0] === '$tcb_server_date') {
      const spec = value.$tcb_server_date;
      const offset = isPlainObject(spec) && typeof spec.offset === 'number' ? spec.offset : 0;
      return new Date(now() + offset);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = normalise(value[key], now);
    return out;
  }
  return value;
}

/** Parses one EJSON string from the wire (canonical or relaxed). */
export function parseWire(text: unknown, what: string, now: () => number): unknown {
  if (typeof text !== 'string') throw invalidParam(`${what} must be an EJSON string`);
  let parsed: unknown;
  try {
    parsed = EJSON.parse(text, { relaxed: true });
  } catch (err) {
    throw invalidParam(`${what} is not valid EJSON: ${(err as Error).message}`);
  }
  return normalise(parsed, now);
}

/** Parses a wire object field (query, data, order, projection) and insists on an object. */
export function parseWireObject(text: unknown, what: string, now: () => number): Doc {
  if (text === undefined || text === null || text === '') return {};
  const value = parseWire(text, what, now);
  if (!isPlainObject(value)) throw invalidParam(`${what} must be an object`);
  return value;
}

/** Canonical EJSON, the form the real service answers with and the SDK parses. */
export function toWire(doc: unknown): string {
  return EJSON.stringify(doc, { relaxed: false });
}

/** Relaxed EJSON keeps the stored text readable (ISO dates, plain numbers) while staying lossless for our domain. */
export function encodeBody(doc: Doc): string {
  return EJSON.stringify(doc, { relaxed: true });
}

/**
 * Stored bodies are read far more often than written: plain JSON.parse does the bulk and only the
 * EJSON type wrappers (dates above all) are converted, which is about twice as fast as EJSON.parse.
 */
export function decodeBody(text: string): Doc {
  return revive(JSON.parse(text)) as Doc;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') value[i] = revive(item);
    }
    return value;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (key.charCodeAt(0) === 36 && EJSON_TYPE_KEYS.has(key)) return reviveTyped(object);
    const item = object[key];
    if (item !== null && typeof item === 'object') object[key] = revive(item);
  }
  return object;
}

function reviveTyped(wrapper: Record<string, unknown>): unknown {
  if (typeof wrapper.$date === 'string') return new Date(wrapper.$date);
  return normalise(EJSON.deserialize(wrapper, { relaxed: true }));
}

const EJSON_TYPE_KEYS = new Set([
  '$date',
  '$numberInt',
  '$numberLong',
  '$numberDouble',
  '$numberDecimal',
  '$regularExpression',
  '$oid',
  '$binary',
]);

/**
 * Accepts both live values (Date, RegExp) and relaxed EJSON wrappers (`{ $date: ISO }`), as tools
 * hand them over; EJSON.deserialize alone would turn a live Date into its string.
 */
export function fromLooseJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromLooseJson);
  if (value instanceof Date || value instanceof RegExp) return value;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => EJSON_TYPE_KEYS.has(k))) return normalise(EJSON.deserialize(value, { relaxed: true }));
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = fromLooseJson(value[key]);
    return out;
  }
  return value;
}

/** JSON-safe view for tools (dev server, bench): dates become `{ $date: ISO }`, as relaxed EJSON writes them. */
export function toPlainJson(doc: Doc): unknown {
  return EJSON.serialize(doc, { relaxed: true });
}

/** Deep copy that keeps Dates and RegExps (structuredClone would, but loses nothing we store either way). */
export function cloneDoc<T>(value: T): T {
  return structuredClone(value);
}
