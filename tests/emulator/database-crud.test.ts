import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let tc: TestCloud;
let db: ReturnType<TestCloud['cloud']['database']>;

beforeAll(async () => {
  tc = await startTestCloud();
  db = tc.cloud.database();
  await db.createCollection('todos');
});
afterAll(async () => {
  await tc.close();
});

describe('smoke', () => {
  it('adds and gets', async () => {
    const res = await db.collection('todos').add({ data: { title: 'a', n: 1, due: new Date(1700000000000), tags: ['x'] } });
    const id = (res as { _id: string })._id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const got = await db.collection('todos').doc(id).get();
    expect(got.data).toEqual({ _id: id, title: 'a', n: 1, due: new Date(1700000000000), tags: ['x'] });
    const list = await db.collection('todos').where({ n: db.command.gt(0) }).get();
    expect(list.data).toHaveLength(1);
  });
});
