import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findDocuments, importDocuments, listCollections } from '../../local/emulator/database';
import { openDatabaseCloud, sdkError, type DatabaseCloud } from '../../local/emulator/database/testing';

// Conformance of documents CRUD, driven through the real wx-server-sdk.

let tc: DatabaseCloud;
let db: ReturnType<DatabaseCloud['cloud']['database']>;
let n = 0;
/** A fresh collection per test keeps tests independent without restarting the emulator. */
let coll: string;

beforeAll(async () => {
  tc = await openDatabaseCloud();
  db = tc.cloud.database();
});
afterAll(() => tc.close(true));
beforeEach(async () => {
  coll = `crud_${++n}`;
  await db.createCollection(coll);
});

type AddResult = { _id: string; _ids: string[] };
type Row = Record<string, unknown>;
// The SDK's typings return unions with string | void; the tests narrow them here once.
const one = async (p: unknown) => ((await p) as { data: Row | null }).data;
const many = async (p: unknown) => ((await p) as { data: Row[] }).data;
const total = async (p: unknown) => ((await p) as { total: number }).total;
const stats = async (p: unknown) => ((await p) as { stats: Record<string, number> }).stats;
const add = async (data: object) => (await db.collection(coll).add({ data })) as unknown as AddResult;

describe('add and doc().get()', () => {
  it('generates 32-hex ids and round-trips every value type', async () => {
    const when = new Date('2026-11-28T08:00:00.123Z');
    const data = {
      title: '标题',
      int: 42,
      neg: -7,
      double: 3.25,
      big: 2 ** 40,
      zero: 0,
      bool: false,
      nil: null,
      when,
      tags: ['a', 'b'],
      nested: { deep: { list: [{ x: 1 }, { x: 2 }] } },
      where: new db.Geo.Point(113.3, 23.1),
    };
    const { _id } = await add(data);
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    const got = (await one(db.collection(coll).doc(_id).get())) as Record<string, unknown>;
    const { where, ...plain } = data;
    expect(got).toMatchObject({ ...plain, _id });
    expect(got.when).toBeInstanceOf(Date);
    expect((got.when as Date).getTime()).toBe(when.getTime());
    // The SDK turns a stored GeoJSON point back into a Geo.Point.
    expect(got.where).toMatchObject({ longitude: where.longitude, latitude: where.latitude });
  });

  it('ids increase with creation time and are distinct', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await add({ i }))._id);
    expect(new Set(ids).size).toBe(20);
  });

  it('adds a batch with one call and returns every id', async () => {
    const res = await add([{ k: 1 }, { k: 2 }, { _id: 'mine', k: 3 }]);
    expect(res._ids).toHaveLength(3);
    expect(res._ids[2]).toBe('mine');
    expect(await total(db.collection(coll).count())).toBe(3);
  });

  it('keeps caller-chosen string and numeric ids distinct', async () => {
    await add({ _id: '7', kind: 'string' });
    await add({ _id: 7, kind: 'number' });
    expect(await one(db.collection(coll).doc('7').get())).toEqual({ _id: '7', kind: 'string' });
    expect(await one(db.collection(coll).doc(7).get())).toEqual({ _id: 7, kind: 'number' });
  });

  it('rejects a duplicate _id and writes nothing of the batch', async () => {
    await add({ _id: 'dup', v: 1 });
    const err = await sdkError(add({ _id: 'dup', v: 2 }));
    expect(err.errMsg).toContain('duplicate key');
    expect(err.errMsg).toContain('dup');
    const batch = await sdkError(add([{ _id: 'fresh' }, { _id: 'dup' }]));
    expect(batch.errMsg).toContain('duplicate key');
    expect(await total(db.collection(coll).where({ _id: 'fresh' }).count())).toBe(0);
    expect(await one(db.collection(coll).doc('dup').get())).toEqual({ _id: 'dup', v: 1 });
  });

  it('doc().get() of a missing document throws in the SDK, or gives null with throwOnNotFound: false', async () => {
    const err = await sdkError(db.collection(coll).doc('nope').get());
    expect(err.errMsg).toContain('document with _id nope does not exist');
    const lenient = tc.cloud.database({ throwOnNotFound: false } as Parameters<typeof tc.cloud.database>[0]);
    expect(await one(lenient.collection(coll).doc('nope').get())).toBeNull();
  });

  it('field() projects a document read by id', async () => {
    const { _id } = await add({ a: 1, b: 2, c: { d: 3, e: 4 } });
    const got = await one(db.collection(coll).doc(_id).field({ a: true, 'c.d': true }).get());
    expect(got).toEqual({ _id, a: 1, c: { d: 3 } });
  });
});

