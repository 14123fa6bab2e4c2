import { columnFor, sideDefs, sideId, type CollectionInfo } from './collections';
import { MANY, NUMBER_FLOOR, TYPE_NUMBER, idKey, prefixBounds, scalarKey, typeCeiling } from './sort-key';
import { isPlainObject, type Doc } from './values';

export type SortSpec = Array<[string, 1 | -1]>;

/**
 * How a filter is pushed down to SQLite. The WHERE clause is a superset prefilter built only from
 * predicates on indexed paths (equality, $in, ranges); mingo then decides exactly. When every
 * predicate was pushed and none touches a multikey path, the SQL is exact (count needs no mingo).
 */
export interface Plan {
  where: string;
  params: string[];
  /** ORDER BY delegated to SQL (sort paths indexed and never multikey), so reads can stop at the limit. */
  orderSql?: string;
  exact: boolean;
  filterEmpty: boolean;
  /**
   * Rows reached through the multikey entries of one index (equality / $in on its leading fields,
   * one of them multikey): a condition on the side table, joined to the collection by rid. A
   * document can come once per matching element; readers keep the first.
   */
  side?: { where: string; params: string[] };
}

/** The SELECT of a plan: the collection table alone, or driven by the multikey entries (CROSS JOIN keeps them the outer loop). */
export function selectSql(info: CollectionInfo, plan: Plan, columns: string, ordered = true): { sql: string; params: string[] } {
  const order = ordered && plan.orderSql ? ` ORDER BY ${plan.orderSql}` : '';
  if (!plan.side) return { sql: `SELECT ${columns} FROM "${info.table}" WHERE ${plan.where}${order}`, params: plan.params };
  return {
    sql: `SELECT ${columns} FROM "${info.sideTable}" CROSS JOIN "${info.table}" ON rid = doc WHERE ${plan.side.where} AND (${plan.where})${order}`,
    params: [...plan.side.params, ...plan.params],
  };
}

interface Builder {
  info: CollectionInfo;
  terms: string[];
  params: string[];
  exact: boolean;
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** Top-level conjuncts, `$and` flattened, `$or` turned into an OR of indexed branches; the rest stays for mingo. */
function conjuncts(filter: Doc, out: Array<[string, unknown]>, b: Builder): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) {
        if (isPlainObject(part)) conjuncts(part, out, b);
        else b.exact = false;
      }
    } else if (key === '$or' && Array.isArray(value)) {
      addDisjunction(b, value);
    } else if (key.startsWith('$')) {
      b.exact = false;
    } else {
      out.push([key, value]);
    }
  }
}

function keyOf(path: string, value: unknown): string | undefined {
  if (value instanceof RegExp) return undefined;
  return path === '_id' ? (idKey(value) ?? (value === null ? '0' : undefined)) : scalarKey(value);
}

function addEquality(b: Builder, path: string, values: unknown[]): boolean {
  const keys: string[] = [];
  for (const v of values) {
    const key = keyOf(path, v);
    if (key === undefined) return false;
    keys.push(key);
  }
  const column = columnFor(path);
  if (b.info.multikey.has(path)) {
    keys.push(MANY);
    b.exact = false;
  }
  if (keys.length === 0) {
    b.terms.push('0');
    return true;
  }
  b.terms.push(keys.length === 1 ? `${column} = ?` : `${column} IN (${keys.map(() => '?').join(', ')})`);
  b.params.push(...keys);
  return true;
}

