import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from './clock';
import { CloudBaseError } from './errors';
import { loadIndexSpec, type IndexSpec } from './index-spec';
import { Store } from './store';
import { REQUEST_LOG_MAX, type EmulatorContext, type FunctionInvoker, type HttpRoute, type JsonActionHandler } from './types';
import { createDatabaseActions } from './database';
import { createStorageActions, createStorageRoutes } from './storage';
import { createFunctionActions } from './functions';
import { createOpenApiRoute } from './openapi';

export interface EmulatorOptions {
  dataDir: string;
  envId?: string;
  indexSpec?: IndexSpec;
  clock?: Clock;
}

export interface Emulator {
  ctx: EmulatorContext;
  /** Handles one HTTP request; false when the path is not the emulator's (so a host server can route it). */
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>;
  setFunctionInvoker(invoker: FunctionInvoker): void;
  close(): Promise<void>;
}

const MAX_BODY = 32 * 1024 * 1024;

export function readBody(req: http.IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new CloudBaseError('INVALID_PARAM', 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function logRequest(ctx: EmulatorContext, action: string, body: Record<string, unknown>, start: number): void {
  const collection = typeof body.collectionName === 'string' ? body.collectionName : null;
  ctx.requestLog.push({ action, collection, start, end: performance.now() });
  if (ctx.requestLog.length > REQUEST_LOG_MAX) ctx.requestLog.splice(0, ctx.requestLog.length - REQUEST_LOG_MAX);
}

/**
 * Builds the emulator: the CloudBase "admin" API the real wx-server-sdk talks to, plus the
 * COS-like upload and download routes. It can be mounted in another server (the dev server)
 * or listen by itself (`listenEmulator`).
 */
export function createEmulator(options: EmulatorOptions): Emulator {
  const store = new Store(options.dataDir);
  let baseUrl = 'http://127.0.0.1';
  const ctx: EmulatorContext = {
    store,
    clock: options.clock ?? new Clock(),
    envId: options.envId ?? 'linli-local',
    indexSpec: options.indexSpec ?? loadIndexSpec(),
    baseUrl: () => baseUrl,
    requestLog: [],
  };
  const actions: Record<string, JsonActionHandler> = {
    ...createDatabaseActions(ctx),
    ...createStorageActions(ctx),
    ...createFunctionActions(ctx),
  };
  const routes: HttpRoute[] = [...createStorageRoutes(ctx)];
  const openApi = createOpenApiRoute(ctx);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.headers.host) baseUrl = `http://${req.headers.host}`;
    if (url.pathname === '/admin' && req.method === 'POST') {
      // From the request's arrival, before its body is read: requests a caller sends together overlap.
      const start = performance.now();
      const contentType = String(req.headers['content-type'] ?? '');
      try {
        const raw = await readBody(req);
        if (contentType.startsWith('multipart/form-data')) {
          await openApi(req, res, raw);
          return true;
        }
        const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        const action = String(body.action ?? '');
        const handler = actions[action];
        if (!handler) throw new CloudBaseError('INVALID_ACTION', `action ${action} is not supported by the local emulator`);
        let reply: unknown;
        try {
          reply = await handler(body, ctx);
        } finally {
          logRequest(ctx, action, body, start);
        }
        sendJson(res, 200, { requestId: `local-${Date.now().toString(36)}`, ...(reply as object) });
      } catch (err) {
        const e = err instanceof CloudBaseError ? err : new CloudBaseError('SYS_ERR', (err as Error).message);
        sendJson(res, 200, { requestId: `local-${Date.now().toString(36)}`, code: e.code, message: e.message });
      }
      return true;
    }
    for (const route of routes) {
      if (await route(req, res, ctx)) return true;
    }
    return false;
  }

  return {
    ctx,
    handle,
    setFunctionInvoker(invoker) {
      ctx.invokeFunction = invoker;
    },
    async close() {
      store.close();
    },
  };
}

export interface ListeningEmulator extends Emulator {
  url: string;
  port: number;
  server: http.Server;
}

/** A standalone emulator on 127.0.0.1 (port 0 = any free port). */
export async function listenEmulator(options: EmulatorOptions & { port?: number }): Promise<ListeningEmulator> {
  const emulator = createEmulator(options);
  const server = http.createServer((req, res) => {
    emulator.handle(req, res).then(
      (handled) => {
        if (!handled) sendJson(res, 404, { code: 'NOT_FOUND', message: 'no such route' });
      },
      (err: Error) => {
        if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: err.message });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...emulator,
    url,
    port,
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await emulator.close();
    },
  };
}
