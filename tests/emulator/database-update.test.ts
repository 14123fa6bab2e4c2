import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabaseCloud, sdkError, type DatabaseCloud } from '../../local/emulator/database/testing';

// Every update command of the SDK, applied by the emulator, checked through the real wx-server-sdk.

let tc: DatabaseCloud;
let db: ReturnType<DatabaseCloud['cloud']['database']>;
type Row = Record<string, unknown>;
let id: string;

beforeAll(async () => {
  tc = await openDatabaseCloud();
  db = tc.cloud.database();
  await db.createCollection('things');
});
afterAll(() => tc.close(true));
beforeEach(async () => {
  const res = (await db.collection('things').add({
    data: { n: 10, f: 1.5, s: 'x', list: [1, 2, 3], objs: [{ k: 1 }, { k: 2 }], nested: { a: 1, b: { c: 2 } }, when: new Date(1000) },
  })) as { _id: string };
  id = res._id;
});

async function apply(data: object): Promise<Row> {
  const res = (await db.collection('things').doc(id).update({ data })) as { stats: { updated: number } };
  expect(res.stats.updated).toBe(1);
  return ((await db.collection('things').doc(id).get()) as { data: Row }).data;
}

describe('field operators', () => {
  it('set (plain values, nested paths, whole objects) and remove', async () => {
    const _ = db.command;
    expect(await apply({ s: 'y', 'nested.b.c': 3, extra: { deep: true } })).toMatchObject({
      s: 'y',
      nested: { a: 1, b: { c: 3 } },
      extra: { deep: true },
    });
    expect(await apply({ nested: _.set({ only: 1 }) })).toMatchObject({ nested: { only: 1 } });
    const removed = await apply({ s: _.remove(), 'nested.only': _.remove() });
    expect(removed).not.toHaveProperty('s');
    expect(removed.nested).toEqual({});
  });

  it('inc and mul, on existing and missing fields', async () => {
    const _ = db.command;
    expect(await apply({ n: _.inc(5), f: _.mul(2), fresh: _.inc(3), zero: _.mul(7) })).toMatchObject({ n: 15, f: 3, fresh: 3, zero: 0 });
    expect(await apply({ n: _.inc(-20) })).toMatchObject({ n: -5 });
  });

  it('min and max, on numbers and dates', async () => {
    const _ = db.command;
    expect(await apply({ n: _.min(3) })).toMatchObject({ n: 3 });
    // The typings say max() takes numbers; dates are BSON-comparable and the service accepts them.
    const maxDate = _.max as unknown as (d: Date) => unknown;
    expect(await apply({ n: _.max(8), when: maxDate(new Date(5000)) })).toMatchObject({ n: 8, when: new Date(5000) });
    const same = (await db
      .collection('things')
      .doc(id)
      .update({ data: { n: _.max(1) } })) as { stats: { updated: number } };
    expect(same.stats.updated).toBe(0);
  });

  it('bit (and / or / xor)', async () => {
    // The typings say bit() takes a number; the SDK passes MongoDB's {and|or|xor: n} through.
    const bit = db.command.bit as unknown as (op: Record<string, number>) => unknown;
    // n starts at 10 (0b1010).
    expect(await apply({ n: bit({ and: 0b0110 }) })).toMatchObject({ n: 0b0010 });
    expect(await apply({ n: bit({ or: 0b0101 }) })).toMatchObject({ n: 0b0111 });
    expect(await apply({ n: bit({ xor: 0b0011 }) })).toMatchObject({ n: 0b0100 });
  });

  it('rename', async () => {
    const _ = db.command;
    const doc = await apply({ s: _.rename('title') });
    expect(doc).not.toHaveProperty('s');
    expect(doc.title).toBe('x');
  });
});

