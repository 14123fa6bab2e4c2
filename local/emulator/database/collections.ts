import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { IndexDef, IndexSpec } from '../index-spec';
import { collectionAlreadyExists, collectionNotExist, invalidParam } from './db-errors';
import { MANY, elementKeys, joinKeys, keyAtPath } from './sort-key';
import { decodeBody, type Doc } from './values';

/**
 * One SQLite table per collection (created ⇔ the collection exists):
 *   rid      insertion order, the natural order of unsorted reads
 *   id_key   the encoded `_id`, unique: `_id` is always indexed
 *   version  bumped on every write; transactions validate against it
 *   body     the document as relaxed EJSON
 *   keys     {path: encoded key} for every indexed path, the target of the expression indexes
 * and a side table `db_c<n>_mk(ix, k, doc)` of multikey entries: for every index that has a field
 * flagged multikey, one row per combination of the document's element keys (`k`, see joinKeys),
 * `doc` being the rid. MongoDB indexes arrays per element; so does this table.
 */
export interface CollectionInfo {
  readonly name: string;
  readonly table: string;
  /** The multikey entries' table. */
  readonly sideTable: string;
  readonly indexes: readonly IndexDef[];
  /** Every indexed path except `_id`, whose key lives in `id_key`. */
  readonly keyPaths: readonly string[];
  /** Paths that have held an array or sub-document: their key is MANY and cannot bound a query alone. */
  readonly multikey: Set<string>;
}

interface RegistryRow {
  id: number;
  name: string;
  key_paths: string;
  multikey: string;
}

