import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineFor } from '../../local/emulator/database/engine';
import { TRANSACTION_TTL_MS } from '../../local/emulator/database';
import { openDatabaseCloud, sdkError, type DatabaseCloud } from '../../local/emulator/database/testing';

// Transactions through the SDK's runTransaction / startTransaction: isolation, atomicity, conflicts.

let tc: DatabaseCloud;
let db: ReturnType<DatabaseCloud['cloud']['database']>;
type Row = Record<string, unknown>;
let n = 0;
let coll: string;

beforeAll(async () => {
  tc = await openDatabaseCloud();
  // throwOnNotFound: false makes doc().get() of a missing document give null, inside transactions too.
  db = tc.cloud.database({ throwOnNotFound: false } as Parameters<typeof tc.cloud.database>[0]);
});
afterAll(() => tc.close(true));
beforeEach(async () => {
  coll = `tx_${++n}`;
  await db.createCollection(coll);
  await db.collection(coll).add({
    data: [
      { _id: 'alice', balance: 100 },
      { _id: 'bob', balance: 50 },
      { _id: 'counter', value: 0 },
    ],
  });
});

// The SDK types transactions as `any`; this is the part of them the tests use.
interface Tx {
  collection(name: string): ReturnType<typeof db.collection>;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}
const run = <T>(callback: (t: Tx) => Promise<T>, retries?: number): Promise<T> => db.runTransaction(callback, retries) as Promise<T>;
const start = async (): Promise<Tx> => (await db.startTransaction()) as Tx;
const read = async (id: string): Promise<Row | null> => ((await db.collection(coll).doc(id).get()) as { data: Row | null }).data;
const txRead = async (t: Tx, id: string): Promise<Row | null> => ((await t.collection(coll).doc(id).get()) as { data: Row | null }).data;
const openTransactions = () => engineFor(tc.emulator.ctx).transactions.size;

async function transfer(t: Tx, amount: number): Promise<string> {
  const from = (await txRead(t, 'alice'))!;
  const to = (await txRead(t, 'bob'))!;
  await t
    .collection(coll)
    .doc('alice')
    .update({ data: { balance: (from.balance as number) - amount } });
  await t
    .collection(coll)
    .doc('bob')
    .update({ data: { balance: (to.balance as number) + amount } });
  return 'moved';
}

describe('runTransaction', () => {
  it('commits every write and resolves with the callback value', async () => {
    const result = await run((t) => transfer(t, 30));
    expect(result).toBe('moved');
    expect(await read('alice')).toEqual({ _id: 'alice', balance: 70 });
    expect(await read('bob')).toEqual({ _id: 'bob', balance: 80 });
    expect(openTransactions()).toBe(0);
  });

  it('t.rollback(reason) discards every write and rejects with the reason', async () => {
    const outcome = run(async (t) => {
      await transfer(t, 30);
      await t.rollback(-100);
    });
    await expect(outcome).rejects.toBe(-100);
    expect(await read('alice')).toEqual({ _id: 'alice', balance: 100 });
    expect(await read('bob')).toEqual({ _id: 'bob', balance: 50 });
    expect(openTransactions()).toBe(0);
  });

  it('a throwing callback discards every write and rejects with the error', async () => {
    const boom = new Error('insufficient funds');
    const outcome = run(async (t) => {
      await transfer(t, 30);
      await t.collection(coll).add({ data: { _id: 'audit', note: 'never' } });
      throw boom;
    });
    await expect(outcome).rejects.toBe(boom);
    expect(await read('alice')).toEqual({ _id: 'alice', balance: 100 });
    expect(await read('audit')).toBeNull();
    expect(openTransactions()).toBe(0);
  });

  it('reads its own writes; nobody else sees them before commit', async () => {
    let seenOutside: Row | null = null;
    await run(async (t) => {
      await t
        .collection(coll)
        .doc('alice')
        .update({ data: { balance: 1 } });
      expect(await txRead(t, 'alice')).toEqual({ _id: 'alice', balance: 1 });
      await t.collection(coll).add({ data: { _id: 'carol', balance: 5 } });
      expect(await txRead(t, 'carol')).toEqual({ _id: 'carol', balance: 5 });
      await t.collection(coll).doc('bob').remove();
      expect(await txRead(t, 'bob')).toBeNull();
      seenOutside = await read('alice');
      expect(await read('carol')).toBeNull();
      expect(await read('bob')).not.toBeNull();
    });
    expect(seenOutside).toEqual({ _id: 'alice', balance: 100 });
    expect(await read('alice')).toEqual({ _id: 'alice', balance: 1 });
    expect(await read('carol')).toEqual({ _id: 'carol', balance: 5 });
    expect(await read('bob')).toBeNull();
  });

  it('set() inside a transaction reports created 0 (SDK behaviour) yet creates the document', async () => {
    let stats: unknown;
    await run(async (t) => {
      stats = (
        (await t
          .collection(coll)
          .doc('dave')
          .set({ data: { balance: 9 } })) as { stats: unknown }
      ).stats;
      await t
        .collection(coll)
        .doc('alice')
        .set({ data: { replaced: true } });
    });
    expect(stats).toEqual({ updated: 0, created: 0 });
    expect(await read('dave')).toEqual({ _id: 'dave', balance: 9 });
    expect(await read('alice')).toEqual({ _id: 'alice', replaced: true });
  });

  it('only single-document operations run inside: a where() query fails the transaction without retry', async () => {
    let attempts = 0;
    const outcome = run(async (t) => {
      attempts += 1;
      await t
        .collection(coll)
        .where({ balance: db.command.gt(0) })
        .get();
    });
    const err = await sdkError(outcome);
    expect(err.errMsg).toContain('cannot run in a transaction');
    expect(attempts).toBe(1);
    expect(openTransactions()).toBe(0);
  });

  it('adding an existing _id inside a transaction fails', async () => {
    const err = await sdkError(run(async (t) => t.collection(coll).add({ data: { _id: 'alice' } })));
    expect(err.errMsg).toContain('duplicate key');
  });
});

