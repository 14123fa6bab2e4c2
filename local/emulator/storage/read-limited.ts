import type { IncomingMessage } from 'node:http';

export type LimitedBody = { ok: true; bytes: Buffer } | { ok: false; size: number };

/**
 * Reads a request body up to `limit` bytes. Past the limit it keeps draining without buffering, so the
 * client (which streams with chunked encoding and no length) still gets our error reply instead of a reset.
 */
export function readLimited(req: IncomingMessage, limit: number): Promise<LimitedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size <= limit ? { ok: true, bytes: Buffer.concat(chunks) } : { ok: false, size }));
    req.on('error', reject);
  });
}