/** Mongo compares only within a type class (numbers with numbers, dates with dates…), so ranges are bracketed. */
function addRange(b: Builder, path: string, op: string, value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'boolean') return false;
  const key = keyOf(path, value);
  if (key === undefined) return false;
  const column = columnFor(path);
  const lowerIsBound = op === '$gt' || op === '$gte';
  const cmp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op as '$gt' | '$gte' | '$lt' | '$lte'];
  const floor = key.startsWith(TYPE_NUMBER) ? NUMBER_FLOOR : key[0]!;
  const floorCmp = key.startsWith(TYPE_NUMBER) ? '>' : '>=';
  const range = lowerIsBound ? `${column} ${cmp} ? AND ${column} < ?` : `${column} ${cmp} ? AND ${column} ${floorCmp} ?`;
  const params = lowerIsBound ? [key, typeCeiling(key)] : [key, floor];
  if (b.info.multikey.has(path)) {
    b.terms.push(`((${range}) OR ${column} = ?)`);
    b.params.push(...params, MANY);
    b.exact = false;
  } else {
    b.terms.push(range);
    b.params.push(...params);
  }
  return true;
}

function addPredicate(b: Builder, path: string, condition: unknown): void {
  const indexed = path === '_id' || b.info.keyPaths.includes(path);
  if (!indexed) {
    b.exact = false;
    return;
  }
  if (isOperatorObject(condition)) {
    for (const [op, operand] of Object.entries(condition)) {
      let pushed = false;
      if (op === '$eq') pushed = addEquality(b, path, [operand]);
      else if (op === '$in' && Array.isArray(operand)) pushed = addEquality(b, path, operand);
      else if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') pushed = addRange(b, path, op, operand);
      if (!pushed) b.exact = false;
    }
    return;
  }
  if (Array.isArray(condition) || isPlainObject(condition) || !addEquality(b, path, [condition])) b.exact = false;
}

/**
 * `$or` helps only if every branch is bounded by an index (SQLite then unions index searches);
 * one unbounded branch means reading everything anyway, so nothing is pushed.
 */
function addDisjunction(b: Builder, branches: unknown[]): void {
  const built: Builder[] = [];
  for (const branch of branches) {
    if (!isPlainObject(branch)) {
      b.exact = false;
      return;
    }
    const sub: Builder = { info: b.info, terms: [], params: [], exact: true };
    const predicates: Array<[string, unknown]> = [];
    conjuncts(branch, predicates, sub);
    for (const [path, condition] of predicates) addPredicate(sub, path, condition);
    if (sub.terms.length === 0) {
      b.exact = false;
      return;
    }
    built.push(sub);
  }
  if (built.length === 0) {
    b.terms.push('0');
    return;
  }
  b.terms.push(`(${built.map((sub) => `(${sub.terms.join(' AND ')})`).join(' OR ')})`);
  for (const sub of built) b.params.push(...sub.params);
  if (!built.every((sub) => sub.exact)) b.exact = false;
}

export function planQuery(info: CollectionInfo, filter: Doc, sort: SortSpec = []): Plan {
  const b: Builder = { info, terms: [], params: [], exact: true };
  const predicates: Array<[string, unknown]> = [];
  conjuncts(filter, predicates, b);
  for (const [path, condition] of predicates) addPredicate(b, path, condition);
  const plan: Plan = {
    where: b.terms.length ? b.terms.join(' AND ') : '1',
    params: b.params,
    exact: b.exact,
    filterEmpty: Object.keys(filter).length === 0,
  };
  const sortable = sort.length > 0 && sort.every(([path]) => (path === '_id' || info.keyPaths.includes(path)) && !info.multikey.has(path));
  if (sortable) {
    // rid last makes ties deterministic; its direction follows the index that serves the sort
    // (entries are ordered by key then rowid), so reading the index needs no extra sort step.
    const ridDirection = indexScanDirection(info, sort) === 'backward' ? 'DESC' : 'ASC';
    plan.orderSql = [...sort.map(([path, dir]) => `${columnFor(path)} ${dir === -1 ? 'DESC' : 'ASC'}`), `rid ${ridDirection}`].join(', ');
  }
  addSideLookup(info, predicates, sort, plan);
  return plan;
}

