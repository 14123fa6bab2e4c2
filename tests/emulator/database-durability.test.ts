import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabaseCloud, sdkError } from '../../local/emulator/database/testing';

// Committed writes survive a clean restart and a SIGKILL of the process holding the database.

type Row = Record<string, unknown>;
const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linli-db-durable-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('durability', () => {
  it('keeps documents, collections and version history across a close and reopen', async () => {
    const dataDir = freshDir();
    const first = await openDatabaseCloud({ dataDir });
    const db1 = first.cloud.database();
    await db1.createCollection('notes');
    await db1.collection('notes').add({
      data: [
        { _id: 'a', text: 'hello', at: new Date(5000) },
        { _id: 'b', n: 1 },
      ],
    });
    await db1
      .collection('notes')
      .doc('b')
      .update({ data: { n: db1.command.inc(1) } });
    await db1.runTransaction(async (t: { collection(name: string): ReturnType<typeof db1.collection> }) => {
      await t
        .collection('notes')
        .doc('c')
        .set({ data: { fromTx: true } });
    });
    await first.close();

    const second = await openDatabaseCloud({ dataDir });
    try {
      const db2 = second.cloud.database();
      const all = ((await db2.collection('notes').orderBy('_id', 'asc').get()) as { data: Row[] }).data;
      expect(all).toEqual([
        { _id: 'a', text: 'hello', at: new Date(5000) },
        { _id: 'b', n: 2 },
        { _id: 'c', fromTx: true },
      ]);
      // A transaction that read before a write made after the reopen must still conflict:
      // versions keep increasing across restarts.
      const t = (await db2.startTransaction()) as {
        collection(name: string): ReturnType<typeof db2.collection>;
        commit(): Promise<unknown>;
      };
      await t.collection('notes').doc('b').get();
      await db2
        .collection('notes')
        .doc('b')
        .update({ data: { n: 100 } });
      await t
        .collection('notes')
        .doc('b')
        .update({ data: { n: -1 } });
      expect((await sdkError(t.commit())).errMsg).toContain('conflict');
    } finally {
      await second.close();
    }
  });

  it('loses no acknowledged write when the process is killed with SIGKILL mid-stream', async () => {
    const dataDir = freshDir();
    const testing = fileURLToPath(new URL('../../local/emulator/database/testing.ts', import.meta.url));
    // The child writes as fast as it can and prints each id once the SDK call has resolved.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
        const { openDatabaseCloud } = require(${JSON.stringify(testing)});
        (async () => {
          const tc = await openDatabaseCloud({ dataDir: ${JSON.stringify(dataDir)} });
          const db = tc.cloud.database();
          await db.createCollection('journal');
          for (let i = 0; ; i++) {
            await db.collection('journal').add({ data: { _id: 'w' + i, i } });
            if (i % 3 === 0) {
              await db.runTransaction(async (t) => {
                await t.collection('journal').doc('w' + i).update({ data: { viaTx: true } });
              });
            }
            process.stdout.write('w' + i + '\\n');
          }
        })().catch((e) => { console.error(e); process.exit(1); });
        `,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    );
    const acknowledged: string[] = [];
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        acknowledged.push(...lines.filter(Boolean));
        if (acknowledged.length >= 40) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const reopened = await openDatabaseCloud({ dataDir });
    try {
      const db = reopened.cloud.database();
      const total = ((await db.collection('journal').count()) as { total: number }).total;
      expect(total).toBeGreaterThanOrEqual(acknowledged.length);
      for (let i = 0; i < acknowledged.length; i += 1) {
        const doc = ((await db.collection('journal').doc(acknowledged[i]!).get()) as { data: Row }).data;
        expect(doc.i).toBe(i);
        if (i % 3 === 0) expect(doc.viaTx).toBe(true);
      }
    } finally {
      await reopened.close();
    }
  }, 60_000);
});
