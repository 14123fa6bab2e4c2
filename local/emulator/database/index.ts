import type { EmulatorContext, JsonActionHandler } from '../types';
import { createActions } from './actions';
import { engineFor } from './engine';
import { planQuery, selectSql, type SortSpec } from './planner';
import type { ScanEntry } from './scan-log';
import { fromLooseJson, isPlainObject, toPlainJson, type Doc } from './values';

export type { ScanEntry } from './scan-log';
export { AGGREGATE_DEFAULT_LIMIT } from './aggregate';
export { DEFAULT_LIMIT, MAX_LIMIT } from './actions';
export { TRANSACTION_TTL_MS } from './transactions';

/**
 * The `database.*` actions of the emulator. Creating them opens the document tables and creates
 * every collection listed in the index spec (the project creates its collections from it).
 */
export function createDatabaseActions(ctx: EmulatorContext): Record<string, JsonActionHandler> {
  return createActions(engineFor(ctx));
}

/** Collections and their document counts, for the dev server. */
export function listCollections(ctx: EmulatorContext): Array<{ name: string; count: number }> {
  const engine = engineFor(ctx);
  return engine.collections.list().map((info) => ({ name: info.name, count: engine.store.countAll(info) }));
}

/**
 * Documents of a collection in natural order as JSON-safe values (relaxed EJSON: dates are
 * `{ $date: ISO }`). `filter` is a MongoDB filter in relaxed EJSON; an unknown collection gives [].
 */
export function findDocuments(
  ctx: EmulatorContext,
  name: string,
  options: { limit?: number; skip?: number; filter?: Record<string, unknown> } = {},
): unknown[] {
  const engine = engineFor(ctx);
  const info = engine.collections.get(name);
  if (!info) return [];
  const filter = options.filter ? (fromLooseJson(options.filter) as Doc) : {};
  return engine.reads.find(info, filter, { offset: options.skip ?? 0, limit: options.limit ?? 100 }).map(toPlainJson);
}

/** Queries that read a whole collection because no index serves them, grouped by shape. */
export function getScanLog(ctx: EmulatorContext): ScanEntry[] {
  return engineFor(ctx).scans.list();
}

export function resetScanLog(ctx: EmulatorContext): void {
  engineFor(ctx).scans.reset();
}

/** How many stored documents queries have decoded so far: a cheap "rows examined" for the bench and tests. */
export function getDocumentsExamined(ctx: EmulatorContext): number {
  return engineFor(ctx).store.examined;
}

export interface QueryExplanation {
  /** The SQL prefilter the filter became (parameters bound separately). */
  sql: string;
  params: string[];
  /** SQLite's EXPLAIN QUERY PLAN lines. */
  plan: string[];
  /** An index bounds the rows read, or (empty filter) serves the sort. */
  indexed: boolean;
  /** The SQL alone selects exactly the matching documents. */
  exact: boolean;
}

/** How a query on `name` would run, for the bench and for debugging an index. */
export function explainQuery(ctx: EmulatorContext, name: string, filter: Record<string, unknown>, sort: SortSpec = []): QueryExplanation {
  const engine = engineFor(ctx);
  const info = engine.collections.require(name);
  const decoded = fromLooseJson(filter) as Doc;
  const plan = planQuery(info, decoded, sort);
  const use = engine.store.planUse(info, plan);
  const { sql, params } = selectSql(info, plan, 'rid');
  return {
    sql,
    params,
    plan: use.detail,
    indexed: plan.filterEmpty ? sort.length === 0 || use.sortedByIndex : use.searched,
    exact: plan.exact,
  };
}

/**
 * Bulk import without HTTP, for the seed and the bench: documents are plain values (Dates allowed)
 * or relaxed EJSON. Creates the collection when missing; one SQLite transaction. Returns the ids.
 */
export function importDocuments(ctx: EmulatorContext, name: string, docs: Array<Record<string, unknown>>): unknown[] {
  const engine = engineFor(ctx);
  const info = engine.collections.get(name) ?? engine.collections.create(name);
  const decoded = docs.map((d) => {
    const doc = fromLooseJson(d);
    if (!isPlainObject(doc)) throw new TypeError('importDocuments: every document must be an object');
    return doc;
  });
  return engine.writes.insert(info, decoded);
}