/** The keys an equality or `$in` on a path looks up, or undefined when it is anything else. */
function equalityKeys(path: string, condition: unknown): string[] | undefined {
  let values: unknown[] | undefined;
  // `_id` is never multikey, and its object keys differ from the entries' MANY.
  if (path === '_id') return undefined;
  if (isOperatorObject(condition)) {
    if ('$eq' in condition) values = [condition.$eq];
    else if (Array.isArray(condition.$in)) values = condition.$in as unknown[];
  } else if (!Array.isArray(condition) && !isPlainObject(condition)) {
    values = [condition];
  }
  if (!values) return undefined;
  const keys = new Set<string>();
  for (const v of values) {
    if (Array.isArray(v) || isPlainObject(v)) return undefined;
    const key = keyOf(path, v);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return [...keys];
}

/** More prefixes than this and the lookup is not worth it (each is one range of the side table). */
const MAX_SIDE_PREFIXES = 64;

/**
 * Equality / `$in` on the leading fields of an index with multikey entries, one of them multikey:
 * the rows come from those entries instead of every row whose key is MANY. With one prefix and a
 * sort on exactly the index's remaining (non-multikey) fields, the entries are already in order
 * and reading stops at the limit. The collection-table terms stay as a further superset filter.
 */
function addSideLookup(info: CollectionInfo, predicates: Array<[string, unknown]>, sort: SortSpec, plan: Plan): void {
  if (info.multikey.size === 0) return;
  const equal = new Map<string, string[]>();
  for (const [path, condition] of predicates) {
    if (equal.has(path)) continue;
    const keys = equalityKeys(path, condition);
    if (keys) equal.set(path, keys);
  }
  let best: { ix: string; prefixes: string[][]; ordered: boolean; score: number } | undefined;
  for (const def of sideDefs(info)) {
    let k = 0;
    while (k < def.fields.length && equal.has(def.fields[k]![0])) k++;
    const lead = def.fields.slice(0, k).map(([path]) => path);
    if (k === 0 || !lead.some((path) => info.multikey.has(path))) continue;
    let prefixes: string[][] = [[]];
    for (const path of lead) prefixes = prefixes.flatMap((p) => equal.get(path)!.map((key) => [...p, key]));
    if (prefixes.length === 0 || prefixes.length > MAX_SIDE_PREFIXES) continue;
    const rest = def.fields.slice(k).map(([path]) => path);
    const ordered =
      prefixes.length === 1 &&
      sort.length > 0 &&
      sort.length === rest.length &&
      sort.every(([path, dir], i) => path === rest[i] && dir === sort[0]![1] && !info.multikey.has(path));
    const score = (ordered ? 1000 : 0) + k;
    if (!best || score > best.score) best = { ix: sideId(def), prefixes, ordered, score };
  }
  if (!best) return;
  const ranges = best.prefixes.map(() => '(k >= ? AND k < ?)');
  plan.side = {
    where: `ix = ? AND ${ranges.length === 1 ? ranges[0] : `(${ranges.join(' OR ')})`}`,
    params: [best.ix, ...best.prefixes.flatMap((p) => prefixBounds(p))],
  };
  plan.exact = false;
  if (best.ordered) {
    const dir = sort[0]![1] === -1 ? 'DESC' : 'ASC';
    plan.orderSql = `k ${dir}, doc ${dir}`;
  }
}

/** Whether some index holds the sort fields contiguously, read forwards or backwards. */
function indexScanDirection(info: CollectionInfo, sort: SortSpec): 'forward' | 'backward' | undefined {
  for (const def of info.indexes) {
    for (let start = 0; start + sort.length <= def.fields.length; start++) {
      const window = def.fields.slice(start, start + sort.length);
      if (!window.every(([path], i) => path === sort[i]![0])) continue;
      if (window.every(([, dir], i) => dir === sort[i]![1])) return 'forward';
      if (window.every(([, dir], i) => dir === -sort[i]![1])) return 'backward';
    }
  }
  if (sort.length === 1 && sort[0]![0] === '_id') return sort[0]![1] === 1 ? 'forward' : 'backward';
  return undefined;
}

/** A filter with its values blanked: what the scan log groups by. */
export function queryShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(queryShape);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$in' || k === '$nin' || k === '$all' ? '?' : queryShape(v);
    }
    return out;
  }
  return '?';
}
