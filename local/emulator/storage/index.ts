import type { EmulatorContext, HttpRoute, JsonActionHandler } from '../types';
import { createStorageActionHandlers } from './actions';
import { ensureStorageTables } from './file-table';
import { createCosRoute } from './routes';

export { listFiles, readFile, putFile, tempUrlFor, cloudPathFromUrl, type FileListing } from './files';
export type { StoredFile } from './file-table';
export { fileIdFor, bucketName, cloudPathOf } from './file-id';
export { DEFAULT_UPLOAD_MAX_BYTES } from './limits';

/** JSON actions of the CloudBase storage API: upload metadata, temp URLs, deletes. */
export function createStorageActions(ctx: EmulatorContext): Record<string, JsonActionHandler> {
  ensureStorageTables(ctx.store.db);
  return createStorageActionHandlers(ctx);
}

/** Raw HTTP routes: the COS-style upload PUT and the file GET behind temp URLs. */
export function createStorageRoutes(ctx: EmulatorContext): HttpRoute[] {
  ensureStorageTables(ctx.store.db);
  return [createCosRoute(ctx)];
}
