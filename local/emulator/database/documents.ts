import type Database from 'better-sqlite3';
import { SqliteError } from 'better-sqlite3';
import { EJSON } from 'bson';
import type { Collections, CollectionInfo } from './collections';
import { duplicateKey, invalidParam } from './db-errors';
import { selectSql, type Plan } from './planner';
import { idKey } from './sort-key';
import { decodeBody, encodeBody, type Doc } from './values';

export interface StoredDoc {
  rid: number;
  version: number;
  doc: Doc;
}

interface Row {
  rid: number;
  version: number;
  body: string;
}

/** What SQLite will do with a plan, learnt once per distinct SQL text from EXPLAIN QUERY PLAN. */
export interface PlanUse {
  /** An index bounds the rows read (SEARCH), rather than a full table or index scan. */
  searched: boolean;
  /** The ORDER BY comes straight out of an index, so reading can stop at the limit. */
  sortedByIndex: boolean;
  detail: string[];
}

const STATEMENT_CACHE_LIMIT = 500;

/**
 * Rows of the collection tables. Every write bumps a process-wide version counter, so a document
 * deleted and re-created never reuses a version a transaction may have seen.
 */
export class DocumentStore {
  private version: number;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly planUses = new Map<string, PlanUse>();
  /** Documents decoded by queries since start: what the bench and the index tests measure. */
  examined = 0;

  constructor(
    readonly db: Database.Database,
    readonly collections: Collections,
    private readonly envId: string,
  ) {
    let max = 0;
    for (const info of collections.list()) {
      const row = db.prepare(`SELECT MAX(version) AS v FROM "${info.table}"`).get() as { v: number | null };
      max = Math.max(max, row.v ?? 0);
    }
    this.version = max;
  }

  /** All-or-nothing, durable on return (WAL): what one request or one commit needs. */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  readById(info: CollectionInfo, id: unknown): StoredDoc | undefined {
    const key = idKey(id);
    if (key === undefined) return undefined;
    const row = this.statement(`SELECT rid, version, body FROM "${info.table}" WHERE id_key = ?`).get(key) as Row | undefined;
    return row && { rid: row.rid, version: row.version, doc: decodeBody(row.body) };
  }

  /** Candidate rows of a plan, in its SQL order (or natural order); lazily, so callers can stop early. */
  *candidates(info: CollectionInfo, plan: Plan): Generator<StoredDoc> {
    const { sql, params } = selectSql(info, plan, 'rid, version, body');
    // Multikey entries can bring a document once per matching element: the first one counts.
    const seen = plan.side ? new Set<number>() : undefined;
    for (const row of this.statement(sql).iterate(...params) as IterableIterator<Row>) {
      if (seen) {
        if (seen.has(row.rid)) continue;
        seen.add(row.rid);
      }
      this.examined += 1;
      yield { rid: row.rid, version: row.version, doc: decodeBody(row.body) };
    }
  }

  countExact(info: CollectionInfo, plan: Plan): number {
    const { sql, params } = selectSql(info, plan, plan.side ? 'COUNT(DISTINCT rid) AS n' : 'COUNT(*) AS n', false);
    return (this.statement(sql).get(...params) as { n: number }).n;
  }

  countAll(info: CollectionInfo): number {
    return (this.statement(`SELECT COUNT(*) AS n FROM "${info.table}"`).get() as { n: number }).n;
  }

  planUse(info: CollectionInfo, plan: Plan): PlanUse {
    const { sql, params } = selectSql(info, plan, 'rid');
    let use = this.planUses.get(sql);
    if (!use) {
      const detail = (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
      use = {
        detail,
        searched: detail.some((d) => d.startsWith('SEARCH')) && !detail.some((d) => d.startsWith('SCAN')),
        // A partial sort ("RIGHT PART" / "LAST TERM") still streams in index order and can stop early.
        sortedByIndex: Boolean(plan.orderSql) && !detail.some((d) => d.includes('TEMP B-TREE FOR ORDER BY')),
      };
      if (this.planUses.size >= STATEMENT_CACHE_LIMIT) this.planUses.clear();
      this.planUses.set(sql, use);
    }
    return use;
  }

  insert(info: CollectionInfo, doc: Doc): void {
    const key = idKey(doc._id);
    if (key === undefined) throw invalidParam('_id must be a string, a number or an object');
    const { json, many } = this.collections.keysFor(info, doc);
    this.collections.markMultikey(info, many);
    this.write(info, doc, () => {
      const result = this.statement(`INSERT INTO "${info.table}" (id_key, version, body, keys) VALUES (?, ?, ?, ?)`).run(
        key,
        ++this.version,
        encodeBody(doc),
        json,
      );
      this.collections.writeSide(info, Number(result.lastInsertRowid), doc, true);
    });
  }

  replace(info: CollectionInfo, rid: number, doc: Doc): void {
    const { json, many } = this.collections.keysFor(info, doc);
    this.collections.markMultikey(info, many);
    this.write(info, doc, () => {
      this.statement(`UPDATE "${info.table}" SET version = ?, body = ?, keys = ? WHERE rid = ?`).run(
        ++this.version,
        encodeBody(doc),
        json,
        rid,
      );
      this.collections.writeSide(info, rid, doc);
    });
  }

  delete(info: CollectionInfo, rid: number): void {
    this.statement(`DELETE FROM "${info.table}" WHERE rid = ?`).run(rid);
    this.collections.deleteSide(info, rid);
  }

  /** The version a missing document is seen at by transactions. */
  static readonly ABSENT = 0;

  private write(info: CollectionInfo, doc: Doc, run: () => void): void {
    try {
      run();
    } catch (err) {
      if (!(err instanceof SqliteError) || !err.code.startsWith('SQLITE_CONSTRAINT')) throw err;
      if (err.message.includes('.id_key')) {
        throw duplicateKey(this.envId, info.name, '_id_', `{ _id: ${EJSON.stringify(doc._id, { relaxed: true })} }`);
      }
      const sqlName = /index '([^']+)'/.exec(err.message)?.[1] ?? '';
      const def = this.collections.indexBySqlName(info, sqlName);
      const fields = (def?.fields ?? []).map(([path]) => `${path}: ${EJSON.stringify(valueAt(doc, path) ?? null, { relaxed: true })}`);
      throw duplicateKey(this.envId, info.name, def?.name ?? sqlName, `{ ${fields.join(', ')} }`);
    }
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

function valueAt(doc: Doc, path: string): unknown {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
