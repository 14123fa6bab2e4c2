import { parseArgs } from 'node:util';

const USAGE = `用法 / usage: npm run call -- <函数名 function> ['<JSON 事件 event>'] [--openid <OPENID>] [--url http://127.0.0.1:PORT]`;

export interface CallIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

/**
 * Calls a function on a running dev server as a given user and prints what it returned.
 * Exit code: 0 success, 1 the call failed or answered {ok:false}, 2 bad arguments, 3 no server.
 */
export async function runCall(argv: string[], io: CallIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { openid: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [fn, json = '{}', ...extra] = parsed.positionals;
  if (parsed.values.help || !fn || extra.length) {
    io.err(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  try {
    JSON.parse(json);
  } catch {
    io.err(`事件不是合法的 JSON / the event is not valid JSON: ${json}\n${USAGE}`);
    return 2;
  }
  const base = (parsed.values.url ?? `http://127.0.0.1:${io.env.PORT ?? 3000}`).replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (parsed.values.openid) headers['x-wx-openid'] = parsed.values.openid;

  let res: Response;
  try {
    res = await fetch(`${base}/functions/${encodeURIComponent(fn)}`, { method: 'POST', headers, body: json });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    io.err(
      `无法连接本地云 ${base}（${code}）：请先运行 npm start。\nCannot reach the local cloud at ${base} (${code}): start it with npm start.`,
    );
    return 3;
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    io.err(`服务器返回的不是 JSON / the server did not answer JSON (HTTP ${res.status}):\n${text.slice(0, 500)}`);
    return 1;
  }
  io.out(JSON.stringify(body, null, 2));
  const requestId = res.headers.get('x-linli-request-id');
  if (requestId) {
    const cold = res.headers.get('x-linli-cold-start') === 'true' ? ' · cold start' : '';
    io.err(`${fn} · ${requestId}${cold} · ${res.headers.get('x-linli-duration-ms')} ms`);
  }
  const failed = !res.ok || (typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === false);
  return failed ? 1 : 0;
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runCall(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