describe('collections', () => {
  it('answers DATABASE_COLLECTION_NOT_EXIST (-502005) for every operation on a missing collection', async () => {
    const missing = db.collection('no_such_collection');
    for (const call of [
      missing.get(),
      missing.doc('x').get(),
      missing.add({ data: { a: 1 } }),
      missing.where({ a: 1 }).update({ data: { a: 2 } }),
      missing.doc('x').set({ data: { a: 1 } }),
      missing.where({ a: 1 }).remove(),
      missing.count(),
    ]) {
      const err = await sdkError(call);
      expect(err.errCode).toBe(-502005);
      expect(err.errMsg).toContain('Db or Table not exist');
    }
    // aggregate().end() passes the service error through without mapping its code (SDK behaviour).
    const agg = await sdkError(missing.aggregate().match({ a: 1 }).end());
    expect(agg.errMsg).toContain('Db or Table not exist');
  });

  it('createCollection fails when the collection exists', async () => {
    const err = await sdkError(db.createCollection(coll));
    expect(err.errMsg).toContain('Table exist');
  });

  it('creates every collection of the committed index spec at start', async () => {
    for (const name of ['users', 'requests', 'org_units']) {
      expect(await total(db.collection(name).count())).toBe(0);
    }
  });
});

describe('update(), set(), remove()', () => {
  it('doc().update() merges fields, including nested objects, and counts only real changes', async () => {
    const { _id } = await add({ a: 1, style: { color: 'red', size: 1 } });
    const res = await stats(
      db
        .collection(coll)
        .doc(_id)
        .update({ data: { b: 2, style: { color: 'blue' } } }),
    );
    expect(res.updated).toBe(1);
    expect(await one(db.collection(coll).doc(_id).get())).toEqual({ _id, a: 1, b: 2, style: { color: 'blue', size: 1 } });
    expect(
      (
        await stats(
          db
            .collection(coll)
            .doc(_id)
            .update({ data: { b: 2 } }),
        )
      ).updated,
    ).toBe(0);
    expect(
      (
        await stats(
          db
            .collection(coll)
            .doc('nope')
            .update({ data: { b: 2 } }),
        )
      ).updated,
    ).toBe(0);
    expect(await total(db.collection(coll).count())).toBe(1);
  });

  it('_.set() replaces a nested object instead of merging into it', async () => {
    const _ = db.command;
    const { _id } = await add({ style: { color: 'red', size: 1 } });
    await db
      .collection(coll)
      .doc(_id)
      .update({ data: { style: _.set({ color: 'blue' }) } });
    expect(await one(db.collection(coll).doc(_id).get())).toEqual({ _id, style: { color: 'blue' } });
  });

  it('doc().set() creates a missing document and replaces an existing one whole', async () => {
    expect(
      await stats(
        db
          .collection(coll)
          .doc('s1')
          .set({ data: { a: 1, b: 2 } }),
      ),
    ).toEqual({ updated: 0, created: 1 });
    expect(
      await stats(
        db
          .collection(coll)
          .doc('s1')
          .set({ data: { c: 3 } }),
      ),
    ).toEqual({ updated: 1, created: 0 });
    expect(await one(db.collection(coll).doc('s1').get())).toEqual({ _id: 's1', c: 3 });
  });

  it('where().update() changes every match; remove() deletes every match', async () => {
    const _ = db.command;
    await add([
      { g: 'x', v: 1 },
      { g: 'x', v: 2 },
      { g: 'y', v: 3 },
    ]);
    expect(
      (
        await stats(
          db
            .collection(coll)
            .where({ g: 'x' })
            .update({ data: { v: _.inc(10) } }),
        )
      ).updated,
    ).toBe(2);
    const vs = (await many(db.collection(coll).orderBy('v', 'asc').get())).map((d) => d.v);
    expect(vs).toEqual([3, 11, 12]);
    expect(
      (
        await stats(
          db
            .collection(coll)
            .where({ v: _.gt(10) })
            .remove(),
        )
      ).removed,
    ).toBe(2);
    expect(await total(db.collection(coll).count())).toBe(1);
  });

  it('doc().remove() deletes one document and reports 0 for a missing one', async () => {
    const { _id } = await add({ a: 1 });
    expect((await stats(db.collection(coll).doc(_id).remove())).removed).toBe(1);
    expect((await stats(db.collection(coll).doc(_id).remove())).removed).toBe(0);
  });

  it('refuses to change _id (the SDK checks first)', async () => {
    const { _id } = await add({ a: 1 });
    const err = await sdkError(
      db
        .collection(coll)
        .doc(_id)
        .update({ data: { _id: 'other' } }),
    );
    expect(err.errMsg).toContain('_id');
  });

  it('an upserting update (raw: the SDK only upserts through set()) seeds the document from the filter', async () => {
    const body = {
      collectionName: coll,
      queryType: 'WHERE',
      query: JSON.stringify({ code: 'z', n: { $gt: 1 } }),
      data: JSON.stringify({ $set: { v: 1 }, $setOnInsert: { created: true } }),
      merge: true,
      upsert: true,
      multi: false,
    };
    const first = (await tc.raw('database.modifyDocument', body)).data as { updated: number; upsert_id: string };
    expect(first.updated).toBe(0);
    expect(first.upsert_id).toMatch(/^[0-9a-f]{32}$/);
    expect(await one(db.collection(coll).doc(first.upsert_id).get())).toEqual({ _id: first.upsert_id, code: 'z', v: 1, created: true });
    await db
      .collection(coll)
      .doc(first.upsert_id)
      .update({ data: { n: 5 } });
    const second = (
      await tc.raw('database.modifyDocument', { ...body, data: JSON.stringify({ $set: { v: 2 }, $setOnInsert: { created: false } }) })
    ).data as { updated: number; upsert_id: unknown };
    expect(second).toEqual({ updated: 1, upsert_id: null });
    expect(await one(db.collection(coll).doc(first.upsert_id).get())).toEqual({
      _id: first.upsert_id,
      code: 'z',
      v: 2,
      created: true,
      n: 5,
    });
  });

  it('a raw update of _id is rejected by the service as an immutable field', async () => {
    const { _id } = await add({ a: 1 });
    const res = await tc.raw('database.modifyDocument', {
      collectionName: coll,
      queryType: 'DOC',
      query: JSON.stringify({ _id }),
      data: JSON.stringify({ $set: { _id: 'other' } }),
      merge: true,
      upsert: false,
      multi: false,
    });
    expect(res.code).toBe('DATABASE_REQUEST_FAILED');
    expect(String(res.message)).toContain("immutable field '_id'");
  });
});

