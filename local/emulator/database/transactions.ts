import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { Collections, CollectionInfo } from './collections';
import { duplicateKey, invalidParam, transactionConflict, transactionFailed } from './db-errors';
import { DocumentStore } from './documents';
import type { IdGenerator } from './ids';
import { idKey } from './sort-key';
import { cloneDoc, toWire, type Doc } from './values';
import { insertedByUpsert, nextDocument, withId } from './writes';

/** One document as the transaction knows it: the version it first saw and its state so far. */
interface Entry {
  collection: string;
  id: unknown;
  /** DocumentStore.ABSENT when the document did not exist. */
  seenVersion: number;
  current: Doc | null;
  written: boolean;
}

interface Transaction {
  id: string;
  startedAt: number;
  entries: Map<string, Entry>;
}

/** Abandoned transactions (a crashed function, a forgotten commit) stop pinning memory after this. */
export const TRANSACTION_TTL_MS = 30_000;

/**
 * Optimistic transactions: reads are served from the committed state (repeatably: a document is
 * read once), writes are buffered, and commit applies everything in one SQLite transaction only
 * if every document read or written still has the version first seen. Otherwise the commit
 * answers DATABASE_TRANSACTION_CONFLICT and the SDK's runTransaction runs the callback again.
 * Since the emulator handles one request at a time, validation and apply cannot interleave.
 */
export class Transactions {
  private readonly open = new Map<string, Transaction>();

  constructor(
    private readonly store: DocumentStore,
    private readonly collections: Collections,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly envId: string,
  ) {}

  start(): string {
    this.expire();
    const id = `${randomBytes(12).toString('hex')}`;
    this.open.set(id, { id, startedAt: this.clock.now(), entries: new Map() });
    return id;
  }

  get(info: CollectionInfo, transactionId: string, id: unknown): Doc | null {
    const entry = this.entry(this.require(transactionId), info, id);
    return entry.current && cloneDoc(entry.current);
  }

  insert(info: CollectionInfo, transactionId: string, doc: Doc): unknown {
    const tx = this.require(transactionId);
    const prepared = withId(doc, () => this.ids.next());
    const entry = this.entry(tx, info, prepared._id);
    if (entry.current) throw duplicateKey(this.envId, info.name, '_id_', `{ _id: ${toWire(prepared._id)} }`);
    entry.current = cloneDoc(prepared);
    entry.written = true;
    return prepared._id;
  }

  /** update() (merge) or set() (replace, upsert) of one document. */
  modify(
    info: CollectionInfo,
    transactionId: string,
    id: unknown,
    data: Doc,
    options: { merge: boolean; upsert: boolean; now: number },
  ): { updated: number; upsertId: unknown } {
    const { merge, upsert, now } = options;
    const entry = this.entry(this.require(transactionId), info, id);
    if (!entry.current) {
      if (!upsert) return { updated: 0, upsertId: null };
      entry.current = insertedByUpsert({ _id: id }, data, merge, now, () => this.ids.next());
      entry.written = true;
      return { updated: 0, upsertId: id };
    }
    const next = nextDocument(entry.current, data, merge, now);
    if (!next.changed) return { updated: merge ? 0 : 1, upsertId: null };
    entry.current = next.doc;
    entry.written = true;
    return { updated: 1, upsertId: null };
  }

  remove(info: CollectionInfo, transactionId: string, id: unknown): number {
    const entry = this.entry(this.require(transactionId), info, id);
    if (!entry.current) return 0;
    entry.current = null;
    entry.written = true;
    return 1;
  }

  commit(transactionId: string): void {
    const tx = this.open.get(transactionId);
    this.open.delete(transactionId);
    // An expired or unknown transaction is retryable, as MongoDB labels NoSuchTransaction transient.
    if (!tx || this.expired(tx)) throw transactionConflict(`transaction ${transactionId} does not exist or has expired`);
    this.store.atomically(() => {
      for (const entry of tx.entries.values()) {
        const info = this.collections.require(entry.collection);
        const committed = this.store.readById(info, entry.id);
        if ((committed?.version ?? DocumentStore.ABSENT) !== entry.seenVersion) {
          throw transactionConflict(`document ${toWire(entry.id)} in ${entry.collection} changed since the transaction read it`);
        }
      }
      for (const entry of tx.entries.values()) {
        if (!entry.written) continue;
        const info = this.collections.require(entry.collection);
        const committed = this.store.readById(info, entry.id);
        if (entry.current === null) {
          if (committed) this.store.delete(info, committed.rid);
        } else if (committed) {
          this.store.replace(info, committed.rid, entry.current);
        } else {
          this.store.insert(info, entry.current);
        }
      }
    });
  }

  abort(transactionId: string): void {
    this.open.delete(transactionId);
  }

  /** Open transactions, for tests and the dev server. */
  get size(): number {
    this.expire();
    return this.open.size;
  }

  private require(transactionId: string): Transaction {
    this.expire();
    const tx = this.open.get(transactionId);
    if (!tx) throw transactionFailed(`transaction ${transactionId} does not exist, was committed or aborted, or has expired`);
    return tx;
  }

  private entry(tx: Transaction, info: CollectionInfo, id: unknown): Entry {
    const key = idKey(id);
    if (key === undefined) throw invalidParam('_id must be a string, a number or an object');
    const mapKey = `${info.name}\u0000${key}`;
    let entry = tx.entries.get(mapKey);
    if (!entry) {
      const committed = this.store.readById(info, id);
      entry = {
        collection: info.name,
        id,
        seenVersion: committed?.version ?? DocumentStore.ABSENT,
        current: committed?.doc ?? null,
        written: false,
      };
      tx.entries.set(mapKey, entry);
    }
    return entry;
  }

  private expired(tx: Transaction): boolean {
    return this.clock.now() - tx.startedAt > TRANSACTION_TTL_MS;
  }

  private expire(): void {
    for (const tx of this.open.values()) if (this.expired(tx)) this.open.delete(tx.id);
  }
}