describe('isolation under concurrency', () => {
  it('N concurrent increments of one counter all land exactly once (conflicts are retried)', async () => {
    const N = 8;
    let attempts = 0;
    const increment = () =>
      run(async (t) => {
        attempts += 1;
        const current = (await txRead(t, 'counter'))!;
        // Let the other transactions read the same version before anyone writes.
        await new Promise((r) => setTimeout(r, 5));
        await t
          .collection(coll)
          .doc('counter')
          .update({ data: { value: (current.value as number) + 1 } });
      }, N + 2);
    await Promise.all(Array.from({ length: N }, increment));
    expect(await read('counter')).toEqual({ _id: 'counter', value: N });
    // Lost updates were prevented by conflicts, not by luck: some attempts had to run again.
    expect(attempts).toBeGreaterThan(N);
    expect(openTransactions()).toBe(0);
  });

  it('two interleaved transactions writing the same document cannot both commit', async () => {
    const t1 = await start();
    const t2 = await start();
    const v1 = (await txRead(t1, 'counter'))!.value as number;
    const v2 = (await txRead(t2, 'counter'))!.value as number;
    await t1
      .collection(coll)
      .doc('counter')
      .update({ data: { value: v1 + 10 } });
    await t2
      .collection(coll)
      .doc('counter')
      .update({ data: { value: v2 + 20 } });
    await t1.commit();
    const err = await sdkError(t2.commit());
    expect(err.errMsg).toContain('conflict');
    expect(await read('counter')).toEqual({ _id: 'counter', value: 10 });
  });

  it('a write outside the transaction after its read makes the commit conflict', async () => {
    const t = await start();
    const before = (await txRead(t, 'alice'))!;
    await db
      .collection(coll)
      .doc('alice')
      .update({ data: { balance: 0 } });
    await t
      .collection(coll)
      .doc('alice')
      .update({ data: { balance: (before.balance as number) - 10 } });
    expect((await sdkError(t.commit())).errMsg).toContain('conflict');
    expect(await read('alice')).toEqual({ _id: 'alice', balance: 0 });
  });

  it('a document created after the transaction saw it missing makes the commit conflict', async () => {
    const t = await start();
    expect(await txRead(t, 'erin')).toBeNull();
    await db.collection(coll).add({ data: { _id: 'erin', by: 'outside' } });
    await t
      .collection(coll)
      .doc('erin')
      .set({ data: { by: 'transaction' } });
    expect((await sdkError(t.commit())).errMsg).toContain('conflict');
    expect(await read('erin')).toEqual({ _id: 'erin', by: 'outside' });
  });

  it('write skew is prevented: each transaction read what the other wrote', async () => {
    const a = await start();
    const b = await start();
    const aliceSeenByA = (await txRead(a, 'alice'))!.balance as number;
    const bobSeenByB = (await txRead(b, 'bob'))!.balance as number;
    await a
      .collection(coll)
      .doc('bob')
      .update({ data: { balance: aliceSeenByA } });
    await b
      .collection(coll)
      .doc('alice')
      .update({ data: { balance: bobSeenByB } });
    await a.commit();
    expect((await sdkError(b.commit())).errMsg).toContain('conflict');
  });

  it('a failed commit applies nothing, even writes to documents nobody else touched', async () => {
    const t = await start();
    await t
      .collection(coll)
      .doc('bob')
      .update({ data: { balance: 999 } });
    await txRead(t, 'alice');
    await db
      .collection(coll)
      .doc('alice')
      .update({ data: { balance: 1 } });
    await sdkError(t.commit());
    expect(await read('bob')).toEqual({ _id: 'bob', balance: 50 });
  });
});

describe('lifetime', () => {
  it('an abandoned transaction expires after the TTL of the emulator clock', async () => {
    const clock = tc.emulator.ctx.clock;
    const t = await start();
    await t
      .collection(coll)
      .doc('alice')
      .update({ data: { balance: 0 } });
    clock.advance(TRANSACTION_TTL_MS + 1000);
    try {
      expect(openTransactions()).toBe(0);
      const op = await sdkError(t.collection(coll).doc('bob').get());
      expect(op.errMsg).toContain('does not exist');
      expect((await sdkError(t.commit())).errMsg).toContain('conflict');
      expect(await read('alice')).toEqual({ _id: 'alice', balance: 100 });
    } finally {
      clock.setOffset(0);
    }
  });

  it('a committed transaction cannot be used again', async () => {
    const t = await start();
    await t
      .collection(coll)
      .doc('alice')
      .update({ data: { balance: 5 } });
    await t.commit();
    expect((await sdkError(t.collection(coll).doc('alice').get())).errMsg).toContain('does not exist');
  });
});
