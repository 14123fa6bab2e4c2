import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { TestEnv } from './test-env';
import type { Phone } from './wx-env';

/** One thing the camera or album hands back. */
export interface Picked {
  kind: 'image' | 'video';
  /** A real file on this machine (the upload sends its bytes to the local cloud). */
  path: string;
  /** Videos: seconds, as chooseMedia reports them. */
  duration?: number;
  /** Videos: the cover image WeChat makes. */
  thumb?: string;
}

/** What the reporter's tests control and observe beyond the basic phone: camera, storage uploads, subscribe sheet. */
export interface ReporterPhone {
  /** What the next wx.chooseMedia answers; an empty list (or none queued) = the person cancels. */
  picks: Picked[][];
  /** The next N uploads fail as wx.cloud.uploadFile fails without network. */
  failUploads: number;
  /** Every cloudPath stored, in order. */
  uploads: string[];
  /** The tmplIds asked for, and the answer given to each. */
  subscribeAsks: string[][];
  subscribeAnswer: 'accept' | 'reject';
  previews: string[][];
  /** The microphone: how long the next recording lasts when the finger lifts (ms), and what was started. */
  recordMs: number;
  recordings: number;
  /** Audio played with wx.createInnerAudioContext. */
  played: string[];
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-reporter-'));
let seq = 0;

/** A small real PNG on disk, named as WeChat names its temp files. */
export function photo(rgb: [number, number, number] = [200, 80, 40]): string {
  const png = new PNG({ width: 24, height: 24 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([...rgb, 255], i);
  seq += 1;
  const file = path.join(tmpDir, `tmp_${seq}.jpg`);
  fs.writeFileSync(file, PNG.sync.write(png));
  return file;
}

/** A stand-in video file (the local cloud stores bytes; nothing decodes them). */
export function video(): string {
  seq += 1;
  const file = path.join(tmpDir, `tmp_${seq}.mp4`);
  fs.writeFileSync(file, Buffer.alloc(2048, 7));
  return file;
}

/** Stores bytes in the local cloud as `openid`, as the SDK's upload does; resolves with the fileID. */
export function storeFile(env: Pick<TestEnv, 'url'>, openid: string, cloudPath: string, filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const bytes = fs.readFileSync(filePath);
    const req = http.request(
      `${env.url}/_local/upload?cloudPath=${encodeURIComponent(cloudPath)}`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': bytes.length, 'X-Wx-Openid': openid } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { fileID?: string };
          if (body.fileID) resolve(body.fileID);
          else reject(new Error(`upload refused: ${JSON.stringify(body)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

/**
 * Adds to a phone from `openApp` the camera and album (`wx.chooseMedia`, callbacks and promise),
 * cloud storage (`wx.cloud.uploadFile` into the real local cloud, as the phone's OPENID, with
 * progress events and scripted failures), the subscribe sheet and image preview.
 */
export function installReporterPhone(env: Pick<TestEnv, 'url'>, phone: Phone): ReporterPhone {
  const rp: ReporterPhone = {
    picks: [],
    failUploads: 0,
    uploads: [],
    subscribeAsks: [],
    subscribeAnswer: 'accept',
    previews: [],
    recordMs: 5000,
    recordings: 0,
    played: [],
  };
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;

  type Cb = { success?: (res: unknown) => void; fail?: (err: unknown) => void; complete?: () => void };
  const answer = (opts: Cb, ok: boolean, res: unknown): Promise<unknown> => {
    setTimeout(() => {
      if (ok) opts.success?.(res);
      else opts.fail?.(res);
      opts.complete?.();
    }, 0);
    return ok ? Promise.resolve(res) : Promise.reject(res);
  };

  wx.chooseMedia = (opts: Cb & { count?: number }) => {
    const picks = rp.picks.shift() ?? [];
    if (!picks.length) return answer(opts, false, { errMsg: 'chooseMedia:fail cancel' }).catch(() => undefined);
    const tempFiles = picks.slice(0, opts.count ?? 9).map((p) => ({
      tempFilePath: p.path,
      size: fs.statSync(p.path).size,
      fileType: p.kind,
      ...(p.kind === 'video'
        ? { duration: p.duration ?? 10, thumbTempFilePath: p.thumb ?? photo([0, 0, 0]), width: 720, height: 1280 }
        : {}),
    }));
    const type = tempFiles.every((f) => f.fileType === 'image') ? 'image' : 'video';
    return answer(opts, true, { tempFiles, type, errMsg: 'chooseMedia:ok' });
  };

  const cloud = wx.cloud as Record<string, unknown>;
  cloud.uploadFile = (opts: Cb & { cloudPath: string; filePath: string }) => {
    const listeners: Array<(res: { progress: number; totalBytesSent: number; totalBytesExpectedToSend: number }) => void> = [];
    const progress = (p: number) => listeners.forEach((l) => l({ progress: p, totalBytesSent: p, totalBytesExpectedToSend: 100 }));
    setTimeout(() => {
      progress(40);
      if (rp.failUploads > 0) {
        rp.failUploads -= 1;
        opts.fail?.({ errMsg: 'cloud.uploadFile:fail request:fail network error' });
        return;
      }
      storeFile(env, phone.openid, opts.cloudPath, opts.filePath).then(
        (fileID) => {
          rp.uploads.push(opts.cloudPath);
          progress(100);
          opts.success?.({ fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
        },
        (err: unknown) => opts.fail?.({ errMsg: `cloud.uploadFile:fail ${String(err)}` }),
      );
    }, 5);
    return { onProgressUpdate: (l: (typeof listeners)[number]) => void listeners.push(l), abort: () => undefined };
  };

  wx.requestSubscribeMessage = (opts: Cb & { tmplIds: string[] }) => {
    rp.subscribeAsks.push(opts.tmplIds);
    const res: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const id of opts.tmplIds) res[id] = rp.subscribeAnswer;
    return answer(opts, true, res);
  };
  wx.previewImage = (opts: Cb & { urls: string[] }) => {
    rp.previews.push(opts.urls);
    return answer(opts, true, { errMsg: 'previewImage:ok' });
  };

  // One recorder for the whole app, as WeChat's getRecorderManager is a singleton.
  type Handler = (res?: unknown) => void;
  const on: Record<string, Handler> = {};
  const recorder = {
    onStart: (h: Handler) => void (on.start = h),
    onStop: (h: Handler) => void (on.stop = h),
    onError: (h: Handler) => void (on.error = h),
    start: () => {
      rp.recordings += 1;
      setTimeout(() => on.start?.(), 0);
    },
    stop: () => {
      seq += 1;
      const file = path.join(tmpDir, `tmp_${seq}.mp3`);
      fs.writeFileSync(file, Buffer.alloc(1024, 3));
      setTimeout(() => on.stop?.({ tempFilePath: file, duration: rp.recordMs, fileSize: 1024 }), 0);
    },
  };
  wx.getRecorderManager = () => recorder;
  wx.createInnerAudioContext = () => {
    const ctx = {
      src: '',
      play: () => void rp.played.push(ctx.src),
      stop: () => undefined,
      destroy: () => undefined,
      onEnded: () => undefined,
      onError: () => undefined,
    };
    return ctx;
  };
  return rp;
}