describe('get(): order, skip, limit, field, limits', () => {
  it('orders by several fields, skips and limits', async () => {
    const docs = [
      { g: 'b', n: 2 },
      { g: 'a', n: 3 },
      { g: 'b', n: 1 },
      { g: 'a', n: 1 },
      { g: 'c', n: 0 },
    ];
    await add(docs);
    const res = await many(
      db.collection(coll).orderBy('g', 'asc').orderBy('n', 'desc').skip(1).limit(3).field({ g: true, n: true, _id: false }).get(),
    );
    expect(res).toEqual([
      { g: 'a', n: 1 },
      { g: 'b', n: 2 },
      { g: 'b', n: 1 },
    ]);
  });

  it('returns 100 documents by default and at most 1000', async () => {
    const batch = Array.from({ length: 1100 }, (_, i) => ({ i }));
    for (let i = 0; i < batch.length; i += 500) await add(batch.slice(i, i + 500));
    expect(await many(db.collection(coll).get())).toHaveLength(100);
    expect(await many(db.collection(coll).limit(5000).get())).toHaveLength(1000);
    // The SDK clamps to 1000 itself; the service clamps what a raw caller asks for too.
    const raw = await tc.raw('database.getDocument', { collectionName: coll, queryType: 'WHERE', limit: 5000 });
    expect((raw.data as { list: unknown[] }).list).toHaveLength(1000);
    expect(await total(db.collection(coll).count())).toBe(1100);
  });

  it('rejects a negative offset from a raw caller', async () => {
    const res = await tc.raw('database.getDocument', { collectionName: coll, queryType: 'WHERE', offset: -1, limit: 10 });
    expect(res.code).toBe('INVALID_PARAM');
  });
});

