import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseCloud, sdkError, type DatabaseCloud } from '../../local/emulator/database/testing';

// Every query command of the SDK against the emulator, through the real wx-server-sdk.

let tc: DatabaseCloud;
let db: ReturnType<DatabaseCloud['cloud']['database']>;
type Row = Record<string, unknown>;

const PEOPLE: Row[] = [
  {
    _id: 'p1',
    name: 'Ann',
    age: 30,
    city: 'Shanghai',
    tags: ['a', 'b'],
    scores: [80, 95],
    addr: { city: 'SH', zip: '200000' },
    items: [
      { sku: 'x', qty: 2 },
      { sku: 'y', qty: 5 },
    ],
    note: null,
    joined: new Date('2026-01-10T00:00:00Z'),
  },
  {
    _id: 'p2',
    name: 'bob',
    age: 25,
    city: 'Beijing',
    tags: ['b'],
    scores: [60],
    addr: { city: 'BJ', zip: '100000' },
    items: [{ sku: 'x', qty: 1 }],
    joined: new Date('2026-03-01T00:00:00Z'),
  },
  {
    _id: 'p3',
    name: 'Cat',
    age: 35,
    city: 'Shanghai',
    tags: [],
    scores: [],
    addr: { city: 'SH' },
    items: [],
    vip: true,
    joined: new Date('2025-12-31T23:59:59Z'),
  },
  { _id: 'p4', name: 'dan', age: 40.5, tags: ['a', 'c', 'b'], scores: [99, 100, 70] },
];

beforeAll(async () => {
  tc = await openDatabaseCloud();
  db = tc.cloud.database();
  await db.createCollection('people');
  await db.collection('people').add({ data: PEOPLE });
});
afterAll(() => tc.close(true));

/** Ids matched by a where(), sorted, so each expectation reads as a set. */
async function ids(where: object): Promise<string[]> {
  const res = (await db.collection('people').where(where).get()) as { data: Row[] };
  return res.data.map((d) => String(d._id)).sort();
}

describe('comparison', () => {
  it('eq / neq (neq also matches a missing field)', async () => {
    const _ = db.command;
    expect(await ids({ city: 'Shanghai' })).toEqual(['p1', 'p3']);
    expect(await ids({ city: _.eq('Shanghai') })).toEqual(['p1', 'p3']);
    expect(await ids({ city: _.neq('Shanghai') })).toEqual(['p2', 'p4']);
  });

  it('gt / gte / lt / lte on numbers, ints and doubles alike', async () => {
    const _ = db.command;
    expect(await ids({ age: _.gt(30) })).toEqual(['p3', 'p4']);
    expect(await ids({ age: _.gte(30) })).toEqual(['p1', 'p3', 'p4']);
    expect(await ids({ age: _.lt(30) })).toEqual(['p2']);
    expect(await ids({ age: _.lte(30) })).toEqual(['p1', 'p2']);
    expect(await ids({ age: _.gt(40.25) })).toEqual(['p4']);
  });

  it('ranges on dates compare as dates', async () => {
    const _ = db.command;
    expect(await ids({ joined: _.gte(new Date('2026-01-01T00:00:00Z')) })).toEqual(['p1', 'p2']);
    expect(await ids({ joined: _.lt(new Date('2026-01-01T00:00:00Z')) })).toEqual(['p3']);
    expect(await ids({ joined: new Date('2026-03-01T00:00:00Z') })).toEqual(['p2']);
    expect(await ids({ joined: _.in([new Date('2026-01-10T00:00:00Z'), new Date(0)]) })).toEqual(['p1']);
  });

  it('compares only within a type: a string bound never matches numbers', async () => {
    const _ = db.command;
    expect(await ids({ age: _.gt('20') })).toEqual([]);
  });

  it('in / nin', async () => {
    const _ = db.command;
    expect(await ids({ age: _.in([25, 35]) })).toEqual(['p2', 'p3']);
    expect(await ids({ name: _.nin(['Ann', 'bob']) })).toEqual(['p3', 'p4']);
    expect(await ids({ tags: _.in(['c']) })).toEqual(['p4']);
  });

  it('null matches null and missing fields', async () => {
    const _ = db.command;
    expect(await ids({ note: null })).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(await ids({ note: _.eq(null), vip: true })).toEqual(['p3']);
  });
});

