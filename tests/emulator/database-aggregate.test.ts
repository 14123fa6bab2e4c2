import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseCloud, sdkError, type DatabaseCloud } from '../../local/emulator/database/testing';

// Aggregation stages through the real SDK's aggregate() builder.

let tc: DatabaseCloud;
let db: ReturnType<DatabaseCloud['cloud']['database']>;
type Row = Record<string, unknown>;

beforeAll(async () => {
  tc = await openDatabaseCloud();
  db = tc.cloud.database();
  await db.createCollection('orders');
  await db.createCollection('shops');
  await db.collection('shops').add({
    data: [
      { _id: 's1', name: 'Tea', area: 'north' },
      { _id: 's2', name: 'Noodles', area: 'south' },
    ],
  });
  await db.collection('orders').add({
    data: [
      { shop: 's1', amount: 10, items: ['cup', 'lid'], at: new Date('2026-11-01T10:00:00Z') },
      { shop: 's1', amount: 30, items: ['cup'], at: new Date('2026-11-02T10:00:00Z') },
      { shop: 's2', amount: 25, items: [], at: new Date('2026-11-02T12:00:00Z') },
      { shop: 's2', amount: 5, items: ['bowl', 'cup', 'spoon'], at: new Date('2026-11-03T09:00:00Z') },
      { shop: 's3', amount: 1, items: ['cup'], at: new Date('2026-11-03T09:30:00Z') },
    ],
  });
});
afterAll(() => tc.close(true));

async function run(pipeline: { end(): unknown }): Promise<Row[]> {
  return ((await pipeline.end()) as { list: Row[] }).list;
}

describe('aggregate()', () => {
  it('match → group (sum, avg, max, push) → sort', async () => {
    const _ = db.command;
    const $ = _.aggregate;
    const list = await run(
      db
        .collection('orders')
        .aggregate()
        .match({ amount: _.gte(5) })
        .group({ _id: '$shop', total: $.sum('$amount'), avg: $.avg('$amount'), top: $.max('$amount'), n: $.sum(1) })
        .sort({ total: -1 }),
    );
    expect(list).toEqual([
      { _id: 's1', total: 40, avg: 20, top: 30, n: 2 },
      { _id: 's2', total: 30, avg: 15, top: 25, n: 2 },
    ]);
  });

  it('project with expressions and date operators', async () => {
    const $ = db.command.aggregate;
    const list = await run(
      db
        .collection('orders')
        .aggregate()
        .sort({ at: 1 })
        .limit(2)
        .project({ _id: 0, shop: 1, doubled: $.multiply(['$amount', 2]), day: $.dayOfMonth('$at'), count: $.size('$items') }),
    );
    expect(list).toEqual([
      { shop: 's1', doubled: 20, day: 1, count: 2 },
      { shop: 's1', doubled: 60, day: 2, count: 1 },
    ]);
  });

  it('unwind → group → count', async () => {
    const byItem = await run(
      db
        .collection('orders')
        .aggregate()
        .unwind('$items')
        .group({ _id: '$items', n: db.command.aggregate.sum(1) })
        .sort({ n: -1, _id: 1 }),
    );
    expect(byItem[0]).toEqual({ _id: 'cup', n: 4 });
    expect(byItem.map((r) => r._id)).toEqual(['cup', 'bowl', 'lid', 'spoon']);
    const counted = await run(db.collection('orders').aggregate().match({ shop: 's1' }).count('howMany'));
    expect(counted).toEqual([{ howMany: 2 }]);
  });

  it('lookup joins another collection', async () => {
    const list = await run(
      db
        .collection('orders')
        .aggregate()
        .match({ amount: db.command.gt(20) })
        .lookup({ from: 'shops', localField: 'shop', foreignField: '_id', as: 'shopInfo' })
        .project({ _id: 0, amount: 1, 'shopInfo.name': 1 })
        .sort({ amount: 1 }),
    );
    expect(list).toEqual([
      { amount: 25, shopInfo: [{ name: 'Noodles' }] },
      { amount: 30, shopInfo: [{ name: 'Tea' }] },
    ]);
  });

  it('skip, sortByCount and addFields', async () => {
    const counts = await run(db.collection('orders').aggregate().sortByCount('$shop').skip(1));
    // s1 and s2 tie at 2; skipping the first leaves one of them, then s3.
    expect(counts.map((c) => c.count)).toEqual([2, 1]);
    expect(counts[1]).toEqual({ _id: 's3', count: 1 });
    const withFields = await run(
      db
        .collection('orders')
        .aggregate()
        .match({ shop: 's3' })
        .addFields({ big: db.command.aggregate.gt(['$amount', 100]) })
        .project({ _id: 0, big: 1 }),
    );
    expect(withFields).toEqual([{ big: false }]);
  });

  it('returns 20 results when the pipeline has no limit stage, as the service does', async () => {
    await db.createCollection('many');
    await db.collection('many').add({ data: Array.from({ length: 30 }, (_, i) => ({ i })) });
    expect(
      await run(
        db
          .collection('many')
          .aggregate()
          .match({ i: db.command.gte(0) }),
      ),
    ).toHaveLength(20);
    expect(
      await run(
        db
          .collection('many')
          .aggregate()
          .match({ i: db.command.gte(0) })
          .limit(25),
      ),
    ).toHaveLength(25);
  });

  it('reports a bad stage and an unsupported one as request failures', async () => {
    const bad = await sdkError(
      db
        .collection('orders')
        .aggregate()
        .group({ total: db.command.aggregate.sum('$amount') })
        .end(),
    );
    expect(bad.errMsg).toContain('FailedOperation.Aggregate');
    const geo = await sdkError(
      db
        .collection('orders')
        .aggregate()
        .geoNear({ near: new db.Geo.Point(113, 23), distanceField: 'd', spherical: true } as never)
        .end(),
    );
    expect(geo.errMsg).toContain('not supported by the local emulator');
  });
});
