import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Busboy from 'busboy';
import { Clock } from './emulator/clock';
import { CloudBaseError } from './emulator/errors';
import { createEmulator, sendJson, type Emulator } from './emulator/server';
import { listCollections } from './emulator/database';
import { putFile } from './emulator/storage';
import { inspectRoute } from './inspect-routes';
import { createRunner, RunnerError, startTimerScheduler, type Runner, type TimerScheduler } from './runner';
import type { LogEntry } from './runner/log-buffer';

export interface DevServerOptions {
  dataDir: string;
  /** 0 = any free port (tests). */
  port: number;
  /** Loopback only: the server trusts its callers' X-Wx-Openid. */
  host?: '127.0.0.1' | 'localhost' | '::1';
  functionsDir: string;
  envId?: string;
  clock?: Clock;
  /** true: function logs go to stdout; a function: they go there instead; false/absent: kept in memory only. */
  log?: boolean | ((line: string) => void);
  /** Fire config.json timer triggers by the clock. Default true. */
  timers?: boolean;
  timerTickMs?: number;
  maxInstancesPerFunction?: number;
  /** Largest event accepted by POST /functions/<name>. Default 6 MB, the platform's sync invoke limit. */
  maxEventBytes?: number;
  /** Largest file accepted by POST /_local/upload. Default 50 MB. */
  maxUploadBytes?: number;
  /** More routes (the browser preview): answer and resolve true, or resolve false to pass. */
  extraRoutes?: ExtraRoute;
}

export type ExtraRoute = (req: http.IncomingMessage, res: http.ServerResponse, ctx: { url: URL; emulator: Emulator }) => Promise<boolean>;

export interface DevServer {
  url: string;
  port: number;
  emulator: Emulator;
  runner: Runner;
  timers?: TimerScheduler;
  close(): Promise<void>;
}

