import { update as mingoUpdate, type Modifier } from 'mingo/updater';
import { requestFailed } from './db-errors';
import { badValue } from './mongo';
import { cloneDoc, isPlainObject, toWire, type Doc } from './values';

const CREATES_PATH = new Set(['$set', '$setOnInsert', '$inc', '$mul', '$push', '$addToSet', '$min', '$max', '$currentDate']);
const NUMERIC = new Set(['$inc', '$mul']);
const ARRAY = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);

/** An update document is either all operators (merge) or a whole replacement; never both. */
export function isOperatorUpdate(data: Doc): boolean {
  const keys = Object.keys(data);
  const operators = keys.filter((k) => k.startsWith('$')).length;
  if (operators > 0 && operators < keys.length) {
    throw requestFailed('Update', 'BadValue', 'update document mixes update operators and plain fields');
  }
  return operators > 0;
}

function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return 'object';
}

interface Resolved {
  found: boolean;
  value?: unknown;
  /** A scalar met before the last segment: the path cannot be created through it. */
  blocked?: { segment: string; parent: string; value: unknown };
}

function resolve(doc: Doc, path: string): Resolved {
  const segments = path.split('.');
  let current: unknown = doc;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      current = current[Number(segment)];
    } else if (isPlainObject(current)) {
      current = current[segment];
    } else {
      return { found: false, blocked: { segment, parent: segments.slice(0, i).join('.'), value: current } };
    }
    if (current === undefined) return { found: false };
  }
  return { found: true, value: current };
}

/**
 * MongoDB rejects type mistakes that mingo silently skips ($inc on a string, $push on a number,
 * creating a field inside a scalar). Checking first keeps local behaviour as strict as production.
 */
function checkTypes(doc: Doc, modifier: Doc): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (!isPlainObject(fields)) {
      throw requestFailed(
        'Update',
        'FailedToParse',
        `Modifiers operate on fields but we found type ${bsonTypeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${toWire(fields)}}`,
      );
    }
    for (const [path, operand] of Object.entries(fields)) {
      if (path.includes('$')) continue;
      const at = resolve(doc, path);
      const id = toWire(doc._id);
      if (at.blocked && (CREATES_PATH.has(op) || op === '$rename')) {
        const parent = at.blocked.parent || path;
        throw requestFailed(
          'Update',
          'PathNotViable',
          `Cannot create field '${at.blocked.segment}' in element {${parent}: ${toWire(at.blocked.value ?? null)}}`,
        );
      }
      if (op === '$rename' && typeof operand === 'string') {
        const target = resolve(doc, operand);
        if (target.blocked) {
          throw requestFailed(
            'Update',
            'PathNotViable',
            `Cannot create field '${target.blocked.segment}' in element {${target.blocked.parent}: ${toWire(target.blocked.value ?? null)}}`,
          );
        }
      }
      if (NUMERIC.has(op)) {
        if (typeof operand !== 'number') {
          throw requestFailed(
            'Update',
            'TypeMismatch',
            `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${toWire(operand)}}`,
          );
        }
        if (at.found && typeof at.value !== 'number') {
          throw requestFailed(
            'Update',
            'TypeMismatch',
            `Cannot apply ${op} to a value of non-numeric type. {_id: ${id}} has the field '${path}' of non-numeric type ${bsonTypeName(at.value)}`,
          );
        }
      }
      if (ARRAY.has(op) && at.found && !Array.isArray(at.value)) {
        if (op === '$push' || op === '$addToSet') {
          throw requestFailed(
            'Update',
            'BadValue',
            `The field '${path}' must be an array but is of type ${bsonTypeName(at.value)} in document {_id: ${id}}`,
          );
        }
        if (op === '$pop')
          throw requestFailed('Update', 'TypeMismatch', `Path '${path}' contains an element of non-array type '${bsonTypeName(at.value)}'`);
        throw requestFailed('Update', 'BadValue', `Cannot apply ${op} to a non-array value`);
      }
    }
  }
}

/** `$currentDate` must use the emulator clock (tests shift it), not mingo's wall clock. */
function withClock(modifier: Doc, now: number): Doc {
  const current = modifier.$currentDate;
  if (!isPlainObject(current)) return modifier;
  const rest: Doc = { ...modifier };
  delete rest.$currentDate;
  const set: Doc = isPlainObject(rest.$set) ? { ...rest.$set } : {};
  for (const path of Object.keys(current)) set[path] = new Date(now);
  return { ...rest, $set: set };
}

/** Applies update operators to a copy of `doc`; `changed` is false when the result equals the input. */
export function applyOperators(doc: Doc, modifier: Doc, now: number): { doc: Doc; changed: boolean } {
  const effective = withClock(modifier, now);
  checkTypes(doc, effective);
  const next = cloneDoc(doc);
  let changedPaths: string[];
  try {
    changedPaths = mingoUpdate(next, effective as Modifier<Doc>, [], undefined, { cloneMode: 'deep' });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (message.includes("immutable field '_id'")) throw requestFailed('Update', 'ImmutableField', message);
    if (message.startsWith('Unknown update operator')) throw requestFailed('Update', 'FailedToParse', message);
    if (message.includes('conflict')) throw requestFailed('Update', 'ConflictingUpdateOperators', message);
    throw badValue('Update', err);
  }
  return { doc: next, changed: changedPaths.length > 0 };
}

/** `set()` semantics: the new body replaces everything but `_id`. */
export function replaceBody(old: Doc, body: Doc): { doc: Doc; changed: boolean } {
  if ('_id' in body && toWire(body._id) !== toWire(old._id)) {
    throw requestFailed('Update', 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  const next: Doc = { _id: old._id };
  for (const [k, v] of Object.entries(body)) if (k !== '_id') next[k] = cloneDoc(v);
  return { doc: next, changed: toWire(next) !== toWire(old) };
}

/** The document an upsert starts from: the filter's equality conditions, as MongoDB seeds it. */
export function upsertSeed(filter: Doc, now: number): Doc {
  const set: Doc = {};
  const collect = (f: Doc): void => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainObject(part)) collect(part);
      } else if (!key.startsWith('$')) {
        if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
          if ('$eq' in value) set[key] = value.$eq;
        } else if (!(value instanceof RegExp)) {
          set[key] = value;
        }
      }
    }
  };
  collect(filter);
  // mingo (like MongoDB's $set) refuses to touch _id, so the seed starts with it.
  const seed: Doc = '_id' in set ? { _id: set._id } : {};
  delete set._id;
  return Object.keys(set).length ? applyOperators(seed, { $set: set }, now).doc : seed;
}
