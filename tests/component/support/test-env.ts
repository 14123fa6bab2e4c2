import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { REPO_ROOT } from './paths';

export interface TestEnv {
  /** The built mini-program root (`rootPath` for miniprogram-simulate). */
  root: string;
  /** The local cloud's base URL. */
  url: string;
  path(rel: string): string;
  /** POST /functions/<name> with X-Wx-Openid, as `wx.cloud.callFunction` reaches the local cloud. */
  invoke(name: string, data: unknown, openid: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts the built mini-program and the seeded local cloud in a Node child process (see test-env-process.ts). */
export async function startTestEnv(): Promise<TestEnv> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'test-env-process.ts')], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const { root, url } = await readyLine(child);
  return {
    root,
    url,
    path: (rel) => path.join(root, rel),
    invoke: (name, data, openid) => postJson(`${url}/functions/${encodeURIComponent(name)}`, data, { 'X-Wx-Openid': openid }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

function readyLine(child: ChildProcess): Promise<{ root: string; url: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"root"'));
      if (line) resolve(JSON.parse(line) as { root: string; url: string });
    });
    child.once('exit', (code) => reject(new Error(`test environment exited with ${code}:\n${err}`)));
  });
}

/** Node's http, not fetch: under jsdom the global fetch is the browser's, bound by CORS. */
function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 400) return reject(new Error(`HTTP ${res.statusCode}: ${text}`));
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`not JSON: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