/** An HTTP failure answered as `{ ok:false, error:{ code, message } }`. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const RUNNER_STATUS: Record<string, number> = {
  FUNCTION_NOT_FOUND: 404,
  TRIGGER_NOT_FOUND: 404,
  FUNCTIONS_TIME_LIMIT_EXCEEDED: 504,
  RUNNER_CLOSED: 503,
};

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The local cloud on one port: the CloudBase emulator the SDK talks to, the functions, timer
 * triggers, the browser preview's upload and clock controls, and inspection endpoints.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const startedAt = Date.now();
  const clock = options.clock ?? new Clock();
  const emulator = createEmulator({ dataDir: options.dataDir, clock, ...(options.envId ? { envId: options.envId } : {}) });
  const maxEventBytes = options.maxEventBytes ?? 6 * 1024 * 1024;
  const maxUploadBytes = options.maxUploadBytes ?? 50 * 1024 * 1024;
  const print = options.log === true ? (line: string) => console.log(line) : typeof options.log === 'function' ? options.log : undefined;

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    guardLoopback(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-max-age': '600' });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://local');
    const p = url.pathname;
    if (p === '/healthz') return reply(res, 200, health());
    if (p.startsWith('/functions/')) return callFunction(req, res, p.slice('/functions/'.length));
    if (p.startsWith('/_local/trigger/')) return trigger(req, res, p.slice('/_local/trigger/'.length));
    if (p === '/_local/clock') return clockRoute(req, res);
    if (p === '/_local/upload') return upload(req, res, url.searchParams);
    if (p.startsWith('/_inspect/')) {
      const r = inspectRoute(req.method ?? 'GET', p, url.searchParams, { emulator, runner, ...(timers ? { timers } : {}) });
      return reply(res, r.status, r.body);
    }
    if (options.extraRoutes && (await options.extraRoutes(req, res, { url, emulator }))) return;
    if (await emulatorHandle(req, res)) return;
    throw new HttpError(404, 'NOT_FOUND', `没有这个地址：${req.method} ${p}`);
  }

  function health() {
    return {
      ok: true,
      uptimeMs: Date.now() - startedAt,
      envId: emulator.ctx.envId,
      now: new Date(clock.now()).toISOString(),
      clockOffsetMs: clock.offset,
      collections: listCollections(emulator.ctx).length,
      functions: runner.functionNames(),
    };
  }

  async function callFunction(req: http.IncomingMessage, res: http.ServerResponse, rawName: string): Promise<void> {
    requireMethod(req, 'POST');
    const name = decodeSegment(rawName);
    const header = req.headers['x-wx-openid'];
    const openid = Array.isArray(header) ? header[0] : header;
    if (openid && !OPENID.test(openid)) throw new HttpError(400, 'VALIDATION_FAILED', '请求头 X-Wx-Openid 不合法');
    const event = parseEvent(await readBody(req, maxEventBytes));
    const r = await runner.invoke(name, event, openid ? { openid } : {});
    res.setHeader('x-linli-request-id', r.requestId);
    res.setHeader('x-linli-cold-start', String(r.coldStart));
    res.setHeader('x-linli-duration-ms', String(r.durationMs));
    reply(res, 200, r.result);
  }

  async function trigger(req: http.IncomingMessage, res: http.ServerResponse, rest: string): Promise<void> {
    requireMethod(req, 'POST');
    const [fn, triggerName, ...extra] = rest.split('/').map(decodeSegment);
    if (!fn || !triggerName || extra.length) throw new HttpError(404, 'NOT_FOUND', '用法：POST /_local/trigger/<函数名>/<触发器名>');
    const body = parseEvent(await readBody(req, 64 * 1024));
    let at: Date | undefined;
    if (body.time !== undefined) {
      at = new Date(String(body.time));
      if (Number.isNaN(at.getTime())) throw new HttpError(400, 'VALIDATION_FAILED', 'time 必须是 ISO 时间');
    }
    const r = await runner.invokeTimer(fn, triggerName, at);
    reply(res, 200, {
      ok: true,
      data: { requestId: r.requestId, coldStart: r.coldStart, durationMs: r.durationMs, event: r.event, result: r.result },
    });
  }

  async function clockRoute(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method === 'POST') {
      const body = parseEvent(await readBody(req, 64 * 1024));
      const { offsetMs, advanceMs } = body;
      if (typeof offsetMs === 'number' && Number.isFinite(offsetMs) && advanceMs === undefined) clock.setOffset(offsetMs);
      else if (typeof advanceMs === 'number' && Number.isFinite(advanceMs) && offsetMs === undefined) clock.advance(advanceMs);
      else throw new HttpError(400, 'VALIDATION_FAILED', '请求体应为 {"offsetMs": 数字} 或 {"advanceMs": 数字}');
      timers?.tick();
    } else {
      requireMethod(req, 'GET');
    }
    reply(res, 200, { ok: true, data: { now: new Date(clock.now()).toISOString(), offsetMs: clock.offset } });
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams): Promise<void> {
    requireMethod(req, 'POST');
    const contentType = String(req.headers['content-type'] ?? '');
    const file = contentType.startsWith('multipart/form-data')
      ? await readMultipartFile(req, maxUploadBytes)
      : { bytes: await readBody(req, maxUploadBytes), contentType: contentType || 'application/octet-stream' };
    const cloudPath = query.get('cloudPath') ?? file.cloudPath;
    if (!cloudPath) throw new HttpError(400, 'VALIDATION_FAILED', '缺少 cloudPath（查询参数或表单字段）');
    try {
      const fileID = putFile(emulator.ctx, { cloudPath, bytes: file.bytes, contentType: file.contentType });
      reply(res, 200, { fileID });
    } catch (err) {
      // putFile: INVALID_PARAM for a bad cloudPath, STORAGE_REQUEST_FAIL for a file over the storage limit.
      if (err instanceof CloudBaseError) throw new HttpError(err.code === 'STORAGE_REQUEST_FAIL' ? 413 : 400, err.code, err.message);
      throw err;
    }
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => answerError(res, err));
  });
  // Malformed HTTP never reaches route(); answer it in JSON too and keep serving.
  server.on('clientError', (_err, socket) => {
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: '请求格式不合法' } });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  // Created once the port is known (the SDK in each instance needs the URL). The route
  // functions above read these only when a request arrives, i.e. after this point.
  const runner = createRunner({
    functionsDir: options.functionsDir,
    emulatorUrl: url,
    envId: emulator.ctx.envId,
    clock,
    ...(options.maxInstancesPerFunction ? { maxInstancesPerFunction: options.maxInstancesPerFunction } : {}),
    ...(print ? { onLog: (e: LogEntry) => print(formatLog(e)) } : {}),
  });
  const emulatorHandle = runner.attachEmulator(emulator);
  const timers: TimerScheduler | undefined =
    options.timers === false
      ? undefined
      : startTimerScheduler({
          runner,
          clock,
          ...(options.timerTickMs ? { tickMs: options.timerTickMs } : {}),
          onError: (fn, t, err) => print?.(`[timer ${fn}/${t}] ${err.message}`),
        });

  return {
    url,
    port,
    emulator,
    runner,
    ...(timers ? { timers } : {}),
    async close() {
      timers?.stop();
      await runner.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.close();
    },
  };
}

/**
 * Loopback callers only, and no cross-site browser page: anyone who can reach this server can
 * claim any OPENID. Origin and Host are checked so a web page (or DNS rebinding) cannot use it.
 */
