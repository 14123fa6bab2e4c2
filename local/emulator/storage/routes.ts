import type { IncomingMessage, ServerResponse } from 'node:http';
import mime from 'mime-types';
import type { EmulatorContext, HttpRoute } from '../types';
import { bucketName, COS_ROUTE_PREFIX, fileIdFor } from './file-id';
import { getFile, ticketAllows } from './file-table';
import { storeBytes } from './files';
import { uploadMaxBytes } from './limits';
import { readLimited } from './read-limited';
import { sendCosError } from './cos-reply';

/** `/__cos/<our bucket>/<cloudPath>` → the decoded cloud path; undefined = not our route, null = undecodable. */
function routedCloudPath(ctx: EmulatorContext, req: IncomingMessage): string | null | undefined {
  const pathname = new URL(req.url ?? '/', 'http://local').pathname;
  const prefix = `${COS_ROUTE_PREFIX}${bucketName(ctx.envId)}/`;
  if (!pathname.startsWith(prefix)) return undefined;
  try {
    return decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return null;
  }
}

async function handlePut(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, cloudPath: string): Promise<void> {
  const fileID = fileIdFor(ctx.envId, cloudPath);
  const token = String(req.headers['x-cos-security-token'] ?? '');
  // Read (or drain) the body first: answering mid-stream would reset the SDK's piped upload.
  const body = await readLimited(req, uploadMaxBytes());
  if (!token || !ticketAllows(ctx.store.db, token, fileID, ctx.clock.now())) {
    sendCosError(res, 403, 'AccessDenied', 'Access Denied. (no valid upload ticket from getUploadMetadata for this path)', cloudPath);
    return;
  }
  if (!body.ok) {
    sendCosError(
      res,
      400,
      'EntityTooLarge',
      `Your proposed upload exceeds the maximum allowed object size (${body.size} > ${uploadMaxBytes()} bytes).`,
      cloudPath,
    );
    return;
  }
  const stored = storeBytes(ctx, cloudPath, body.bytes, req.headers['content-type']);
  res.writeHead(200, { etag: `"${stored.etag}"`, 'content-length': 0 });
  res.end();
}

function handleGet(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, cloudPath: string): void {
  const file = getFile(ctx.store.db, fileIdFor(ctx.envId, cloudPath));
  if (!file) {
    sendCosError(res, 404, 'NoSuchKey', 'The specified key does not exist.', cloudPath);
    return;
  }
  const etag = `"${file.etag}"`;
  const headers = {
    'content-type': mime.contentType(file.contentType) || file.contentType,
    etag,
    'last-modified': new Date(file.createdAt).toUTCString(),
    'cache-control': 'no-cache',
    // The browser preview may draw these images onto a canvas from another origin.
    'access-control-allow-origin': '*',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': file.size });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}

/** The COS-like object routes: PUT stores an upload, GET/HEAD serve a stored file. */
export function createCosRoute(ctx: EmulatorContext): HttpRoute {
  return async (req, res) => {
    const cloudPath = routedCloudPath(ctx, req);
    if (cloudPath === undefined) return false;
    if (cloudPath === null || cloudPath === '') {
      sendCosError(res, 400, 'InvalidURI', 'Could not parse the specified URI.', req.url ?? '');
      return true;
    }
    if (req.method === 'PUT') await handlePut(ctx, req, res, cloudPath);
    else if (req.method === 'GET' || req.method === 'HEAD') handleGet(ctx, req, res, cloudPath);
    else
      sendCosError(
        res,
        405,
        'MethodNotAllowed',
        `The specified method ${req.method ?? ''} is not allowed against this resource.`,
        cloudPath,
      );
    return true;
  };
}
