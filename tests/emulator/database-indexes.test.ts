import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSpec } from '../../local/emulator/index-spec';
import { explainQuery, getDocumentsExamined, getScanLog, importDocuments, resetScanLog } from '../../local/emulator/database';
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
    lists: [
      {
        name: 'paths_sk',
        fields: [
          ['paths', 1],
          ['sk', -1],
        ],
      },
      {
        name: 'org_open_due',
        fields: [
          ['org', 1],
          ['open', 1],
          ['due', 1],
        ],
      },
    ],
    big: [
      {
        name: 'tags_rank',
        fields: [
          ['tags', 1],
          ['rank', -1],
        ],
      },
    ],
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

// Multikey entries: equality / $in on an array field is looked up per element, in the order of the
// index's next fields. Same random data and the same writes on an indexed and a plain collection.
const LISTS = 300;

function randomList(i: number, next: () => number, order: number[]): Row {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  const elements = ['a', 'b', 'c', 'd', 'e'];
  const list = () => Array.from({ length: Math.floor(next() * 5) }, () => pick<unknown>([...elements, ...elements, null, 3]));
  const doc: Row = { _id: `l${String(i).padStart(4, '0')}` };
  // Unique sort values (mixed types) so the order is total without an _id tie-break.
  doc.sk = order[i]! % 7 === 0 ? order[i]! : `s${String(order[i]).padStart(4, '0')}`;
  doc.due = new Date(BASE + order[i]! * DAY);
  const paths = pick<unknown>([list(), list(), list(), [], 'a', 'c', null, undefined, ['a', 'a', 'b'], [['a'], 'b']]);
  if (paths !== undefined) doc.paths = paths;
  const org = pick<unknown>([['o1'], ['o1', 'o2'], ['o2', 'o3', 'o2'], 'o1', [], undefined]);
  if (org !== undefined) doc.org = org;
  const open = pick<unknown>([true, false, undefined]);
  if (open !== undefined) doc.open = open;
  return doc;
}