function guardLoopback(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!isLoopbackAddress(req.socket.remoteAddress)) throw new HttpError(403, 'FORBIDDEN', '只接受本机请求');
  const hostHeader = req.headers.host;
  if (hostHeader !== undefined && !LOOPBACK_HOSTS.has(hostnameOf(hostHeader)))
    throw new HttpError(403, 'FORBIDDEN', '只接受本机地址的请求');
  const origin = req.headers.origin;
  if (origin === undefined) return;
  if (!isLoopbackOrigin(origin)) throw new HttpError(403, 'FORBIDDEN', `不接受来自 ${origin} 的跨域请求`);
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader('access-control-allow-headers', 'content-type, x-wx-openid');
  res.setHeader('access-control-expose-headers', 'x-linli-request-id, x-linli-cold-start, x-linli-duration-ms');
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

export function isLoopbackOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  return hostHeader.split(':')[0] ?? '';
}

function requireMethod(req: http.IncomingMessage, method: string): void {
  if (req.method !== method) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `这里只接受 ${method}`);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'VALIDATION_FAILED', '路径编码不合法');
  }
}

/** An empty body is `{}`; anything else must be a JSON object, as callFunction's `data` is. */
function parseEvent(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'VALIDATION_FAILED', '请求不是合法的 JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'VALIDATION_FAILED', '请求体必须是 JSON 对象');
  return value as Record<string, unknown>;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `请求体超过 ${Math.round(limit / 1024)} KB 上限`);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return; // already refused; the rest is drained so the client can read the 413
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(tooLarge(limit));
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The first file part of a multipart upload, plus a `cloudPath` field if the form has one. */
function readMultipartFile(req: http.IncomingMessage, limit: number): Promise<{ bytes: Buffer; contentType: string; cloudPath?: string }> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: req.headers, limits: { fileSize: limit, files: 1, fields: 10 } });
    } catch {
      reject(new HttpError(400, 'VALIDATION_FAILED', 'multipart 请求格式不合法'));
      return;
    }
    let file: { bytes: Buffer; contentType: string } | undefined;
    let cloudPath: string | undefined;
    let failed: HttpError | undefined;
    bb.on('field', (name, value) => {
      if (name === 'cloudPath') cloudPath = value;
    });
    bb.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed = tooLarge(limit);
      });
      stream.on('end', () => {
        if (!failed) file = { bytes: Buffer.concat(chunks), contentType: info.mimeType || 'application/octet-stream' };
      });
    });
    bb.on('error', () => reject(new HttpError(400, 'VALIDATION_FAILED', 'multipart 请求格式不合法')));
    bb.on('close', () => {
      if (failed) reject(failed);
      else if (!file) reject(new HttpError(400, 'VALIDATION_FAILED', '表单里没有文件'));
      else resolve({ ...file, ...(cloudPath ? { cloudPath } : {}) });
    });
    req.pipe(bb);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body);
}

function answerError(res: http.ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    // After a refused upload the client may still be sending: close rather than read it all.
    if (err.status === 413) res.setHeader('connection', 'close');
    return reply(res, err.status, { ok: false, error: { code: err.code, message: err.message } });
  }
  if (err instanceof RunnerError) {
    return reply(res, RUNNER_STATUS[err.code] ?? 500, {
      ok: false,
      error: { code: err.code, message: err.message },
      ...(err.requestId ? { requestId: err.requestId } : {}),
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  reply(res, 500, { ok: false, error: { code: 'INTERNAL', message } });
}

function formatLog(e: LogEntry): string {
  const tag = e.requestId ? e.requestId.slice(0, 8) : '--------';
  return `[${e.functionName} ${tag}]${e.level === 'platform' ? ' ·' : ''} ${e.text}`;
}
