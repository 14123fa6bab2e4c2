import { Query } from 'mingo';
import type { Options } from 'mingo/types';
import { requestFailed, type OperationKind } from './db-errors';
import type { SortSpec } from './planner';
import { isPlainObject, type Doc } from './values';

/** `$where` and `$function` run arbitrary JS; CloudBase does not offer them, so neither do we. */
export const MINGO_OPTIONS: Partial<Options> = { idKey: '_id', scriptEnabled: false, useStrictMode: true };

const GEO_OPERATORS = new Set(['$geoWithin', '$geoIntersects', '$near', '$nearSphere', '$geoNear']);

function findGeoOperator(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = findGeoOperator(v);
      if (found) return found;
    }
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (GEO_OPERATORS.has(k)) return k;
      const found = findGeoOperator(v);
      if (found) return found;
    }
  }
  return undefined;
}

/** mingo's wording differs from the server's for the most common mistake; speak like the server. */
function mongoMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^unknown query operator (\$\w+)/, 'unknown operator: $1');
}

export function badValue(kind: OperationKind, err: unknown) {
  return requestFailed(kind, 'BadValue', mongoMessage(err));
}

export function compileFilter(filter: Doc, kind: OperationKind = 'Query'): Query {
  const geo = findGeoOperator(filter);
  if (geo) throw requestFailed(kind, 'BadValue', `${geo} (geo queries) is not supported by the local emulator`);
  try {
    return new Query(filter, MINGO_OPTIONS);
  } catch (err) {
    throw badValue(kind, err);
  }
}

export function sortDocs<T extends Doc>(docs: T[], sort: SortSpec): T[] {
  if (sort.length === 0) return docs;
  return new Query({}, MINGO_OPTIONS).find<T>(docs).sort(Object.fromEntries(sort)).all();
}

export function projectDocs(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  try {
    return new Query({}, MINGO_OPTIONS).find<Doc>(docs, projection).all();
  } catch (err) {
    throw badValue('Query', err);
  }
}
