import { createHash } from 'node:crypto';
import { CloudBaseError } from '../errors';
import type { EmulatorContext } from '../types';
import { assertValidCloudPath } from './cloud-path';
import { resolveContentType } from './content-type';
import { bucketName, COS_ROUTE_PREFIX, fileIdFor } from './file-id';
import { getFile, listFileRows, writeFile, type StoredFile, type StoredFileInfo } from './file-table';
import { uploadMaxBytes } from './limits';

export interface FileListing {
  fileID: string;
  size: number;
  contentType: string;
  /** Emulator-clock ms of the latest write. */
  createdAt: number;
}

/** The dev server's file browser: newest first, optionally only cloud paths starting with `prefix`. */
export function listFiles(ctx: EmulatorContext, opts: { limit: number; prefix?: string }): FileListing[] {
  return listFileRows(ctx.store.db, opts).map(({ fileID, size, contentType, createdAt }) => ({ fileID, size, contentType, createdAt }));
}

/** One stored file with its bytes, or null when there is none under that fileID. */
export function readFile(ctx: EmulatorContext, fileID: string): StoredFile | null {
  return getFile(ctx.store.db, fileID);
}

/**
 * Stores a file the way an SDK upload would and returns its fileID. The dev server uses it for the
 * browser preview's `wx.cloud.uploadFile` (the client side never goes through getUploadMetadata).
 * Throws CloudBaseError INVALID_PARAM for a bad cloudPath, STORAGE_REQUEST_FAIL when too large.
 */
export function putFile(ctx: EmulatorContext, input: { cloudPath: string; bytes: Buffer; contentType?: string }): string {
  assertValidCloudPath(input.cloudPath);
  const limit = uploadMaxBytes();
  if (input.bytes.length > limit) {
    throw new CloudBaseError('STORAGE_REQUEST_FAIL', `[EntityTooLarge]: 文件大小 ${input.bytes.length} 字节超过上限 ${limit} 字节`);
  }
  return storeBytes(ctx, input.cloudPath, input.bytes, input.contentType).fileID;
}

export function storeBytes(ctx: EmulatorContext, cloudPath: string, bytes: Buffer, declaredType: string | undefined): StoredFileInfo {
  return writeFile(ctx.store.db, {
    fileID: fileIdFor(ctx.envId, cloudPath),
    cloudPath,
    contentType: resolveContentType(cloudPath, declaredType),
    bytes,
    now: ctx.clock.now(),
  });
}

/**
 * The download URL handed out by getTempFileURL. The path stays unencoded, as CloudBase's does: the
 * SDK (and a browser) applies encodeURI itself. `sign`/`t` only mimic the shape: the local route
 * serves any stored file to anyone who asks, like the default "all users can read" storage rule.
 */
export function tempUrlFor(ctx: EmulatorContext, cloudPath: string, maxAgeSeconds: number): string {
  const expiresAt = Math.floor(ctx.clock.now() / 1000) + maxAgeSeconds;
  const sign = createHash('sha1').update(`${cloudPath}:${expiresAt}`).digest('hex').slice(0, 32);
  return `${ctx.baseUrl()}${COS_ROUTE_PREFIX}${bucketName(ctx.envId)}/${cloudPath}?sign=${sign}&t=${expiresAt}`;
}

/**
 * Resolves a URL that points at this emulator's file route back to the stored file's cloud path
 * (used by the media check to look at the file it is asked about). Null for foreign URLs.
 */
export function cloudPathFromUrl(ctx: EmulatorContext, url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const prefix = `${COS_ROUTE_PREFIX}${bucketName(ctx.envId)}/`;
  if (!pathname.startsWith(prefix)) return null;
  try {
    return decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return null;
  }
}
