import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** A stored object without its bytes: what listings and the temp-URL action need. */
export interface StoredFileInfo {
  fileID: string;
  cloudPath: string;
  size: number;
  contentType: string;
  etag: string;
  /** Emulator-clock ms of the latest write (an overwrite replaces the file, as COS does). */
  createdAt: number;
}

export interface StoredFile extends StoredFileInfo {
  bytes: Buffer;
}

interface FileRow {
  file_id: string;
  cloud_path: string;
  size: number;
  content_type: string;
  etag: string;
  created_at: number;
  bytes?: Buffer;
}

const ready = new WeakSet<Database.Database>();

/** Blobs live in the shared SQLite file so one WAL commit makes an upload durable with everything else. */
export function ensureStorageTables(db: Database.Database): void {
  if (ready.has(db)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS storage_files (
      file_id      TEXT PRIMARY KEY,
      cloud_path   TEXT NOT NULL,
      size         INTEGER NOT NULL,
      content_type TEXT NOT NULL,
      etag         TEXT NOT NULL,
      created_at   INTEGER NOT NULL,
      bytes        BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS storage_files_by_time ON storage_files (created_at DESC);
    CREATE TABLE IF NOT EXISTS storage_upload_tickets (
      token      TEXT PRIMARY KEY,
      file_id    TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
  `);
  ready.add(db);
}

function toInfo(row: FileRow): StoredFileInfo {
  return {
    fileID: row.file_id,
    cloudPath: row.cloud_path,
    size: row.size,
    contentType: row.content_type,
    etag: row.etag,
    createdAt: row.created_at,
  };
}

export function writeFile(
  db: Database.Database,
  file: { fileID: string; cloudPath: string; contentType: string; bytes: Buffer; now: number },
): StoredFileInfo {
  ensureStorageTables(db);
  const etag = createHash('md5').update(file.bytes).digest('hex');
  db.prepare(
    `INSERT INTO storage_files (file_id, cloud_path, size, content_type, etag, created_at, bytes)
     VALUES (@fileID, @cloudPath, @size, @contentType, @etag, @now, @bytes)
     ON CONFLICT(file_id) DO UPDATE SET size = excluded.size, content_type = excluded.content_type,
       etag = excluded.etag, created_at = excluded.created_at, bytes = excluded.bytes`,
  ).run({ ...file, size: file.bytes.length, etag });
  return {
    fileID: file.fileID,
    cloudPath: file.cloudPath,
    size: file.bytes.length,
    contentType: file.contentType,
    etag,
    createdAt: file.now,
  };
}

export function getFileInfo(db: Database.Database, fileID: string): StoredFileInfo | null {
  ensureStorageTables(db);
  const row = db
    .prepare('SELECT file_id, cloud_path, size, content_type, etag, created_at FROM storage_files WHERE file_id = ?')
    .get(fileID) as FileRow | undefined;
  return row ? toInfo(row) : null;
}

export function getFile(db: Database.Database, fileID: string): StoredFile | null {
  ensureStorageTables(db);
  const row = db.prepare('SELECT * FROM storage_files WHERE file_id = ?').get(fileID) as FileRow | undefined;
  return row ? { ...toInfo(row), bytes: row.bytes! } : null;
}

export function deleteFileRow(db: Database.Database, fileID: string): boolean {
  ensureStorageTables(db);
  return db.prepare('DELETE FROM storage_files WHERE file_id = ?').run(fileID).changes > 0;
}

export function listFileRows(db: Database.Database, opts: { limit: number; prefix?: string }): StoredFileInfo[] {
  ensureStorageTables(db);
  const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit)));
  // substr instead of LIKE: cloud paths may contain `_`, which LIKE would treat as a wildcard.
  const rows = (
    opts.prefix
      ? db
          .prepare(
            `SELECT file_id, cloud_path, size, content_type, etag, created_at FROM storage_files
             WHERE substr(cloud_path, 1, length(@prefix)) = @prefix ORDER BY created_at DESC, file_id LIMIT @limit`,
          )
          .all({ prefix: opts.prefix, limit })
      : db
          .prepare(
            `SELECT file_id, cloud_path, size, content_type, etag, created_at FROM storage_files
             ORDER BY created_at DESC, file_id LIMIT @limit`,
          )
          .all({ limit })
  ) as FileRow[];
  return rows.map(toInfo);
}

export function issueUploadTicket(db: Database.Database, ticket: { token: string; fileID: string; expiresAt: number; now: number }): void {
  ensureStorageTables(db);
  db.transaction(() => {
    db.prepare('DELETE FROM storage_upload_tickets WHERE expires_at < ?').run(ticket.now);
    db.prepare('INSERT INTO storage_upload_tickets (token, file_id, expires_at) VALUES (?, ?, ?)').run(
      ticket.token,
      ticket.fileID,
      ticket.expiresAt,
    );
  })();
}

/** True when `token` was issued for exactly this file and has not expired. */
export function ticketAllows(db: Database.Database, token: string, fileID: string, now: number): boolean {
  ensureStorageTables(db);
  const row = db.prepare('SELECT file_id, expires_at FROM storage_upload_tickets WHERE token = ?').get(token) as
    { file_id: string; expires_at: number } | undefined;
  return !!row && row.file_id === fileID && row.expires_at >= now;
}
