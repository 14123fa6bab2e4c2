import type { JsonActionHandler } from '../types';
import { parseStages } from './aggregate';
import { invalidParam, requestFailed } from './db-errors';
import type { DatabaseEngine } from './engine';
import { projectDocs } from './mongo';
import type { SortSpec } from './planner';
import { isPlainObject, parseWire, parseWireObject, toWire, type Doc } from './values';

/** The service's default page when the caller gives no limit, and the most it ever returns. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

type Body = Record<string, unknown>;

function collectionName(body: Body): string {
  const name = body.collectionName;
  if (typeof name !== 'string' || name === '') throw invalidParam('collectionName is required');
  return name;
}

function transactionId(body: Body): string | undefined {
  const id = body.transactionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function queryType(body: Body): 'WHERE' | 'DOC' {
  const type = body.queryType ?? 'WHERE';
  if (type !== 'WHERE' && type !== 'DOC') throw invalidParam(`queryType must be WHERE or DOC, got ${String(type)}`);
  return type;
}

function nonNegativeInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalidParam(`${name} must be a non-negative integer`);
  return value;
}

function sortSpec(order: Doc): SortSpec {
  return Object.entries(order).map(([path, dir]) => {
    if (dir === 1 || dir === 'asc') return [path, 1];
    if (dir === -1 || dir === 'desc') return [path, -1];
    throw invalidParam(`order of ${path} must be 1 or -1`);
  });
}

/** Inside a transaction only single-document operations exist on the service; say so loudly. */
function singleDocumentOnly(type: 'WHERE' | 'DOC', what: string): void {
  if (type !== 'DOC') {
    throw requestFailed(
      'Transaction',
      'OperationNotSupportedInTransaction',
      `${what} with a where() query cannot run in a transaction: only doc().get/set/update/remove and add are allowed`,
    );
  }
}

function docId(filter: Doc): unknown {
  if (!('_id' in filter)) throw invalidParam('a DOC query needs an _id');
  return filter._id;
}

function checkInsertable(doc: unknown, index: number): Doc {
  if (!isPlainObject(doc)) throw invalidParam(`data[${index}] must be an object`);
  const bad = Object.keys(doc).find((k) => k.startsWith('$'));
  if (bad) throw requestFailed('Insert', 'BadValue', `Document can't have $ prefixed field names: ${bad}`);
  return doc;
}

export function createActions(engine: DatabaseEngine): Record<string, JsonActionHandler> {
  const { collections, reads, writes, transactions, aggregations } = engine;
  /** Every serverDate() of one request resolves to the same instant, as on the service. */
  const requestClock = (): (() => number) => {
    const t = engine.ctx.clock.now();
    return () => t;
  };

  return {
    'database.getDocument': (body) => {
      const now = requestClock();
      const info = collections.require(collectionName(body));
      const type = queryType(body);
      const filter = parseWireObject(body.query, 'query', now);
      const projection = parseWireObject(body.projection, 'projection', now);
      const tx = transactionId(body);
      let docs: Doc[];
      if (tx) {
        singleDocumentOnly(type, 'get()');
        const doc = transactions.get(info, tx, docId(filter));
        docs = doc ? projectDocs([doc], projection) : [];
      } else {
        const limit = Math.min(nonNegativeInteger(body.limit, 'limit') || DEFAULT_LIMIT, MAX_LIMIT);
        docs = reads.find(info, type === 'DOC' ? { _id: docId(filter) } : filter, {
          sort: sortSpec(parseWireObject(body.order, 'order', now)),
          offset: nonNegativeInteger(body.offset, 'offset') ?? 0,
          limit,
          projection,
        });
      }
      return { data: { list: docs.map(toWire) } };
    },

    'database.insertDocument': (body) => {
      const now = requestClock();
      const info = collections.require(collectionName(body));
      const raw = Array.isArray(body.data) ? body.data : [body.data];
      if (raw.length === 0) throw invalidParam('data must not be empty');
      const docs = raw.map((item, i) => checkInsertable(parseWire(item, `data[${i}]`, now), i));
      const tx = transactionId(body);
      if (tx) {
        if (docs.length !== 1)
          throw requestFailed('Transaction', 'OperationNotSupportedInTransaction', 'a transaction adds one document at a time');
        return { data: { insertedIds: [transactions.insert(info, tx, docs[0]!)] } };
      }
      return { data: { insertedIds: writes.insert(info, docs) } };
    },

    'database.modifyDocument': (body) => {
      const now = requestClock();
      const info = collections.require(collectionName(body));
      const type = queryType(body);
      const filter = parseWireObject(body.query, 'query', now);
      const data = parseWireObject(body.data, 'data', now);
      const merge = body.merge !== false;
      const upsert = body.upsert === true;
      const tx = transactionId(body);
      let result: { updated: number; upsertId: unknown };
      if (tx) {
        singleDocumentOnly(type, 'update()/set()');
        result = transactions.modify(info, tx, docId(filter), data, { merge, upsert, now: now() });
      } else {
        const where = type === 'DOC' ? { _id: docId(filter) } : filter;
        result = writes.modify(info, where, data, { merge, upsert, multi: type === 'WHERE' && body.multi === true }, now());
      }
      return { data: { updated: result.updated, upsert_id: result.upsertId ?? null } };
    },

    'database.removeDocument': (body) => {
      const now = requestClock();
      const info = collections.require(collectionName(body));
      const type = queryType(body);
      const filter = parseWireObject(body.query, 'query', now);
      const tx = transactionId(body);
      if (tx) {
        singleDocumentOnly(type, 'remove()');
        return { data: { deleted: transactions.remove(info, tx, docId(filter)) } };
      }
      const where = type === 'DOC' ? { _id: docId(filter) } : filter;
      return { data: { deleted: writes.remove(info, where, type === 'WHERE' && body.multi === true) } };
    },

    'database.calculateDocument': (body) => {
      const now = requestClock();
      const info = collections.require(collectionName(body));
      if (transactionId(body)) singleDocumentOnly('WHERE', 'count()');
      return { data: { total: reads.count(info, parseWireObject(body.query, 'query', now)) } };
    },

    'database.aggregateDocuments': (body) => {
      const now = requestClock();
      const name = collectionName(body);
      const pipeline = parseStages(body.stages, now);
      return { data: { list: aggregations.run(name, pipeline).map(toWire) } };
    },

    'database.addCollection': (body) => {
      collections.create(collectionName(body));
      return {};
    },

    'database.startTransaction': () => ({ transactionId: transactions.start() }),

    'database.commitTransaction': (body) => {
      const tx = transactionId(body);
      if (!tx) throw invalidParam('transactionId is required');
      transactions.commit(tx);
      return {};
    },

    'database.abortTransaction': (body) => {
      const tx = transactionId(body);
      if (!tx) throw invalidParam('transactionId is required');
      transactions.abort(tx);
      return {};
    },
  };
}