describe('array operators', () => {
  it('push: values, each with position, sort and slice', async () => {
    const _ = db.command;
    expect((await apply({ list: _.push(4) })).list).toEqual([1, 2, 3, 4]);
    expect((await apply({ list: _.push([5, 6]) })).list).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await apply({ list: _.push({ each: [0], position: 0 }) })).list).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await apply({ list: _.push({ each: [9], sort: -1, slice: 3 }) })).list).toEqual([9, 6, 5]);
    expect((await apply({ brandNew: _.push('a') })).brandNew).toEqual(['a']);
  });

  it('pop, shift, unshift', async () => {
    const _ = db.command;
    expect((await apply({ list: _.pop() })).list).toEqual([1, 2]);
    expect((await apply({ list: _.shift() })).list).toEqual([2]);
    expect((await apply({ list: _.unshift(7, 8) })).list).toEqual([7, 8, 2]);
  });

  it('pull (value and condition), pullAll, addToSet (value and each)', async () => {
    const _ = db.command;
    expect((await apply({ list: _.pull(2) })).list).toEqual([1, 3]);
    expect((await apply({ objs: _.pull({ k: _.gt(1) }) })).objs).toEqual([{ k: 1 }]);
  });

  it('addToSet adds only what is missing; pullAll removes every occurrence', async () => {
    const _ = db.command;
    const same = (await db
      .collection('things')
      .doc(id)
      .update({ data: { list: _.addToSet(3) } })) as { stats: { updated: number } };
    expect(same.stats.updated).toBe(0);
    // Unlike push(), addToSet() passes its operand through: several values need an explicit $each.
    expect((await apply({ list: _.addToSet({ $each: [3, 4, 4, 5] }) })).list).toEqual([1, 2, 3, 4, 5]);
    expect((await apply({ list: _.push([1, 1]) })).list).toEqual([1, 2, 3, 4, 5, 1, 1]);
    expect((await apply({ list: _.pullAll([1, 5]) })).list).toEqual([2, 3, 4]);
  });

  it('sets an array element and a field inside one by index', async () => {
    expect(await apply({ 'list.0': 100, 'objs.1.k': 20 })).toMatchObject({ list: [100, 2, 3], objs: [{ k: 1 }, { k: 20 }] });
  });
});

describe('update errors the service reports and mingo alone would not', () => {
  const cases: Array<[string, () => object, string]> = [
    ['inc on a string', () => ({ s: db.command.inc(1) }), 'non-numeric type'],
    ['mul on an object', () => ({ nested: db.command.mul(2) }), 'non-numeric type'],
    ['push on a number', () => ({ n: db.command.push(1) }), 'must be an array'],
    ['addToSet on a string', () => ({ s: db.command.addToSet(1) }), 'must be an array'],
    ['pull on a number', () => ({ n: db.command.pull(1) }), 'non-array'],
    ['pop on a string', () => ({ s: db.command.pop() }), 'non-array'],
    ['set through a scalar', () => ({ 'n.deeper': 1 }), "Cannot create field 'deeper'"],
    ['push and set on one path', () => ({ list: db.command.push(9), 'list.0': 5 }), 'conflict'],
  ];
  for (const [name, data, message] of cases) {
    it(`${name}: -502001, document untouched`, async () => {
      const before = ((await db.collection('things').doc(id).get()) as { data: Row }).data;
      const err = await sdkError(db.collection('things').doc(id).update({ data: data() }));
      expect(err.errCode).toBe(-502001);
      expect(err.errMsg).toContain(message);
      expect(((await db.collection('things').doc(id).get()) as { data: Row }).data).toEqual(before);
    });
  }

  it('a multi-document update that fails on one document changes none', async () => {
    await db.collection('things').add({ data: { n: 'not a number' } });
    const err = await sdkError(
      db
        .collection('things')
        .where({ n: db.command.exists(true) })
        .update({ data: { n: db.command.inc(1) } }),
    );
    expect(err.errCode).toBe(-502001);
    const nums = (
      (await db
        .collection('things')
        .where({ n: db.command.gt(10) })
        .get()) as { data: Row[] }
    ).data;
    expect(nums).toHaveLength(0);
  });

  it('an unknown update operator (raw) is a parse failure', async () => {
    const res = await tc.raw('database.modifyDocument', {
      collectionName: 'things',
      queryType: 'DOC',
      query: JSON.stringify({ _id: id }),
      data: JSON.stringify({ $frobnicate: { n: 1 } }),
      merge: true,
      upsert: false,
      multi: false,
    });
    expect(res.code).toBe('DATABASE_REQUEST_FAILED');
    expect(String(res.message)).toContain('$frobnicate');
  });
});
