import type { CollectionInfo } from './collections';
import type { OperationKind } from './db-errors';
import type { DocumentStore, StoredDoc } from './documents';
import { compileFilter, projectDocs, sortDocs } from './mongo';
import { planQuery, queryShape, type Plan, type SortSpec } from './planner';
import type { ScanLog } from './scan-log';
import type { Doc } from './values';

export interface FindOptions {
  sort?: SortSpec;
  offset?: number;
  limit?: number;
  projection?: Doc;
}

/**
 * Reads: SQLite narrows the candidates through the expression indexes, mingo decides what
 * matches and (when SQLite cannot) the order. Queries SQLite can only answer by scanning are
 * recorded in the scan log.
 */
export class Reads {
  constructor(
    readonly store: DocumentStore,
    private readonly scans: ScanLog,
  ) {}

  /** Stored documents matching `filter`, in `sort` order (natural order without one), at most `max`. */
  match(info: CollectionInfo, filter: Doc, options: { sort?: SortSpec; max?: number; kind?: OperationKind } = {}): StoredDoc[] {
    const sort = options.sort ?? [];
    const max = options.max ?? Number.POSITIVE_INFINITY;
    const query = compileFilter(filter, options.kind ?? 'Query');
    const plan = planQuery(info, filter, sort);
    this.noteScan(info, filter, sort, plan);
    if (max <= 0) return [];
    const out: StoredDoc[] = [];
    if (sort.length === 0 || plan.orderSql) {
      for (const candidate of this.store.candidates(info, plan)) {
        if (!query.test(candidate.doc)) continue;
        out.push(candidate);
        if (out.length >= max) break;
      }
      return out;
    }
    for (const candidate of this.store.candidates(info, plan)) {
      if (query.test(candidate.doc)) out.push(candidate);
    }
    const byDoc = new Map(out.map((c) => [c.doc, c] as const));
    return sortDocs(
      out.map((c) => c.doc),
      sort,
    )
      .slice(0, max)
      .map((doc) => byDoc.get(doc)!);
  }

  find(info: CollectionInfo, filter: Doc, options: FindOptions = {}): Doc[] {
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 100;
    const matched = this.match(info, filter, { sort: options.sort, max: offset + limit });
    return projectDocs(
      matched.slice(offset).map((m) => m.doc),
      options.projection,
    );
  }

  count(info: CollectionInfo, filter: Doc): number {
    const query = compileFilter(filter);
    const plan = planQuery(info, filter);
    this.noteScan(info, filter, [], plan);
    if (plan.filterEmpty) return this.store.countAll(info);
    if (plan.exact) return this.store.countExact(info, plan);
    let n = 0;
    for (const candidate of this.store.candidates(info, plan)) if (query.test(candidate.doc)) n += 1;
    return n;
  }

  /** Records the query when SQLite can only answer it by reading the whole collection. */
  noteScan(info: CollectionInfo, filter: Doc, sort: SortSpec, plan: Plan): void {
    if (plan.filterEmpty && sort.length === 0) return;
    const use = this.store.planUse(info, plan);
    if (plan.filterEmpty ? use.sortedByIndex : use.searched) return;
    const order = sort.length ? ` orderBy ${JSON.stringify(Object.fromEntries(sort))}` : '';
    this.scans.record(info.name, `${JSON.stringify(queryShape(filter))}${order}`);
  }
}
