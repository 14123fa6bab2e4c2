import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, listenEmulator } from '../../local/emulator/server';
import { listFiles, readFile } from '../../local/emulator/storage';
import { startTestCloud } from '../support/local-cloud';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

describe('storage durability', () => {
  it('serves files uploaded before a restart from the same data folder', async () => {
    const t = await startTestCloud();
    cleanup.push(t.dataDir);
    const { fileID } = await t.cloud.uploadFile({ cloudPath: 'keep/me.txt', fileContent: Buffer.from('still here') });
    await t.emulator.close();
    // The SDK's keep-alive agent must see its idle sockets closed before it picks one again;
    // otherwise the next request can land on a dead socket ("socket hang up"), as after any restart.
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Same folder, same port: the SDK in this process keeps pointing at it.
    const reopened = await listenEmulator({ dataDir: t.dataDir, port: t.emulator.port });
    try {
      const { fileContent } = await t.cloud.downloadFile({ fileID });
      expect(Buffer.from(fileContent as Buffer).toString()).toBe('still here');
      expect(listFiles(reopened.ctx, { limit: 5 }).map((f) => f.fileID)).toEqual([fileID]);
    } finally {
      await reopened.close();
    }
  });

  it('loses no stored file when the emulator process is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-kill-'));
    cleanup.push(dataDir);
    const script = path.join(dataDir, 'writer.ts');
    const root = path.resolve(__dirname, '../..');
    writeFileSync(
      script,
      `import { createEmulator } from ${JSON.stringify(path.join(root, 'local/emulator/server'))};
       import { putFile } from ${JSON.stringify(path.join(root, 'local/emulator/storage'))};
       const emulator = createEmulator({ dataDir: ${JSON.stringify(dataDir)} });
       const ids = [];
       for (let i = 0; i < 20; i++) ids.push(putFile(emulator.ctx, { cloudPath: 'k/' + i + '.bin', bytes: Buffer.alloc(50_000, i) }));
       process.stdout.write('stored ' + ids.length + '\\n');
       setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        if (c.toString().includes('stored 20')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const emulator = createEmulator({ dataDir });
    try {
      expect(listFiles(emulator.ctx, { limit: 100, prefix: 'k/' })).toHaveLength(20);
      const file = readFile(emulator.ctx, listFiles(emulator.ctx, { limit: 100, prefix: 'k/19' })[0]!.fileID);
      expect(file?.bytes.equals(Buffer.alloc(50_000, 19))).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});
