import { dirname, joinPath } from './modules';
import { rt } from './runtime';

/**
 * WeChat hands the app temporary file paths (`wxfile://tmp_…jpg`) for chosen photos, recordings
 * and downloads. Here they are blobs kept in memory under paths of the same shape, so the app's
 * code (which reads the extension off the path) runs unchanged.
 */
const files = new Map<string, Blob>();
const objectUrls = new Map<string, string>();
let seq = 0;

const EXT_BY_TYPE: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
};

export function extensionOf(blob: Blob, name = ''): string {
  const fromName = /\.([a-zA-Z0-9]+)$/.exec(name)?.[1];
  return (fromName ?? EXT_BY_TYPE[blob.type.split(';')[0] ?? ''] ?? 'bin').toLowerCase();
}

export function saveTempFile(blob: Blob, name = ''): string {
  seq += 1;
  const path = `wxfile://tmp_${Date.now().toString(36)}${seq}.${extensionOf(blob, name)}`;
  files.set(path, blob);
  return path;
}

export function readTempFile(path: string): Blob | undefined {
  return files.get(path);
}

/** Something an <img>/<video>/<audio> can load: temp files become object URLs; cloud:// ids are resolved. */
export async function displayUrl(src: string): Promise<string> {
  if (!src) return '';
  const blob = files.get(src);
  if (blob) {
    let url = objectUrls.get(src);
    if (!url) {
      url = URL.createObjectURL(blob);
      objectUrls.set(src, url);
    }
    return url;
  }
  if (src.startsWith('cloud://')) return tempFileUrl(src);
  if (/^(https?:|data:|blob:|\/\/)/.test(src)) return src;
  // A path in the package: from the root ('/images/a.png') or relative to the page showing it.
  const base = src.startsWith('/') ? '' : dirname(rt.navigator?.current()?.route ?? '');
  return `/preview/app/${joinPath(base, src)}`;
}

const tempUrls = new Map<string, Promise<string>>();

/** A cloud file id → the URL the local cloud serves it at (what wx.cloud.getTempFileURL returns). */
export function tempFileUrl(fileID: string): Promise<string> {
  let p = tempUrls.get(fileID);
  if (!p) {
    p = fetch(`/preview/api/temp-url?fileID=${encodeURIComponent(fileID)}`)
      .then((r) => r.json() as Promise<{ ok: boolean; data?: { tempFileURL: string } }>)
      .then((body) => body.data?.tempFileURL ?? '');
    tempUrls.set(fileID, p);
    p.catch(() => tempUrls.delete(fileID));
  }
  return p;
}

/** Asks for files with the browser's file picker; resolves with none when the person closes it. */
export function pickFiles(accept: string, multiple: boolean, capture?: 'environment' | 'user'): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    if (capture) input.setAttribute('capture', capture);
    input.style.display = 'none';
    document.body.appendChild(input);
    let settled = false;
    const done = (list: File[]) => {
      if (settled) return;
      settled = true;
      input.remove();
      resolve(list);
    };
    input.addEventListener('change', () => done([...(input.files ?? [])]));
    input.addEventListener('cancel', () => done([]));
    input.click();
  });
}

/** Width and height of an image blob (chooseMedia and getImageInfo report them). */
export function imageSize(blob: Blob): Promise<{ width: number; height: number }> {
  return new Promise((resolve) => {
    const img = new Image();
    const url = URL.createObjectURL(blob);
    img.onload = () => {
      resolve({ width: img.naturalWidth, height: img.naturalHeight });
      URL.revokeObjectURL(url);
    };
    img.onerror = () => {
      resolve({ width: 0, height: 0 });
      URL.revokeObjectURL(url);
    };
    img.src = url;
  });
}

export function mediaDuration(blob: Blob, kind: 'video' | 'audio'): Promise<{ duration: number; width: number; height: number }> {
  return new Promise((resolve) => {
    const el = document.createElement(kind);
    const url = URL.createObjectURL(blob);
    el.preload = 'metadata';
    const done = () => {
      const v = el as HTMLVideoElement;
      resolve({ duration: Number.isFinite(el.duration) ? el.duration : 0, width: v.videoWidth ?? 0, height: v.videoHeight ?? 0 });
      URL.revokeObjectURL(url);
    };
    el.onloadedmetadata = done;
    el.onerror = done;
    el.src = url;
  });
}

export function uploadToLocalCloud(filePath: string, cloudPath: string): Promise<string> {
  const blob = files.get(filePath);
  if (!blob) return Promise.reject(new Error(`no such temp file: ${filePath}`));
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', blob, cloudPath.split('/').pop() ?? 'file');
  return fetch('/_local/upload', { method: 'POST', body: form, headers: { 'X-Wx-Openid': rt.openid } })
    .then((r) => r.json() as Promise<{ fileID?: string; error?: { message: string } }>)
    .then((body) => {
      if (!body.fileID) throw new Error(body.error?.message ?? 'upload failed');
      return body.fileID;
    });
}