const REGISTRY = 'db_collections';
/** Paths end up inside SQL string literals and JSON paths: quotes and backslashes are refused. */
const VALID_PATH = /^[^"'\\$][^"'\\]*$/;

export function columnFor(path: string): string {
  return path === '_id' ? 'id_key' : `json_extract(keys, '$."${path}"')`;
}

function indexSqlName(table: string, def: IndexDef, suffix: string): string {
  const digest = createHash('sha1')
    .update(JSON.stringify([def.fields, Boolean(def.unique)]))
    .digest('hex')
    .slice(0, 8);
  return `${table}__${suffix}_${def.name.replace(/[^A-Za-z0-9_]/g, '_')}_${digest}`;
}

/** Numeric segments (`a.0.b`) address array positions; such indexes keep the MANY fallback only. */
const POSITIONAL = /(^|\.)\d+(\.|$)/;

/** The name of an index's entries in the side table. */
export function sideId(def: IndexDef): string {
  let id = sideIds.get(def);
  if (id === undefined) {
    id = createHash('sha1').update(JSON.stringify(def.fields)).digest('hex').slice(0, 8);
    sideIds.set(def, id);
  }
  return id;
}
const sideIds = new WeakMap<IndexDef, string>();

/** Indexes that have multikey entries: some field has held an array or sub-document. */
export function sideDefs(info: CollectionInfo): IndexDef[] {
  return info.indexes.filter((def) => def.fields.some(([p]) => info.multikey.has(p)) && !def.fields.some(([p]) => POSITIONAL.test(p)));
}

/** Cartesian product of the fields' element keys: the entry keys of one document for one index. */
function entryKeys(def: IndexDef, doc: Doc, byPath = new Map<string, string[]>()): string[] {
  let combos: string[][] = [[]];
  for (const [path] of def.fields) {
    let keys = byPath.get(path);
    if (!keys) {
      keys = elementKeys(doc, path);
      byPath.set(path, keys);
    }
    combos = combos.flatMap((c) => keys.map((k) => [...c, k]));
  }
  return combos.map(joinKeys);
}

export class Collections {
  private readonly byName = new Map<string, CollectionInfo>();
  private readonly statements = new Map<string, Database.Statement>();
  /** Entries of rows inserted by the current batchInserts, per collection. */
  private pending: Map<CollectionInfo, Array<[string, string, number]>> | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly spec: IndexSpec,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${REGISTRY} (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      key_paths TEXT NOT NULL,
      multikey TEXT NOT NULL
    )`);
    for (const [name, defs] of Object.entries(spec.collections)) {
      for (const def of defs) {
        for (const [path] of def.fields) {
          if (!VALID_PATH.test(path)) throw new Error(`index ${name}.${def.name}: field path ${JSON.stringify(path)} is not supported`);
        }
      }
    }
    const rows = db.prepare(`SELECT id, name, key_paths, multikey FROM ${REGISTRY}`).all() as RegistryRow[];
    db.transaction(() => {
      for (const row of rows) this.open(row);
      for (const name of Object.keys(spec.collections)) {
        if (!this.byName.has(name)) this.createNow(name);
      }
    })();
  }

  get(name: string): CollectionInfo | undefined {
    return this.byName.get(name);
  }

  require(name: string): CollectionInfo {
    const info = this.byName.get(name);
    if (!info) throw collectionNotExist(name);
    return info;
  }

  list(): CollectionInfo[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  create(name: string): CollectionInfo {
    if (typeof name !== 'string' || name.length === 0 || name.length > 128 || name.includes('$') || name.includes('\0')) {
      throw invalidParam(`invalid collection name ${JSON.stringify(name)}`);
    }
    if (this.byName.has(name)) throw collectionAlreadyExists(name);
    return this.db.transaction(() => this.createNow(name))();
  }

  /** Encoded keys of a document for the collection's indexed paths, and the paths that came out MANY. */
  keysFor(info: CollectionInfo, doc: Doc): { json: string; many: string[] } {
    const keys: Record<string, string> = {};
    const many: string[] = [];
    for (const path of info.keyPaths) {
      const key = keyAtPath(doc, path);
      keys[path] = key;
      if (key === MANY) many.push(path);
    }
    return { json: JSON.stringify(keys), many };
  }

  /**
   * Sticky like MongoDB's multikey flag; must run inside the writer's SQLite transaction. An index
   * that gets its first multikey field gets entries for every stored document at once.
   */
  markMultikey(info: CollectionInfo, paths: readonly string[]): void {
    const fresh = paths.filter((p) => !info.multikey.has(p));
    if (fresh.length === 0) return;
    const before = new Set(sideDefs(info));
    for (const p of fresh) info.multikey.add(p);
    this.db.prepare(`UPDATE ${REGISTRY} SET multikey = ? WHERE name = ?`).run(JSON.stringify([...info.multikey]), info.name);
    const added = sideDefs(info).filter((def) => !before.has(def));
    if (added.length) this.backfillSide(info, added);
  }

  /** Replaces a document's multikey entries (after its row was written; a new row has none yet). */
  writeSide(info: CollectionInfo, rid: number, doc: Doc, inserted = false): void {
    const defs = sideDefs(info);
    if (!inserted) this.deleteSide(info, rid);
    if (defs.length === 0) return;
    const pending = inserted ? this.pending : undefined;
    let buffer = pending?.get(info);
    if (pending && !buffer) pending.set(info, (buffer = []));
    const insert = this.statement(`INSERT OR IGNORE INTO "${info.sideTable}" (ix, k, doc) VALUES (?, ?, ?)`);
    const byPath = new Map<string, string[]>();
    for (const def of defs) {
      const ix = sideId(def);
      for (const k of entryKeys(def, doc, byPath)) {
        if (buffer) buffer.push([ix, k, rid]);
        else insert.run(ix, k, rid);
      }
    }
  }

  /**
   * Runs a batch of inserts (inside the writer's SQLite transaction) with the new rows' multikey
   * entries written at the end, sorted: a bulk import then walks the entries' b-tree in order
   * instead of at random.
   */
  batchInserts<T>(fn: () => T): T {
    if (this.pending) return fn();
    this.pending = new Map();
    try {
      const result = fn();
      for (const [info, entries] of this.pending) {
        entries.sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[2] - b[2]));
        const insert = this.statement(`INSERT OR IGNORE INTO "${info.sideTable}" (ix, k, doc) VALUES (?, ?, ?)`);
        for (const [ix, k, rid] of entries) insert.run(ix, k, rid);
      }
      return result;
    } finally {
      this.pending = undefined;
    }
  }

  deleteSide(info: CollectionInfo, rid: number): void {
    if (info.multikey.size === 0) return;
    this.statement(`DELETE FROM "${info.sideTable}" WHERE doc = ?`).run(rid);
  }

  private backfillSide(info: CollectionInfo, defs: readonly IndexDef[]): void {
    const insert = this.statement(`INSERT OR IGNORE INTO "${info.sideTable}" (ix, k, doc) VALUES (?, ?, ?)`);
    for (const row of this.db.prepare(`SELECT rid, body FROM "${info.table}"`).all() as Array<{ rid: number; body: string }>) {
      const doc = decodeBody(row.body);
      const byPath = new Map<string, string[]>();
      for (const def of defs) {
        const ix = sideId(def);
        for (const k of entryKeys(def, doc, byPath)) insert.run(ix, k, row.rid);
      }
    }
  }

  /** On open: entries of indexes no longer in the spec go, indexes without entries get them. */
  private syncSide(info: CollectionInfo): void {
    const defs = sideDefs(info);
    const ids = defs.map(sideId);
    this.db.prepare(`DELETE FROM "${info.sideTable}" WHERE ix NOT IN (${ids.map(() => '?').join(', ')})`).run(...ids);
    if (!this.db.prepare(`SELECT 1 FROM "${info.table}" LIMIT 1`).get()) return;
    const missing = defs.filter((def) => !this.db.prepare(`SELECT 1 FROM "${info.sideTable}" WHERE ix = ? LIMIT 1`).get(sideId(def)));
    if (missing.length) this.backfillSide(info, missing);
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Maps SQLite's "UNIQUE constraint failed: index 'x'" back to the spec's index. */
  indexBySqlName(info: CollectionInfo, sqlName: string): IndexDef | undefined {
    return info.indexes.find((def) => indexSqlName(info.table, def, 'uq') === sqlName);
  }

  private createNow(name: string): CollectionInfo {
    const result = this.db.prepare(`INSERT INTO ${REGISTRY} (name, key_paths, multikey) VALUES (?, '[]', '[]')`).run(name);
    return this.open({ id: Number(result.lastInsertRowid), name, key_paths: '[]', multikey: '[]' });
  }

  private open(row: RegistryRow): CollectionInfo {
    const table = `db_c${row.id}`;
    this.db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (
      rid INTEGER PRIMARY KEY,
      id_key TEXT NOT NULL UNIQUE,
      version INTEGER NOT NULL,
      body TEXT NOT NULL,
      keys TEXT NOT NULL
    )`);
    const sideTable = `${table}_mk`;
    this.db.exec(`CREATE TABLE IF NOT EXISTS "${sideTable}" (
      ix TEXT NOT NULL,
      k TEXT NOT NULL,
      doc INTEGER NOT NULL,
      PRIMARY KEY (ix, k, doc)
    ) WITHOUT ROWID`);
    this.db.exec(`CREATE INDEX IF NOT EXISTS "${sideTable}_doc" ON "${sideTable}" (doc)`);
    const indexes = (this.spec.collections[row.name] ?? []).filter((def) => !(def.fields.length === 1 && def.fields[0]![0] === '_id'));
    const keyPaths = [...new Set(indexes.flatMap((def) => def.fields.map(([path]) => path)).filter((p) => p !== '_id'))];
    const stored = JSON.parse(row.key_paths) as string[];
    const info: CollectionInfo = {
      name: row.name,
      table,
      sideTable,
      indexes,
      keyPaths,
      multikey: new Set(JSON.parse(row.multikey) as string[]),
    };
    if (JSON.stringify(stored) !== JSON.stringify(keyPaths)) {
      this.rebuildKeys(info);
      this.db
        .prepare(`UPDATE ${REGISTRY} SET key_paths = ?, multikey = ? WHERE id = ?`)
        .run(JSON.stringify(keyPaths), JSON.stringify([...info.multikey]), row.id);
    }
    this.syncIndexes(info);
    this.syncSide(info);
    this.byName.set(row.name, info);
    return info;
  }

  /** The index spec changed: recompute every row's keys (the multikey flags start over with them). */
  private rebuildKeys(info: CollectionInfo): void {
    info.multikey.clear();
    this.db.exec(`DELETE FROM "${info.sideTable}"`);
    const rows = this.db.prepare(`SELECT rid, body FROM "${info.table}"`).all() as Array<{ rid: number; body: string }>;
    const update = this.db.prepare(`UPDATE "${info.table}" SET keys = ? WHERE rid = ?`);
    for (const row of rows) {
      const { json, many } = this.keysFor(info, decodeBody(row.body));
      for (const p of many) info.multikey.add(p);
      update.run(json, row.rid);
    }
  }

  private syncIndexes(info: CollectionInfo): void {
    const wanted = new Map<string, string>();
    for (const def of info.indexes) {
      const columns = def.fields.map(([path, dir]) => `${columnFor(path)}${dir === -1 ? ' DESC' : ''}`).join(', ');
      wanted.set(indexSqlName(info.table, def, 'ix'), `ON "${info.table}" (${columns})`);
      if (def.unique) {
        // Rows whose key is MANY (arrays) cannot be checked by a single key; MongoDB checks per element.
        const partial = def.fields.map(([path]) => `${columnFor(path)} <> '${MANY}'`).join(' AND ');
        wanted.set(indexSqlName(info.table, def, 'uq'), `ON "${info.table}" (${columns}) WHERE ${partial}`);
      }
    }
    const existing = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`).all(info.table) as Array<{
      name: string;
    }>;
    for (const { name } of existing) {
      if (name.startsWith(`${info.table}__`) && !wanted.has(name)) this.db.exec(`DROP INDEX "${name}"`);
    }
    for (const [name, target] of wanted) {
      const unique = name.startsWith(`${info.table}__uq_`) ? 'UNIQUE ' : '';
      this.db.exec(`CREATE ${unique}INDEX IF NOT EXISTS "${name}" ${target}`);
    }
  }
}