describe('multikey entries never change results', () => {
  const names = ['lists', 'lists_plain'];

  beforeAll(async () => {
    await db.createCollection('lists_plain');
    const next = rng(20261129);
    const order = Array.from({ length: LISTS * 2 }, (_, i) => i).sort(() => next() - 0.5);
    const docs = Array.from({ length: LISTS }, (_, i) => randomList(i, next, order));
    for (const name of names) await db.collection(name).add({ data: docs });
  });

  async function compareAll(): Promise<number> {
    const _ = db.command;
    const wheres: object[] = [
      { paths: 'a' },
      { paths: 'e' },
      { paths: null },
      { paths: 3 },
      { paths: 'zz' },
      { paths: _.in(['b', 'd']) },
      { paths: _.in(['a', null]) },
      { paths: _.eq('c') },
      { paths: 'a', sk: _.lt('s0300') },
      { paths: 'b', org: 'o2' },
      { paths: _.in(['a', 'c']), open: true },
      { org: 'o1' },
      { org: 'o2', open: true },
      { org: _.in(['o1', 'o3']), open: false },
      { org: 'o3', open: _.in([true, false]) },
      { org: 'o1', open: true, due: _.gte(new Date(BASE + 200 * DAY)) },
      _.or([{ paths: 'a' }, { org: 'o3' }]) as object,
    ];
    const orders: Order[] = [
      [],
      [['sk', 'desc']],
      [['sk', 'asc']],
      [
        ['sk', 'desc'],
        ['_id', 'asc'],
      ],
      [['due', 'asc']],
      [
        ['open', 'asc'],
        ['due', 'asc'],
      ],
      [
        ['open', 'desc'],
        ['due', 'desc'],
      ],
      [
        ['paths', 'asc'],
        ['_id', 'asc'],
      ],
    ];
    const pagings: Array<[number, number]> = [
      [0, 1000],
      [0, 3],
      [4, 6],
    ];
    let compared = 0;
    for (const where of wheres) {
      for (const order of orders) {
        for (const [skip, limit] of order.length ? pagings : [[0, 1000] as [number, number]]) {
          const [indexed, plain] = await Promise.all(names.map((n) => query(n, where, order, skip, limit)));
          const ids = (rows: Row[]) => rows.map((r) => r._id);
          const label = `${JSON.stringify(where)} ${JSON.stringify(order)} ${skip}`;
          if (order.length === 0) expect(ids(indexed!).sort(), label).toEqual(ids(plain!).sort());
          else expect(ids(indexed!), label).toEqual(ids(plain!));
          expect(new Set(ids(indexed!)).size, label).toBe(indexed!.length);
          compared += indexed!.length;
        }
      }
      const counts = await Promise.all(names.map(async (n) => ((await db.collection(n).where(where).count()) as { total: number }).total));
      expect(counts[0], JSON.stringify(where)).toBe(counts[1]);
    }
    return compared;
  }

  it('gives the same documents, in the same order, as an unindexed collection, before and after writes', async () => {
    const _ = db.command;
    expect(await compareAll()).toBeGreaterThan(3000);
    for (const name of names) {
      const c = db.collection(name);
      await c.where({ paths: _.elemMatch(_.eq('a')) }).update({ data: { paths: _.push(['zz', 'e']) } });
      await c.where({ paths: _.elemMatch(_.eq('b')), open: true }).update({ data: { paths: _.pull('b') } });
      await c.doc('l0003').update({ data: { paths: ['x', 'y', 'x'], org: 'o3' } });
      await c.doc('l0004').update({ data: { paths: [] } });
      await c.doc('l0005').update({ data: { paths: 'e' } });
      await c.doc('l0006').update({ data: { paths: _.remove() } });
      await c.where({ org: 'o2', open: false }).update({ data: { org: _.push('o9') } });
      await c.where({ paths: 'd', org: 'o1' }).remove();
      await c.doc('l0007').set({ data: { sk: 's9999', due: new Date(BASE), paths: ['a', 'd', 'a'], org: ['o1'], open: true } });
      await db.runTransaction(async (t: { collection(name: string): typeof c }) => {
        await t
          .collection(name)
          .doc('l0010')
          .update({ data: { paths: ['zz', 'a'], org: ['o2', 'o1'] } });
        await t.collection(name).doc('l0011').remove();
        await t
          .collection(name)
          .doc('l0012')
          .set({ data: { sk: 's9998', due: new Date(BASE + DAY), paths: ['c', 'zz'], org: 'o3', open: false } });
        await t.collection(name).add({
          data: { _id: 'lnew', sk: 's9997', due: new Date(BASE + 2 * DAY), paths: ['zz', 'zz', 'b'], org: ['o1', 'o3'], open: true },
        });
      });
    }
    const [indexed, plain] = await Promise.all(names.map((n) => query(n, {}, [['_id', 'asc']])));
    expect(indexed).toEqual(plain);
    expect(await compareAll()).toBeGreaterThan(3000);
    expect((await query('lists', { paths: 'zz' }, [['sk', 'desc']])).map((r) => r._id)).toContain('lnew');
  });

  it('serves equality and $in on an array field from the entries, outside the scan log', async () => {
    const _ = db.command;
    resetScanLog(ctx());
    await query('lists', { paths: 'a' }, [['sk', 'desc']], 0, 5);
    await query('lists', { paths: _.in(['a', 'b']) }, [['sk', 'desc']], 0, 5);
    await query('lists', { org: 'o1', open: true }, [['due', 'asc']], 0, 5);
    await db.collection('lists').where({ paths: 'c' }).count();
    expect(getScanLog(ctx())).toEqual([]);
    const plan = explainQuery(ctx(), 'lists', { paths: 'a' }, [['sk', -1]]);
    expect(plan.indexed).toBe(true);
    expect(plan.sql).toContain('_mk');
    expect(plan.plan.join(' ')).not.toContain('TEMP B-TREE');
    // Sorting on the array field itself stays with mingo.
    expect(explainQuery(ctx(), 'lists', { paths: 'a' }, [['paths', 1]]).sql).not.toContain('ORDER BY k');
  });
});

