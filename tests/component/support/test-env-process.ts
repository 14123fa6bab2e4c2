/**
 * Runs in a child process (Node, not jsdom): esbuild and wx-server-sdk both misbehave under
 * jsdom's globals (esbuild's TextEncoder invariant; the SDK's HTTP client picks XHR). It
 * builds the mini-program for the tests, starts the seeded local cloud, prints one JSON
 * line `{ root, url }` and serves until its stdin closes.
 */
import { buildMiniprogramForTests } from './build-miniprogram';
import { startLocalCloud } from './local-cloud';

async function main(): Promise<void> {
  const [built, cloud] = await Promise.all([buildMiniprogramForTests(), startLocalCloud()]);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await cloud.close().catch(() => undefined);
    built.cleanup();
    process.exit(0);
  };
  process.stdin.on('end', () => void shutdown());
  process.stdin.on('close', () => void shutdown());
  process.stdin.resume();
  process.on('SIGTERM', () => void shutdown());
  process.stdout.write(`${JSON.stringify({ root: built.root, url: cloud.url })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
