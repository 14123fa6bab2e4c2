import mime from 'mime-types';

const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * The type the file is served with: an explicit, specific type wins; otherwise the extension decides
 * (the SDK's PUT carries no useful content type, and the mini-program must get `image/jpeg` back
 * for a `.jpg` to render in the browser preview).
 */
export function resolveContentType(cloudPath: string, declared: string | undefined): string {
  const given = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!GENERIC.has(given) && /^[\w.+-]+\/[\w.+-]+$/.test(given)) return given;
  return mime.lookup(cloudPath) || 'application/octet-stream';
}
