import type { EmulatorContext } from '../types';
import { Aggregations } from './aggregate';
import { Collections } from './collections';
import { DocumentStore } from './documents';
import { IdGenerator } from './ids';
import { Reads } from './reads';
import { ScanLog } from './scan-log';
import { Transactions } from './transactions';
import { Writes } from './writes';

/** Everything the database part keeps per emulator, wired once. */
export class DatabaseEngine {
  readonly collections: Collections;
  readonly store: DocumentStore;
  readonly scans = new ScanLog();
  readonly ids: IdGenerator;
  readonly reads: Reads;
  readonly writes: Writes;
  readonly transactions: Transactions;
  readonly aggregations: Aggregations;

  constructor(readonly ctx: EmulatorContext) {
    const db = ctx.store.db;
    this.collections = new Collections(db, ctx.indexSpec);
    this.store = new DocumentStore(db, this.collections, ctx.envId);
    this.ids = new IdGenerator(() => ctx.clock.now());
    this.reads = new Reads(this.store, this.scans);
    this.writes = new Writes(this.reads, ctx.clock, this.ids);
    this.transactions = new Transactions(this.store, this.collections, ctx.clock, this.ids, ctx.envId);
    this.aggregations = new Aggregations(this.reads, this.collections, this.scans);
  }
}

const engines = new WeakMap<EmulatorContext, DatabaseEngine>();

/** The engine of an emulator; created on first use (normally when the emulator wires its actions). */
export function engineFor(ctx: EmulatorContext): DatabaseEngine {
  let engine = engines.get(ctx);
  if (!engine) {
    engine = new DatabaseEngine(ctx);
    engines.set(ctx, engine);
  }
  return engine;
}
