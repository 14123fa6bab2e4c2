import { toWire, isPlainObject } from './values';

/*
 * Index keys are TEXT whose binary (memcmp) order equals MongoDB's sort order for scalars:
 * a one-character type class in BSON comparison order, then an order-preserving payload.
 *   0 null / missing   1 number   2 string   3 object (_id only)   4 "many" (array or sub-document)
 *   7 boolean          8 date     9 anything else
 * Arrays and sub-documents cannot be represented by one key (Mongo indexes arrays per element),
 * so they get the MANY marker; a path that ever held one is flagged multikey, and queries on it
 * then also fetch MANY rows and let mingo decide.
 */

export const MANY = '4';

export const TYPE_NUMBER = '1';
const TYPE_STRING = '2';
const TYPE_BOOL = '7';
const TYPE_DATE = '8';

/** NaN sorts below every other number in Mongo; all-zero hex is below the encoding of -Infinity. */
const NAN_PAYLOAD = '0'.repeat(16);

/** Lowest key a real number can have (NaN excluded), for `$lt`-style ranges. */
export const NUMBER_FLOOR = TYPE_NUMBER + NAN_PAYLOAD;

/** IEEE-754 bits made memcmp-orderable: flip the sign bit of positives, invert negatives. */
function encodeNumber(n: number): string {
  if (Number.isNaN(n)) return NAN_PAYLOAD;
  const buf = Buffer.alloc(8);
  buf.writeDoubleBE(n === 0 ? 0 : n);
  if (buf[0]! & 0x80) {
    for (let i = 0; i < 8; i++) buf[i] = ~buf[i]! & 0xff;
  } else {
    buf[0] = buf[0]! | 0x80;
  }
  return buf.toString('hex');
}

/** The key of a scalar, or undefined when the value has no single orderable key. */
export function scalarKey(value: unknown): string | undefined {
  if (value === null || value === undefined) return '0';
  if (typeof value === 'number') return TYPE_NUMBER + encodeNumber(value);
  if (typeof value === 'string') return TYPE_STRING + value;
  if (typeof value === 'boolean') return TYPE_BOOL + (value ? '1' : '0');
  if (value instanceof Date) return TYPE_DATE + encodeNumber(value.getTime());
  return undefined;
}

/** Key of the value found at a document path; arrays met on the way make it MANY. */
export function keyAtPath(doc: Record<string, unknown>, path: string): string {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) return MANY;
    if (!isPlainObject(current)) return '0';
    current = current[segment];
  }
  if (Array.isArray(current) || isPlainObject(current)) return MANY;
  return scalarKey(current) ?? '9' + toWire({ v: current });
}

/** `_id` is unique and never an array, so objects get an exact (field-order sensitive) key like BSON equality. */
export function idKey(id: unknown): string | undefined {
  const key = scalarKey(id);
  if (key !== undefined && id !== null && id !== undefined) return key;
  if (isPlainObject(id)) return '3' + toWire(id);
  return undefined;
}

/** The type-bracket upper bound for range queries: Mongo only compares values of the same type class. */
export function typeCeiling(key: string): string {
  return String.fromCharCode(key.charCodeAt(0) + 1);
}

/*
 * Multikey entries: MongoDB indexes an array per element. For an index whose paths have held an
 * array, every document gets one entry per combination of its fields' element keys, stored as
 * one TEXT key: the escaped field keys, each followed by SEP. SEP is below every escaped
 * character, so comparing two entry keys compares their fields in order (tuple order).
 */
const SEP = '\u0001';

/** Maps U+0000–U+0002 to two characters starting with U+0002, keeping order; everything else is ≥ U+0003. */
function escapePart(key: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are exactly what is escaped
  return key.replace(/[\u0000-\u0002]/g, (c) => `\u0002${String.fromCharCode(c.charCodeAt(0) + 2)}`);
}

/** The entry key (or key prefix) of consecutive index fields' keys. */
export function joinKeys(parts: readonly string[]): string {
  return parts.map((p) => escapePart(p) + SEP).join('');
}

/** Bounds [low, high) of every entry key that starts with the given fields' keys. */
export function prefixBounds(parts: readonly string[]): [string, string] {
  const low = joinKeys(parts);
  return [low, `${low.slice(0, -SEP.length)}\u0002`];
}

function leafKey(value: unknown): string {
  return scalarKey(value) ?? '9' + toWire({ v: value });
}

/**
 * Every key a document can be found under for a path, as MongoDB's dotted paths see it: arrays
 * (at the end or on the way) contribute each element. It is a superset (mingo decides): missing
 * parts and empty arrays give the null key, nested arrays are also expanded, sub-documents give
 * MANY, which no pushed-down scalar equality looks up.
 */
export function elementKeys(doc: Record<string, unknown>, path: string): string[] {
  const out = new Set<string>();
  const segments = path.split('.');
  const leaf = (value: unknown): void => {
    if (Array.isArray(value)) {
      if (value.length === 0) out.add('0');
      for (const el of value) {
        if (Array.isArray(el)) leaf(el);
        else out.add(isPlainObject(el) ? MANY : leafKey(el));
      }
    } else {
      out.add(isPlainObject(value) ? MANY : leafKey(value));
    }
  };
  const walk = (current: unknown, i: number): void => {
    if (i === segments.length) return leaf(current);
    if (Array.isArray(current)) {
      if (current.length === 0) out.add('0');
      for (const el of current) {
        if (Array.isArray(el) || isPlainObject(el)) walk(el, i);
        else out.add('0');
      }
      return;
    }
    if (!isPlainObject(current)) return void out.add('0');
    walk(current[segments[i]!], i + 1);
  };
  walk(doc, 0);
  return [...out];
}
