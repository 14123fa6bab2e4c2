import type { Clock } from '../clock';
import type { CollectionInfo } from './collections';
import { invalidParam, requestFailed } from './db-errors';
import type { IdGenerator } from './ids';
import type { Reads } from './reads';
import { applyOperators, isOperatorUpdate, replaceBody, upsertSeed } from './updates';
import { isPlainObject, type Doc } from './values';

export interface ModifyOptions {
  /** true: `data` holds update operators (update()); false: it replaces the document (set()). */
  merge: boolean;
  upsert: boolean;
  multi: boolean;
}

export interface ModifyResult {
  updated: number;
  upsertId: unknown;
}

/** `$setOnInsert` applies only when an upsert inserts; mingo does not know it, so it is rewritten here. */
function forInsert(modifier: Doc): Doc {
  if (!isPlainObject(modifier.$setOnInsert)) return modifier;
  const { $setOnInsert, ...rest } = modifier;
  return { ...rest, $set: { ...(isPlainObject(rest.$set) ? rest.$set : {}), ...$setOnInsert } };
}

function forUpdate(modifier: Doc): Doc {
  if (!('$setOnInsert' in modifier)) return modifier;
  const rest = { ...modifier };
  delete rest.$setOnInsert;
  return rest;
}

/** How one update body turns a current document into the next one, shared with transactions. */
export function nextDocument(current: Doc, data: Doc, merge: boolean, now: number): { doc: Doc; changed: boolean } {
  if (!merge) {
    if (Object.keys(data).some((k) => k.startsWith('$'))) {
      throw requestFailed('Update', 'BadValue', 'a replacement document cannot contain update operators');
    }
    return replaceBody(current, data);
  }
  return applyOperators(current, isOperatorUpdate(data) ? forUpdate(data) : { $set: data }, now);
}

/** The document an upsert inserts when nothing matched. */
export function insertedByUpsert(filter: Doc, data: Doc, merge: boolean, now: number, newId: () => string): Doc {
  const seed = upsertSeed(filter, now);
  const doc = merge
    ? applyOperators(seed, isOperatorUpdate(data) ? forInsert(data) : { $set: data }, now).doc
    : nextDocument({ _id: seed._id }, data, false, now).doc;
  if (doc._id !== undefined) return doc;
  const rest = { ...doc };
  delete rest._id;
  return { _id: newId(), ...rest };
}

/** Ensures a new document has an `_id`, generated the CloudBase way when the caller gave none. */
export function withId(doc: Doc, newId: () => string): Doc {
  if (doc._id === undefined) return { _id: newId(), ...doc };
  const id = doc._id;
  if (!(typeof id === 'string' || typeof id === 'number' || isPlainObject(id))) {
    throw invalidParam('_id must be a string, a number or an object');
  }
  if (id === '') throw invalidParam('_id must not be empty');
  return doc;
}

/** Writes outside transactions: each call is one SQLite transaction, so a failed batch writes nothing. */
export class Writes {
  constructor(
    private readonly reads: Reads,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  insert(info: CollectionInfo, docs: Doc[]): unknown[] {
    const prepared = docs.map((d) => withId(d, () => this.ids.next()));
    const store = this.reads.store;
    store.atomically(() =>
      store.collections.batchInserts(() => {
        for (const doc of prepared) store.insert(info, doc);
      }),
    );
    return prepared.map((d) => d._id);
  }

  modify(info: CollectionInfo, filter: Doc, data: Doc, options: ModifyOptions, now = this.clock.now()): ModifyResult {
    const store = this.reads.store;
    return store.atomically(() => {
      const matched = this.reads.match(info, filter, { max: options.multi ? undefined : 1, kind: 'Update' });
      let updated = 0;
      for (const m of matched) {
        const next = nextDocument(m.doc, data, options.merge, now);
        if (next.changed) store.replace(info, m.rid, next.doc);
        // update() counts modified documents (MongoDB's nModified); set() counts an existing _id as updated.
        if (next.changed || !options.merge) updated += 1;
      }
      if (matched.length > 0 || !options.upsert) return { updated, upsertId: null };
      const doc = insertedByUpsert(filter, data, options.merge, now, () => this.ids.next());
      store.insert(
        info,
        withId(doc, () => this.ids.next()),
      );
      return { updated: 0, upsertId: doc._id };
    });
  }

  remove(info: CollectionInfo, filter: Doc, multi: boolean): number {
    const store = this.reads.store;
    return store.atomically(() => {
      const matched = this.reads.match(info, filter, { max: multi ? undefined : 1, kind: 'Delete' });
      for (const m of matched) store.delete(info, m.rid);
      return matched.length;
    });
  }
}