describe('serverDate and the emulator clock', () => {
  it('resolves db.serverDate() against the emulator clock, in add, update and queries', async () => {
    const clock = tc.emulator.ctx.clock;
    clock.setOffset(0);
    const before = Date.now();
    // The bundled typings omit serverDate's documented { offset } option.
    const serverDate = db.serverDate as unknown as (options?: { offset: number }) => unknown;
    const { _id } = await add({ createdAt: db.serverDate(), due: serverDate({ offset: 60_000 }) });
    const doc = (await one(db.collection(coll).doc(_id).get())) as { createdAt: Date; due: Date };
    expect(doc.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(doc.due.getTime() - doc.createdAt.getTime()).toBe(60_000);

    clock.advance(24 * 3600_000);
    await db
      .collection(coll)
      .doc(_id)
      .update({ data: { touchedAt: db.serverDate() } });
    const touched = (await one(db.collection(coll).doc(_id).get())) as { touchedAt: Date };
    expect(touched.touchedAt.getTime() - doc.createdAt.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);

    const _ = db.command;
    expect(
      await total(
        db
          .collection(coll)
          .where({ due: _.lt(db.serverDate()) })
          .count(),
      ),
    ).toBe(1);
    clock.setOffset(0);
    expect(
      await total(
        db
          .collection(coll)
          .where({ due: _.lt(db.serverDate()) })
          .count(),
      ),
    ).toBe(0);
  });
});

describe('inspection helpers for the dev server and the bench', () => {
  it('listCollections counts documents; findDocuments pages JSON-safe documents', async () => {
    const ctx = tc.emulator.ctx;
    await add([
      { _id: 'k1', at: new Date('2026-11-28T00:00:00.000Z'), n: 1 },
      { _id: 'k2', n: 2 },
      { _id: 'k3', n: 3 },
    ]);
    expect(listCollections(ctx)).toContainEqual({ name: coll, count: 3 });
    expect(findDocuments(ctx, coll, { limit: 2, skip: 0 })).toEqual([
      { _id: 'k1', at: { $date: '2026-11-28T00:00:00Z' }, n: 1 },
      { _id: 'k2', n: 2 },
    ]);
    expect(findDocuments(ctx, coll, { limit: 10, skip: 2 })).toEqual([{ _id: 'k3', n: 3 }]);
    expect(findDocuments(ctx, coll, { filter: { n: { $gte: 2 } } }).map((d) => (d as Row)._id)).toEqual(['k2', 'k3']);
    expect(findDocuments(ctx, 'no_such_collection')).toEqual([]);
    // The result really is plain JSON.
    expect(JSON.parse(JSON.stringify(findDocuments(ctx, coll)))).toEqual(findDocuments(ctx, coll));
  });

  it('importDocuments bulk-loads live values and relaxed EJSON, creating the collection', async () => {
    const ctx = tc.emulator.ctx;
    const ids = importDocuments(ctx, `${coll}_imported`, [{ at: new Date(5) }, { at: { $date: '1970-01-01T00:00:00.007Z' } }]);
    expect(ids).toHaveLength(2);
    const rows = await many(db.collection(`${coll}_imported`).orderBy('at', 'asc').get());
    expect(rows.map((r) => (r.at as Date).getTime())).toEqual([5, 7]);
  });
});