describe('multikey entries give the order of the compound index', () => {
  it('an array-field equality with orderBy on the next index field and limit 20 reads about the page of 20k', async () => {
    const N = 20_000;
    const docs = Array.from({ length: N }, (_, i) => ({
      _id: `b${i}`,
      tags: [`t${i % 10}`, `t${(i * 7) % 13}`, 'all'],
      rank: (i * 7919) % N,
    }));
    importDocuments(ctx(), 'big', docs);
    resetScanLog(ctx());
    for (const [tag, dir] of [
      ['t3', 'desc'],
      ['all', 'asc'],
    ] as const) {
      const before = getDocumentsExamined(ctx());
      const page = await query('big', { tags: tag }, [['rank', dir]], 0, 20);
      const examined = getDocumentsExamined(ctx()) - before;
      expect(page).toHaveLength(20);
      expect(examined).toBeLessThanOrEqual(21);
      const expected = docs
        .filter((d) => d.tags.includes(tag))
        .sort((a, b) => (dir === 'desc' ? b.rank - a.rank : a.rank - b.rank))
        .slice(0, 20)
        .map((d) => d._id);
      expect(page.map((r) => r._id)).toEqual(expected);
    }
    const skipped = getDocumentsExamined(ctx());
    expect(await query('big', { tags: 't5' }, [['rank', 'desc']], 40, 20)).toHaveLength(20);
    expect(getDocumentsExamined(ctx()) - skipped).toBeLessThanOrEqual(61);
    expect(getScanLog(ctx())).toEqual([]);
    expect(explainQuery(ctx(), 'big', { tags: 't3' }, [['rank', -1]]).plan.join(' ')).toMatch(/SEARCH .*_mk/);
  });
});

// Last in the file: it points this process's SDK at other emulators.
describe('index spec changes', () => {
  it('keeps multikey entries across restarts and rebuilds them when an index changes', async () => {
    type Fields = Array<[string, 1 | -1]>;
    const spec = (...defs: Fields[]): IndexSpec => ({ collections: { shelf: defs.map((fields, i) => ({ name: `ix${i}`, fields })) } });
    const ids = async (cloud: DatabaseCloud, where: object, field: string, dir: 'asc' | 'desc') =>
      ((await cloud.cloud.database().collection('shelf').where(where).orderBy(field, dir).limit(3).get()) as { data: Row[] }).data.map(
        (r) => r._id,
      );
    const first = await openDatabaseCloud({
      indexSpec: spec(
        [
          ['tags', 1],
          ['n', -1],
        ],
        [['m', 1]],
      ),
    });
    const dataDir = first.dataDir;
    try {
      await first.cloud
        .database()
        .collection('shelf')
        .add({ data: Array.from({ length: 30 }, (_, i) => ({ _id: `s${i}`, tags: [`t${i % 3}`, 'all', `t${i % 3}`], n: i, m: i % 5 })) });
      expect(await ids(first, { tags: 't1' }, 'n', 'desc')).toEqual(['s28', 's25', 's22']);
    } finally {
      await first.close();
    }
    const same = await openDatabaseCloud({
      dataDir,
      indexSpec: spec(
        [
          ['tags', 1],
          ['n', -1],
        ],
        [['m', 1]],
      ),
    });
    try {
      expect(await ids(same, { tags: 't1' }, 'n', 'desc')).toEqual(['s28', 's25', 's22']);
      const plan = explainQuery(same.emulator.ctx, 'shelf', { tags: 't1' }, [['n', -1]]);
      expect(plan.sql).toContain('_mk');
      expect(plan.plan.join(' ')).not.toContain('TEMP B-TREE');
    } finally {
      await same.close();
    }
    // Same indexed paths, different indexes: the old entries go, the new index gets its own.
    const changed = await openDatabaseCloud({
      dataDir,
      indexSpec: spec(
        [['tags', 1]],
        [['n', 1]],
        [
          ['m', 1],
          ['tags', 1],
          ['n', 1],
        ],
      ),
    });
    try {
      expect(await ids(changed, { m: 2, tags: 'all' }, 'n', 'asc')).toEqual(['s2', 's7', 's12']);
      expect(await ids(changed, { m: 2, tags: 't0' }, 'n', 'asc')).toEqual(['s12', 's27']);
      const plan = explainQuery(changed.emulator.ctx, 'shelf', { m: 2, tags: 'all' }, [['n', 1]]);
      expect(plan.sql).toContain('_mk');
      expect(plan.plan.join(' ')).not.toContain('TEMP B-TREE');
    } finally {
      await changed.close(true);
    }
  });

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
