import { randomBytes } from 'node:crypto';
import { CloudBaseError } from '../errors';
import type { EmulatorContext, JsonActionHandler } from '../types';
import { assertValidCloudPath } from './cloud-path';
import { bucketName, COS_ROUTE_PREFIX, cloudPathOf, encodeCloudPath, fileIdFor } from './file-id';
import { deleteFileRow, getFileInfo, issueUploadTicket } from './file-table';
import { tempUrlFor } from './files';
import { DEFAULT_MAX_AGE_SECONDS, MAX_FILES_PER_CALL, UPLOAD_TICKET_TTL_MS } from './limits';

// downloadFile rethrows a failed entry as is, so without a message its error would read "fail undefined".
const FILE_NONEXIST_MESSAGE = '文件不存在';

function listParam(body: Record<string, unknown>, key: string): unknown[] {
  const list = body[key];
  if (!Array.isArray(list) || list.length === 0) throw new CloudBaseError('INVALID_PARAM', `${key} 必须是非空数组`);
  if (list.length > MAX_FILES_PER_CALL) {
    throw new CloudBaseError('INVALID_PARAM', `${key} 一次最多 ${MAX_FILES_PER_CALL} 个文件，收到 ${list.length} 个`);
  }
  return list;
}

function fileIdParam(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new CloudBaseError('INVALID_PARAM', 'fileID 必须是非空字符串');
  return value;
}

function maxAgeParam(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_MAX_AGE_SECONDS;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CloudBaseError('INVALID_PARAM', `maxAge 无效: ${String(value)}`);
  return Math.floor(n);
}

/** Exists when the fileID is one of ours and a file is stored under it. */
function exists(ctx: EmulatorContext, fileID: string): boolean {
  return cloudPathOf(ctx.envId, fileID) !== null && getFileInfo(ctx.store.db, fileID) !== null;
}

export function createStorageActionHandlers(ctx: EmulatorContext): Record<string, JsonActionHandler> {
  return {
    'storage.getUploadMetadata': (body) => {
      const cloudPath = body.path;
      assertValidCloudPath(cloudPath);
      const fileId = fileIdFor(ctx.envId, cloudPath);
      const token = randomBytes(20).toString('hex');
      const now = ctx.clock.now();
      issueUploadTicket(ctx.store.db, { token, fileID: fileId, expiresAt: now + UPLOAD_TICKET_TTL_MS, now });
      return {
        data: {
          url: `${ctx.baseUrl()}${COS_ROUTE_PREFIX}${bucketName(ctx.envId)}/${encodeCloudPath(cloudPath)}`,
          token,
          authorization: `q-sign-algorithm=sha1&q-ak=local&q-sign-time=${Math.floor(now / 1000)}&q-signature=${token.slice(0, 16)}`,
          fileId,
          cosFileId: `local-${randomBytes(8).toString('hex')}`,
        },
      };
    },

    'storage.batchGetDownloadUrl': (body) => {
      const list = listParam(body, 'file_list');
      const download_list = list.map((item) => {
        const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
        const fileID = fileIdParam(entry.fileid);
        const maxAge = maxAgeParam(entry.max_age);
        if (!exists(ctx, fileID)) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: FILE_NONEXIST_MESSAGE, maxAge };
        return { fileID, tempFileURL: tempUrlFor(ctx, cloudPathOf(ctx.envId, fileID)!, maxAge), code: 'SUCCESS', maxAge };
      });
      return { data: { download_list } };
    },

    'storage.batchDeleteFile': (body) => {
      const list = listParam(body, 'fileid_list').map(fileIdParam);
      const delete_list = ctx.store.db.transaction(() =>
        list.map((fileID) =>
          deleteFileRow(ctx.store.db, fileID)
            ? { fileID, code: 'SUCCESS' }
            : { fileID, code: 'STORAGE_FILE_NONEXIST', message: FILE_NONEXIST_MESSAGE },
        ),
      )();
      return { data: { delete_list } };
    },
  };
}
