import { getDb, type Db } from './cloud';

/**
 * The SDK's typings return `Promise<T> | void | string` from most calls (a leftover of its
 * callback style). Every database call in the project goes through these helpers, which narrow
 * once and give documents a type.
 */
type Collection = ReturnType<Db['collection']>;
export type Query = ReturnType<Collection['where']>;
type Transaction = { collection(name: string): Collection };
type Sdkish<T> = Promise<T> | void | string;

async function settle<T>(p: Sdkish<T>): Promise<T> {
  if (p === undefined || typeof p === 'string') throw new Error('wx-server-sdk returned no promise');
  return p;
}

export function collection(name: string, tx?: Transaction): Collection {
  return tx ? tx.collection(name) : getDb().collection(name);
}

export const command = () => getDb().command;

/** One document by id, or null. A where-query, so a missing id is not an exception. */
export async function findById<T>(name: string, id: string): Promise<T | null> {
  const res = await settle(collection(name).where({ _id: id }).limit(1).get());
  return (res.data[0] as T | undefined) ?? null;
}

/** Inside a transaction only doc(id).get() is allowed; a missing document throws there. */
export async function txGet<T>(tx: Transaction, name: string, id: string): Promise<T | null> {
  try {
    const res = await settle(tx.collection(name).doc(id).get());
    return (res.data as T | undefined) ?? null;
  } catch (err) {
    if (/does not exist/.test((err as Error).message)) return null;
    throw err;
  }
}

export async function findMany<T>(query: Query | Collection): Promise<T[]> {
  const res = await settle(query.get());
  return res.data as T[];
}

export async function count(query: Query | Collection): Promise<number> {
  const res = await settle(query.count());
  return res.total;
}

export async function insert(name: string, data: Record<string, unknown>, tx?: Transaction): Promise<string> {
  const res = await settle(collection(name, tx).add({ data }));
  return String(res._id);
}

/** Replaces (or creates) the document with this id. */
export async function put(name: string, id: string, data: Record<string, unknown>, tx?: Transaction): Promise<void> {
  const { _id: _ignored, ...rest } = data;
  await settle(collection(name, tx).doc(id).set({ data: rest }));
}

/** Returns how many documents changed (0 when the id does not exist). */
export async function patch(name: string, id: string, data: Record<string, unknown>, tx?: Transaction): Promise<number> {
  const res = await settle(collection(name, tx).doc(id).update({ data }));
  return res.stats.updated;
}

export async function removeById(name: string, id: string, tx?: Transaction): Promise<number> {
  const res = await settle(collection(name, tx).doc(id).remove());
  return res.stats.removed;
}

/** Updates every document the query matches (outside transactions only); returns how many changed. */
export async function updateWhere(query: Query, data: Record<string, unknown>): Promise<number> {
  const res = await settle(query.update({ data }));
  return res.stats.updated;
}

export async function removeWhere(query: Query): Promise<number> {
  const res = await settle(query.remove());
  return res.stats.removed;
}

export async function aggregate<T>(agg: { end(): Sdkish<{ list: unknown[] }> }): Promise<T[]> {
  const res = await settle(agg.end());
  return res.list as T[];
}

/**
 * Runs `fn` in a database transaction; the SDK retries it when the commit conflicts.
 * Only doc-level reads and writes (and add) are allowed inside.
 */
export async function transact<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return (await getDb().runTransaction(fn)) as T;
}

export type { Transaction };
