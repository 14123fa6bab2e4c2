import type { FieldError } from '../../contracts/errors';
import { MEDIA_LIMITS, type MediaInput } from '../../contracts/reports';
import { getCloud } from '../core/cloud';
import { AppError } from '../core/errors';
import type { MediaDoc } from './model';

const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The cloud path of a fileID (`cloud://<env>.<bucket>/<path>`), or null when it is not one. */
export function cloudPathOfFileId(fileId: string): string | null {
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
  return m ? (m[1] as string) : null;
}

/** The caller's own upload folder: the client uploads to `reports/<OPENID>/<draftId>/<n>.<ext>`. */
export function inOwnFolder(fileId: string, openid: string): boolean {
  const path = cloudPathOfFileId(fileId);
  if (!path || path.split('/').includes('..')) return false;
  return path.startsWith(`reports/${openid}/`);
}

function limitOf(kind: MediaInput['kind']): number {
  return kind === 'image' ? MEDIA_LIMITS.imageBytes : kind === 'video' ? MEDIA_LIMITS.videoBytes : MEDIA_LIMITS.voiceBytes;
}

const KIND_WORD = { image: '照片', video: '视频', voice: '语音' } as const;

/**
 * The attachments of a report: 1–9 photos or one video (≤ 60 s, with its cover), optionally one
 * voice note (≤ 60 s); sizes within the limits; every file in the caller's own folder. For a
 * resolution (`after`): 1–9 photos only. Returns every problem, by field.
 */
export function mediaProblems(media: readonly MediaInput[], openid: string, mode: 'report' | 'after'): FieldError[] {
  const out: FieldError[] = [];
  const images = media.filter((m) => m.kind === 'image').length;
  const videos = media.filter((m) => m.kind === 'video').length;
  const voices = media.filter((m) => m.kind === 'voice').length;
  if (mode === 'after') {
    if (images === 0) out.push({ path: 'media', message: '请上传处理后的照片' });
    if (videos + voices > 0) out.push({ path: 'media', message: '处理结果只能上传照片' });
    if (images > MEDIA_LIMITS.afterImages) out.push({ path: 'media', message: `处理后照片最多 ${MEDIA_LIMITS.afterImages} 张` });
  } else {
    if (images > 0 && videos > 0) out.push({ path: 'media', message: '照片和视频只能选一种' });
    if (images > MEDIA_LIMITS.images) out.push({ path: 'media', message: `照片最多 ${MEDIA_LIMITS.images} 张` });
    if (videos > 1) out.push({ path: 'media', message: '视频只能上传一段' });
    if (voices > 1) out.push({ path: 'media', message: '语音只能上传一段' });
  }
  media.forEach((m, i) => {
    const at = (field: string) => `media.${i}${field ? `.${field}` : ''}`;
    if (!inOwnFolder(m.fileId, openid)) out.push({ path: at('fileId'), message: '文件不是您本人上传的，请重新上传' });
    if (m.size > limitOf(m.kind)) out.push({ path: at('size'), message: `${KIND_WORD[m.kind]}不能超过 ${MB(limitOf(m.kind))}` });
    if (m.kind === 'video' || m.kind === 'voice') {
      const max = m.kind === 'video' ? MEDIA_LIMITS.videoMs : MEDIA_LIMITS.voiceMs;
      if (m.durationMs === undefined) out.push({ path: at('durationMs'), message: `请提供${KIND_WORD[m.kind]}时长` });
      else if (m.durationMs > max) out.push({ path: at('durationMs'), message: `${KIND_WORD[m.kind]}不能超过 ${max / 1000} 秒` });
    } else if (m.durationMs !== undefined) {
      out.push({ path: at('durationMs'), message: '照片没有时长' });
    }
    if (m.kind === 'video') {
      if (!m.thumbFileId) out.push({ path: at('thumbFileId'), message: '请提供视频封面' });
      else if (!inOwnFolder(m.thumbFileId, openid)) out.push({ path: at('thumbFileId'), message: '封面不是您本人上传的，请重新上传' });
    } else if (m.thumbFileId) {
      out.push({ path: at('thumbFileId'), message: '只有视频需要封面' });
    }
  });
  return out;
}

