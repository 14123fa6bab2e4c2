import type { MEDIA_LIMITS as CONTRACT_LIMITS, MediaKind } from '../../contracts/reports';
import { config } from '../config';
import { currentMe, getMe } from './session';

/**
 * The contract's MEDIA_LIMITS for the client: the contracts module carries zod, which must not
 * ship in the mini-program, so the numbers are repeated here and the type (`as const` literals)
 * fails the build the day the two disagree.
 */
export const MEDIA_LIMITS: typeof CONTRACT_LIMITS = {
  images: 9,
  imageBytes: 10 * 1024 * 1024,
  videoBytes: 50 * 1024 * 1024,
  voiceBytes: 5 * 1024 * 1024,
  thumbBytes: 2 * 1024 * 1024,
  videoMs: 60_000,
  voiceMs: 60_000,
  afterImages: 9,
};

/** What the client checks before uploading, mirroring MEDIA_LIMITS (the server checks again). */
export interface PickedMedia {
  kind: MediaKind;
  size: number;
  durationMs: number | null;
}

const MB = 1024 * 1024;

/** The Chinese reason a file cannot be added, or '' when it may. `already` counts images already in the draft. */
export function refuseMedia(file: PickedMedia, already: { images: number; video: boolean; voice: boolean }): string {
  if (file.kind === 'image') {
    if (already.video) return '已有视频，不能再加照片';
    if (already.images >= MEDIA_LIMITS.images) return `照片最多 ${MEDIA_LIMITS.images} 张`;
    if (file.size > MEDIA_LIMITS.imageBytes) return `照片不能超过 ${MEDIA_LIMITS.imageBytes / MB} MB`;
  } else if (file.kind === 'video') {
    if (already.video) return '只能上传一段视频';
    if (already.images > 0) return '已有照片，不能再加视频';
    if ((file.durationMs ?? 0) > MEDIA_LIMITS.videoMs) return `视频不能超过 ${MEDIA_LIMITS.videoMs / 1000} 秒`;
    if (file.size > MEDIA_LIMITS.videoBytes) return `视频不能超过 ${MEDIA_LIMITS.videoBytes / MB} MB`;
  } else {
    if (already.voice) return '只能录一段语音';
    if ((file.durationMs ?? 0) > MEDIA_LIMITS.voiceMs) return `语音不能超过 ${MEDIA_LIMITS.voiceMs / 1000} 秒`;
    if (file.size > MEDIA_LIMITS.voiceBytes) return `语音不能超过 ${MEDIA_LIMITS.voiceBytes / MB} MB`;
  }
  return '';
}

/**
 * Whose folder the files go in: the backend accepts only files under `reports/<caller's OPENID>/`,
 * and tells the client its OPENID in the profile (`me.get` / `identity.login`), which the app
 * has loaded at launch, long before anyone picks a photo.
 */
export function uploadOwner(): string {
  return currentMe()?.openid ?? (config.localCloud.enabled ? config.localCloud.openid : '');
}

/** The same, waiting for the launch login when a photo is picked before it has answered. */
export async function loadUploadOwner(): Promise<string> {
  return (await getMe()).openid;
}

export function extensionOf(path: string, fallback: string): string {
  return /\.(\w{1,5})$/.exec(path)?.[1]?.toLowerCase() ?? fallback;
}

/** `reports/<OPENID>/<draftId>/<n>.<ext>`; a video's cover is `<n>-thumb.<ext>`. */
export function reportCloudPath(owner: string, draftId: string, name: string, tempPath: string, fallbackExt: string): string {
  return `reports/${owner}/${draftId}/${name}.${extensionOf(tempPath, fallbackExt)}`;
}
