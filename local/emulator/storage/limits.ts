/**
 * Largest object the emulator accepts. Real COS takes up to 5 GB per PUT, but every byte here lands
 * in the SQLite file, and the app's own uploads (photos, short audio) are far below this.
 * Override with LINLI_UPLOAD_MAX_BYTES.
 */
export const DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

export function uploadMaxBytes(): number {
  const raw = Number(process.env.LINLI_UPLOAD_MAX_BYTES);
  return Number.isFinite(raw) && raw > 0 ? Math.floor(raw) : DEFAULT_UPLOAD_MAX_BYTES;
}

/** Upload tickets (getUploadMetadata → PUT) live this long, like a COS signature's validity. */
export const UPLOAD_TICKET_TTL_MS = 15 * 60 * 1000;

/** `getTempFileURL` and `deleteFile` take at most 50 files a call on the platform. */
export const MAX_FILES_PER_CALL = 50;

/** maxAge the emulator reports when the caller passes a bare fileID string. */
export const DEFAULT_MAX_AGE_SECONDS = 86_400;
