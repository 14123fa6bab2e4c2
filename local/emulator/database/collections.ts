import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { IndexDef, IndexSpec } from '../index-spec';
import { collectionAlreadyExists, collectionNotExist, invalidParam } from './db-errors';
import { MANY, keyAtPath } from './sort-key';
import { decodeBody, type Doc } from './values';

/**
 * One SQLite table per collection (created ⇔ the collection exists):
 *   rid      insertion order, the natural order of unsorted reads
 *   id_key   the encoded `_id`, unique: `_id` is always indexed
 *   version  bumped on every write; transactions validate against it
 *   body     the document as relaxed EJSON
 *   keys     {path: encoded key} for every indexed path, the target of the expression indexes
 */
export interface CollectionInfo {
  readonly name: string;
  readonly table: string;
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

export class Collections {
  private readonly byName = new Map<string, CollectionInfo>();

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

  /** Sticky like MongoDB's multikey flag; must run inside the writer's SQLite transaction. */
  markMultikey(info: CollectionInfo, paths: readonly string[]): void {
    const fresh = paths.filter((p) => !info.multikey.has(p));
    if (fresh.length === 0) return;
    for (const p of fresh) info.multikey.add(p);
    this.db.prepare(`UPDATE ${REGISTRY} SET multikey = ? WHERE name = ?`).run(JSON.stringify([...info.multikey]), info.name);
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
    const indexes = (this.spec.collections[row.name] ?? []).filter((def) => !(def.fields.length === 1 && def.fields[0]![0] === '_id'));
    const keyPaths = [...new Set(indexes.flatMap((def) => def.fields.map(([path]) => path)).filter((p) => p !== '_id'))];
    const stored = JSON.parse(row.key_paths) as string[];
    const info: CollectionInfo = { name: row.name, table, indexes, keyPaths, multikey: new Set(JSON.parse(row.multikey) as string[]) };
    if (JSON.stringify(stored) !== JSON.stringify(keyPaths)) {
      this.rebuildKeys(info);
      this.db
        .prepare(`UPDATE ${REGISTRY} SET key_paths = ?, multikey = ? WHERE id = ?`)
        .run(JSON.stringify(keyPaths), JSON.stringify([...info.multikey]), row.id);
    }
    this.syncIndexes(info);
    this.byName.set(row.name, info);
    return info;
  }

  /** The index spec changed: recompute every row's keys (the multikey flags start over with them). */
  private rebuildKeys(info: CollectionInfo): void {
    info.multikey.clear();
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
