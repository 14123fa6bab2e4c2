import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer, type DevServerOptions } from '../../../local/dev-server';
import { FIXTURE_FUNCTIONS } from './fixtures';

export interface DevStack extends DevServer {
  /** POST /functions/<name> as `openid` (none: a caller without identity). */
  call(name: string, event: unknown, openid?: string): Promise<{ status: number; body: unknown; headers: Headers }>;
  request(
    method: string,
    pathAndQuery: string,
    init?: { body?: RequestInit['body']; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown; headers: Headers }>;
}

export async function startDevStack(options: Partial<DevServerOptions> = {}): Promise<DevStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-dev-'));
  const server = await startDevServer({ dataDir, port: 0, functionsDir: FIXTURE_FUNCTIONS, timers: false, ...options });
  async function request(
    method: string,
    pathAndQuery: string,
    init: { body?: RequestInit['body']; headers?: Record<string, string> } = {},
  ) {
    const res = await fetch(`${server.url}${pathAndQuery}`, { method, ...init });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // left as text: the test asserting JSON will say so
    }
    return { status: res.status, body, headers: res.headers };
  }
  return {
    ...server,
    request,
    call: (name, event, openid) =>
      request('POST', `/functions/${name}`, {
        body: JSON.stringify(event),
        headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      }),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