describe('element, logic, arrays', () => {
  it('exists', async () => {
    const _ = db.command;
    expect(await ids({ vip: _.exists(true) })).toEqual(['p3']);
    expect(await ids({ city: _.exists(false) })).toEqual(['p4']);
  });

  it('and / or at the top level and chained on one field', async () => {
    const _ = db.command;
    expect(await ids(_.and([{ age: _.gt(20) }, { city: 'Shanghai' }]) as object)).toEqual(['p1', 'p3']);
    expect(await ids({ age: _.gt(26).and(_.lt(36)) })).toEqual(['p1', 'p3']);
    expect(await ids(_.or([{ age: _.lt(26) }, { vip: true }]) as object)).toEqual(['p2', 'p3']);
    expect(await ids({ age: _.lt(26).or(_.gt(36)) })).toEqual(['p2', 'p4']);
    expect(await ids({ city: 'Shanghai', age: _.or(_.lt(31), _.gt(100)) })).toEqual(['p1']);
  });

  it('nor / not', async () => {
    const _ = db.command;
    expect(await ids(_.nor([{ city: 'Shanghai' }, { age: _.gt(39) }]) as object)).toEqual(['p2']);
    expect(await ids({ age: _.not(_.gt(30)) })).toEqual(['p1', 'p2']);
  });

  it('elemMatch on sub-documents and on scalars', async () => {
    const _ = db.command;
    expect(await ids({ items: _.elemMatch({ sku: 'x', qty: _.gt(1) }) })).toEqual(['p1']);
    expect(await ids({ scores: _.elemMatch(_.gt(90)) })).toEqual(['p1', 'p4']);
  });

  it('size / all / mod', async () => {
    const _ = db.command;
    expect(await ids({ tags: _.size(2) })).toEqual(['p1']);
    expect(await ids({ tags: _.size(0) })).toEqual(['p3']);
    expect(await ids({ tags: _.all(['a', 'b']) })).toEqual(['p1', 'p4']);
    expect(await ids({ age: _.mod(10, 0) })).toEqual(['p1']);
  });

  it('an array field equals any of its elements', async () => {
    expect(await ids({ tags: 'c' })).toEqual(['p4']);
    expect(await ids({ 'items.sku': 'y' })).toEqual(['p1']);
    expect(await ids({ 'scores.1': 95 })).toEqual(['p1']);
  });
});

describe('regular expressions and nested paths', () => {
  it('db.RegExp with options and a plain JS RegExp', async () => {
    expect(await ids({ name: db.RegExp({ regexp: '^[a-c]', options: 'i' }) })).toEqual(['p1', 'p2', 'p3']);
    expect(await ids({ name: db.RegExp({ regexp: '^[a-c]' }) })).toEqual(['p2']);
    expect(await ids({ name: /N$/i })).toEqual(['p1', 'p4']);
    const _ = db.command;
    // The typings only allow commands in not(); the SDK itself encodes a RegExp operand (serializer/query.js).
    const notRegExp = _.not as unknown as (re: RegExp) => object;
    expect(await ids({ name: notRegExp(/^[A-Z]/) })).toEqual(['p2', 'p4']);
  });

  it('dotted paths and nested objects (which the SDK flattens to dotted paths)', async () => {
    const _ = db.command;
    expect(await ids({ 'addr.city': 'SH' })).toEqual(['p1', 'p3']);
    expect(await ids({ addr: { city: 'SH' } })).toEqual(['p1', 'p3']);
    expect(await ids({ addr: { zip: _.gt('150000') } })).toEqual(['p1']);
    expect(await ids({ 'addr.zip': _.exists(false) })).toEqual(['p3', 'p4']);
  });
});

describe('query errors', () => {
  it('an unknown operator fails like the service: -502001, "unknown operator"', async () => {
    const err = await sdkError(
      db
        .collection('people')
        .where({ age: { $foo: 1 } })
        .get(),
    );
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toContain('unknown operator: $foo');
  });

  it('an unknown top-level operator names itself', async () => {
    const res = await tc.raw('database.getDocument', {
      collectionName: 'people',
      queryType: 'WHERE',
      query: JSON.stringify({ $url: 'detail' }),
      limit: 10,
    });
    expect(res.code).toBe('DATABASE_REQUEST_FAILED');
    expect(String(res.message)).toContain('unknown top level operator: $url');
  });

  it('a query that is not EJSON is an invalid parameter', async () => {
    const res = await tc.raw('database.getDocument', { collectionName: 'people', queryType: 'WHERE', query: '{nope', limit: 10 });
    expect(res.code).toBe('INVALID_PARAM');
  });

  it('projection cannot mix inclusion and exclusion', async () => {
    const err = await sdkError(db.collection('people').field({ name: true, age: false }).get());
    expect(err.errCode).toBe(-502001);
  });

  it('geo queries say plainly that the emulator lacks them', async () => {
    const _ = db.command;
    const err = await sdkError(
      db
        .collection('people')
        .where({ loc: _.geoNear({ geometry: new db.Geo.Point(113, 23), maxDistance: 1000 }) })
        .get(),
    );
    expect(err.errMsg).toContain('not supported by the local emulator');
  });
});
