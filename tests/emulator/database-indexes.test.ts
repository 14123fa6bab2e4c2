import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSpec } from '../../local/emulator/index-spec';
import { explainQuery, getDocumentsExamined, getScanLog, resetScanLog } from '../../local/emulator/database';
import { openDatabaseCloud, sdkError, type DatabaseCloud } from '../../local/emulator/database/testing';

// The committed index spec becomes SQLite expression indexes: indexed queries use them (and stay
// out of the scan log), unindexed ones are logged, and pushing predicates down never changes results.

const SPEC: IndexSpec = {
  collections: {
    tasks: [
      {
        name: 'status_due',
        fields: [
          ['status', 1],
          ['due', 1],
        ],
      },
      { name: 'owner', fields: [['owner', 1]] },
      { name: 'tags', fields: [['tags', 1]] },
      { name: 'createdAt_desc', fields: [['createdAt', -1]] },
      { name: 'info_level', fields: [['info.level', 1]] },
    ],
    accounts: [{ name: 'code_unique', fields: [['code', 1]], unique: true }],
  },
};

let tc: DatabaseCloud;
let db: ReturnType<DatabaseCloud['cloud']['database']>;
type Row = Record<string, unknown>;
const ctx = () => tc.emulator.ctx;

/** Deterministic pseudo-random values (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TASKS = 240;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 10, 1);

function randomTask(i: number, next: () => number): Row {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  const doc: Row = {
    _id: `t${String(i).padStart(4, '0')}`,
    title: pick(['alpha', 'beta', 'gamma', 'delta']),
    createdAt: new Date(BASE + Math.floor(next() * 50) * DAY),
  };
  const status = pick<unknown>(['open', 'open', 'closed', 'draft', null, undefined, 1, true]);
  if (status !== undefined) doc.status = status;
  const due = pick<unknown>([
    new Date(BASE + Math.floor(next() * 30 - 10) * DAY),
    new Date(BASE + Math.floor(next() * 30 - 10) * DAY),
    new Date(-Math.floor(next() * 1000) * DAY),
    Math.floor(next() * 20 - 5),
    pick(['a', 'm', 'z', '']),
    undefined,
    null,
  ]);
  if (due !== undefined) doc.due = due;
  doc.owner = `u${Math.floor(next() * 10)}`;
  const tags = pick<unknown>([['red'], ['red', 'blue'], [], 'green', ['blue', 'green', 'red'], undefined]);
  if (tags !== undefined) doc.tags = tags;
  const info = pick<unknown>([{ level: Math.floor(next() * 4) }, { level: 'x' }, [{ level: 1 }, { level: 3 }], { other: 1 }, 7, undefined]);
  if (info !== undefined) doc.info = info;
  return doc;
}

beforeAll(async () => {
  tc = await openDatabaseCloud({ indexSpec: SPEC });
  db = tc.cloud.database();
  await db.createCollection('plain');
  const next = rng(20261128);
  const docs = Array.from({ length: TASKS }, (_, i) => randomTask(i, next));
  for (const name of ['tasks', 'plain']) {
    await db.collection(name).add({ data: docs });
  }
});
afterAll(() => tc.close(true));

type Order = Array<[string, 'asc' | 'desc']>;
async function query(name: string, where: object, order: Order = [], skip = 0, limit = 1000): Promise<Row[]> {
  let q = db.collection(name).where(where);
  for (const [field, dir] of order) q = q.orderBy(field, dir);
  if (skip) q = q.skip(skip);
  return ((await q.limit(limit).get()) as { data: Row[] }).data;
}

describe('pushdown never changes results', () => {
  it('gives the same documents, in the same order, with and without indexes', async () => {
    const _ = db.command;
    const d = (days: number) => new Date(BASE + days * DAY);
    const wheres: object[] = [
      {},
      { status: 'open' },
      { status: null },
      { status: _.in(['open', 1, true]) },
      { status: 'open', due: _.gt(d(3)) },
      { status: _.in(['open', 'closed']), due: _.lte(d(0)) },
      { due: _.gte(d(-5)).and(_.lt(d(5))) },
      { due: _.gt(5) },
      { due: _.lt('m') },
      { due: _.lt(new Date(0)) },
      { owner: _.gt('u5') },
      { owner: 'u3', status: _.neq('open') },
      { tags: 'red' },
      { tags: _.in(['blue', 'green']) },
      { tags: _.gt('c') },
      { 'info.level': 1 },
      { 'info.level': _.gte(2) },
      { 'info.level': null },
      { info: { level: _.in([0, 'x']) } },
      { status: 'open', title: /a$/ },
      { _id: _.in(['t0001', 't0100', 't0239', 'nope']) },
      { _id: _.gte('t0230') },
      { createdAt: _.gt(d(40)), owner: _.in(['u1', 'u2']) },
      _.or([{ status: 'draft' }, { owner: 'u9' }]) as object,
    ];
    const orders: Order[] = [
      [],
      [
        ['due', 'desc'],
        ['_id', 'asc'],
      ],
      [
        ['status', 'asc'],
        ['due', 'asc'],
        ['_id', 'desc'],
      ],
      [
        ['createdAt', 'desc'],
        ['_id', 'asc'],
      ],
      [
        ['owner', 'desc'],
        ['_id', 'desc'],
      ],
      [
        ['tags', 'asc'],
        ['_id', 'asc'],
      ],
      [
        ['info.level', 'desc'],
        ['_id', 'asc'],
      ],
    ];
    let compared = 0;
    for (const where of wheres) {
      for (const order of orders) {
        // Paging is checked on the sorts SQLite serves from an index (where an early stop could go wrong).
        const pagings =
          order.length > 0 && order[0]![0] !== 'tags'
            ? [
                [0, 1000],
                [3, 7],
              ]
            : [[0, 1000]];
        for (const [skip, limit] of pagings as Array<[number, number]>) {
          const indexed = await query('tasks', where, order, skip, limit);
          const plain = await query('plain', where, order, skip, limit);
          const ids = (rows: Row[]) => rows.map((r) => r._id);
          // Without an order the natural order may differ (index order vs insertion order): compare as sets.
          if (order.length === 0 && skip === 0) expect(ids(indexed).sort(), JSON.stringify(where)).toEqual(ids(plain).sort());
          if (order.length > 0) expect(ids(indexed), `${JSON.stringify(where)} ${JSON.stringify(order)} ${skip}`).toEqual(ids(plain));
          compared += indexed.length;
        }
      }
      const counts = await Promise.all(
        ['tasks', 'plain'].map(async (n) => ((await db.collection(n).where(where).count()) as { total: number }).total),
      );
      expect(counts[0], JSON.stringify(where)).toBe(counts[1]);
    }
    expect(compared).toBeGreaterThan(1500);
  });
});

describe('the scan log', () => {
  it('records unindexed queries by shape and leaves indexed ones out', async () => {
    const _ = db.command;
    resetScanLog(ctx());
    await query('tasks', { status: 'open' });
    await query('tasks', { status: 'open', due: _.lt(new Date(BASE)) }, [['due', 'asc']], 0, 10);
    await query('tasks', { owner: _.in(['u1', 'u2']), title: 'alpha' });
    await query('tasks', { _id: _.in(['t0001', 't0002']) });
    await db.collection('tasks').doc('t0001').get();
    await query('tasks', {}, [['createdAt', 'desc']], 0, 5);
    await db.collection('tasks').where({ status: 'closed' }).count();
    await query('tasks', _.or([{ status: 'draft' }, { owner: 'u9', title: 'beta' }]) as object);
    expect(getScanLog(ctx())).toEqual([]);

    await query('tasks', { title: 'alpha' });
    await query('tasks', { title: 'beta' });
    await query('tasks', { due: _.lt(new Date(BASE)) });
    await query('tasks', {}, [['title', 'asc']], 0, 5);
    await db.collection('tasks').where({ title: 'gamma' }).count();
    await query('tasks', _.or([{ status: 'draft' }, { title: 'beta' }]) as object);
    const log = getScanLog(ctx());
    expect(log).toEqual(
      expect.arrayContaining([
        { collection: 'tasks', shape: '{"title":"?"}', count: 3 },
        { collection: 'tasks', shape: '{"due":{"$lt":"?"}}', count: 1 },
        { collection: 'tasks', shape: '{} orderBy {"title":1}', count: 1 },
        { collection: 'tasks', shape: '{"$or":[{"status":"?"},{"title":"?"}]}', count: 1 },
      ]),
    );
    expect(log).toHaveLength(4);
    resetScanLog(ctx());
    expect(getScanLog(ctx())).toEqual([]);
  });

  it('records aggregations that read a whole collection, and lookups on unindexed fields', async () => {
    const $ = db.command.aggregate;
    resetScanLog(ctx());
    await db
      .collection('tasks')
      .aggregate()
      .match({ status: 'open' })
      .group({ _id: '$owner', n: $.sum(1) })
      .end();
    await db
      .collection('plain')
      .aggregate()
      .match({ _id: 't0001' })
      .lookup({ from: 'tasks', localField: '_id', foreignField: '_id', as: 'same' })
      .end();
    expect(getScanLog(ctx())).toEqual([]);
    await db
      .collection('tasks')
      .aggregate()
      .group({ _id: '$owner', n: $.sum(1) })
      .end();
    await db
      .collection('plain')
      .aggregate()
      .match({ _id: 't0001' })
      .lookup({ from: 'tasks', localField: 'title', foreignField: 'title', as: 'same' })
      .end();
    expect(getScanLog(ctx())).toEqual([
      { collection: 'tasks', shape: 'aggregate() without a leading $match', count: 1 },
      { collection: 'tasks', shape: '$lookup on foreignField "title"', count: 1 },
    ]);
  });

  it('explainQuery shows SQLite searching the expression index', () => {
    const indexed = explainQuery(ctx(), 'tasks', { status: 'open', due: { $gte: new Date(BASE) } });
    expect(indexed.indexed).toBe(true);
    expect(indexed.plan.join(' ')).toMatch(/SEARCH .* USING (COVERING )?INDEX .*status_due/);
    const either = explainQuery(ctx(), 'tasks', { $or: [{ status: 'draft' }, { owner: 'u1' }] });
    expect(either.indexed).toBe(true);
    expect(either.plan.join(' ')).toContain('MULTI-INDEX OR');
    const unindexed = explainQuery(ctx(), 'tasks', { title: 'alpha' });
    expect(unindexed.indexed).toBe(false);
    expect(unindexed.plan.join(' ')).toMatch(/^SCAN/);
  });
});

describe('reads stop early when an index gives the order', () => {
  it('an indexed filter + orderBy on the next index field + limit reads only the page', async () => {
    const before = getDocumentsExamined(ctx());
    const page = await query('tasks', { status: 'open' }, [['due', 'asc']], 0, 5);
    expect(page).toHaveLength(5);
    expect(getDocumentsExamined(ctx()) - before).toBe(5);
  });

  it('orderBy on an indexed field alone + limit reads only the page, in either direction', async () => {
    for (const dir of ['asc', 'desc'] as const) {
      const before = getDocumentsExamined(ctx());
      const page = await query('tasks', {}, [['createdAt', dir]], 2, 4);
      expect(page).toHaveLength(4);
      expect(getDocumentsExamined(ctx()) - before).toBe(6);
    }
  });

  it('an unindexed sort has to read everything', async () => {
    const before = getDocumentsExamined(ctx());
    await query('tasks', {}, [['title', 'asc']], 0, 5);
    expect(getDocumentsExamined(ctx()) - before).toBe(TASKS);
  });
});

describe('multikey and unique indexes', () => {
  it('an indexed array field matches on any element', async () => {
    await db.collection('tasks').add({ data: { _id: 'mk1', tags: ['violet', 'teal'] } });
    const rows = await query('tasks', { tags: 'teal' });
    expect(rows.map((r) => r._id)).toEqual(['mk1']);
    expect(explainQuery(ctx(), 'tasks', { tags: 'teal' }).indexed).toBe(true);
  });

  it('a unique index rejects duplicates on add, update and commit, and writes nothing', async () => {
    const accounts = db.collection('accounts');
    await accounts.add({ data: { _id: 'a1', code: 'X-1' } });
    await accounts.add({ data: { _id: 'a2', code: 'X-2' } });
    const onAdd = await sdkError(accounts.add({ data: { _id: 'a3', code: 'X-1' } }));
    expect(onAdd.errMsg).toContain('duplicate key');
    expect(onAdd.errMsg).toContain('code_unique');
    const onUpdate = await sdkError(accounts.doc('a2').update({ data: { code: 'X-1' } }));
    expect(onUpdate.errMsg).toContain('duplicate key');
    expect(((await accounts.doc('a2').get()) as { data: Row }).data.code).toBe('X-2');
    const onCommit = await sdkError(
      db.runTransaction(async (t: { collection(name: string): typeof accounts }) => {
        await t
          .collection('accounts')
          .doc('a3')
          .set({ data: { code: 'X-3' } });
        await t
          .collection('accounts')
          .doc('a2')
          .update({ data: { code: 'X-1' } });
      }),
    );
    expect(onCommit.errMsg).toContain('duplicate key');
    expect(((await accounts.count()) as { total: number }).total).toBe(2);
    // Arrays are not checked element by element (documented limitation) but do not block writes.
    await accounts.add({ data: [{ code: ['Y'] }, { code: ['Y'] }] });
  });
});

// Last in the file: it points this process's SDK at other emulators.
describe('index spec changes', () => {
  it('backfills keys for a new index and drops a removed one on reopen', async () => {
    const first = await openDatabaseCloud({ indexSpec: { collections: { evolving: [] } } });
    const dataDir = first.dataDir;
    try {
      const db1 = first.cloud.database();
      await db1.collection('evolving').add({ data: Array.from({ length: 50 }, (_, i) => ({ k: i % 5, at: new Date(BASE + i * DAY) })) });
      expect(explainQuery(first.emulator.ctx, 'evolving', { k: 3 }).indexed).toBe(false);
    } finally {
      await first.close();
    }
    const second = await openDatabaseCloud({
      dataDir,
      indexSpec: {
        collections: {
          evolving: [
            {
              name: 'k_at',
              fields: [
                ['k', 1],
                ['at', -1],
              ],
            },
          ],
        },
      },
    });
    try {
      expect(explainQuery(second.emulator.ctx, 'evolving', { k: 3 }).indexed).toBe(true);
      const rows = (
        (await second.cloud.database().collection('evolving').where({ k: 3 }).orderBy('at', 'desc').limit(3).get()) as { data: Row[] }
      ).data;
      expect(rows.map((r) => (r.at as Date).getTime())).toEqual([48, 43, 38].map((i) => BASE + i * DAY));
    } finally {
      await second.close();
    }
    const third = await openDatabaseCloud({ dataDir, indexSpec: { collections: {} } });
    try {
      expect(explainQuery(third.emulator.ctx, 'evolving', { k: 3 }).indexed).toBe(false);
      expect(((await third.cloud.database().collection('evolving').where({ k: 3 }).count()) as { total: number }).total).toBe(10);
    } finally {
      await third.close(true);
    }
  });
});