/** Temp URLs of files (≤ 50 a call, the platform's cap); missing files are absent from the map. */
export async function tempUrls(fileIds: readonly string[], maxAge = 3600): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = [...new Set(fileIds.filter(Boolean))];
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const res = (await getCloud().getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge })) })) as {
      fileList: { fileID: string; tempFileURL: string; status: number }[];
    };
    for (const f of res.fileList) if (f.status === 0 && f.tempFileURL) out.set(f.fileID, f.tempFileURL);
  }
  return out;
}

/** The stored size of a file, by an HTTP HEAD on its temp URL; null when the store does not say. */
async function storedSize(url: string): Promise<number | null> {
  const res = await fetch(encodeURI(url), { method: 'HEAD' });
  if (res.status === 404) return -1;
  if (!res.ok) return null;
  const len = Number(res.headers.get('content-length'));
  return Number.isFinite(len) ? len : null;
}

export interface VerifiedMedia {
  items: (MediaInput & { storedSize: number })[];
  urls: Map<string, string>;
}

/**
 * Checks that every file (and video cover) exists in storage and that its stored size is within
 * the limit, whatever the client declared. Throws VALIDATION_FAILED with field messages.
 */
export async function verifyStored(media: readonly MediaInput[]): Promise<VerifiedMedia> {
  if (media.length === 0) return { items: [], urls: new Map() };
  const urls = await tempUrls(media.flatMap((m) => [m.fileId, m.thumbFileId ?? '']));
  const problems: FieldError[] = [];
  const items = await Promise.all(
    media.map(async (m, i) => {
      const url = urls.get(m.fileId);
      let size = url ? await storedSize(url) : -1;
      if (size === -1) {
        problems.push({ path: `media.${i}.fileId`, message: `${KIND_WORD[m.kind]}文件不存在，请重新上传` });
        size = m.size;
      } else if ((size ?? m.size) > limitOf(m.kind)) {
        problems.push({ path: `media.${i}.size`, message: `${KIND_WORD[m.kind]}不能超过 ${MB(limitOf(m.kind))}` });
      }
      if (m.thumbFileId) {
        const thumbUrl = urls.get(m.thumbFileId);
        const thumb = thumbUrl ? await storedSize(thumbUrl) : -1;
        if (thumb === -1) problems.push({ path: `media.${i}.thumbFileId`, message: '视频封面不存在，请重新上传' });
        else if ((thumb ?? 0) > MEDIA_LIMITS.thumbBytes)
          problems.push({ path: `media.${i}.thumbFileId`, message: `视频封面不能超过 ${MB(MEDIA_LIMITS.thumbBytes)}` });
      }
      return { ...m, storedSize: size ?? m.size };
    }),
  );
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems[0]?.message, problems);
  return { items, urls };
}

/**
 * Starts WeChat's asynchronous content check of each photo, voice note and video cover (a video
 * itself is judged by its cover); the verdict later reaches the mediacheck function by trace id.
 */
export async function startMediaChecks(openid: string, verified: VerifiedMedia): Promise<MediaDoc[]> {
  return Promise.all(
    verified.items.map(async (m): Promise<MediaDoc> => {
      const checked = m.kind === 'video' ? (m.thumbFileId as string) : m.fileId;
      const res = (await getCloud().openapi.security.mediaCheckAsync({
        mediaUrl: verified.urls.get(checked) ?? '',
        mediaType: m.kind === 'voice' ? 1 : 2,
        version: 2,
        scene: 3,
        openid,
      } as never)) as { traceId?: string };
      return {
        kind: m.kind,
        fileId: m.fileId,
        size: m.storedSize,
        durationMs: m.durationMs ?? null,
        thumbFileId: m.thumbFileId ?? null,
        traceId: res.traceId ?? null,
        check: 'pending',
      };
    }),
  );
}

/** Validates, verifies in storage and starts the checks: the whole media step of a submission or a resolution. */
export async function acceptMedia(media: readonly MediaInput[], openid: string, mode: 'report' | 'after'): Promise<MediaDoc[]> {
  const problems = mediaProblems(media, openid, mode);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems[0]?.message, problems);
  return startMediaChecks(openid, await verifyStored(media));
}
