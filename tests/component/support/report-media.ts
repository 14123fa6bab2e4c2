import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { TestEnv } from './test-env';
import type { Phone } from './wx-env';

/** What the tests control about the camera, the album and cloud storage on the phone. */
export interface MediaPhone {
  /** Files the next wx.chooseMedia returns (temp paths on this machine); empty = the person cancels. */
  nextPicks: string[][];
  /** The next N uploads fail the way wx.cloud.uploadFile fails without network. */
  failUploads: number;
  /** Every cloudPath uploaded, in order. */
  uploads: string[];
  /** Progress values reported to the app. */
  progress: number[];
  /** The tmplIds asked for with wx.requestSubscribeMessage, and how the person answers the next ones. */
  subscribeAsks: string[][];
  subscribeAnswer: 'accept' | 'reject';
}

/** A small PNG photo on disk (saved as .jpg, as WeChat's compressed temp files are named). */
export function photoFile(name: string, rgb: [number, number, number] = [0, 120, 60]): string {
  const png = new PNG({ width: 32, height: 32 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([...rgb, 255], i);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-photo-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, PNG.sync.write(png));
  return file;
}

function postRaw(url: string, bytes: Buffer, openid: string): Promise<{ fileID?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'image/jpeg', 'content-length': bytes.length, 'X-Wx-Openid': openid } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { fileID?: string });
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

/**
 * Adds the camera/album (`wx.chooseMedia`), cloud storage (`wx.cloud.uploadFile`, to the real
 * local cloud, with progress) and the subscribe-message sheet to a phone from `openApp`.
 */
export function installMedia(env: Pick<TestEnv, 'url'>, phone: Phone): MediaPhone {
  const media: MediaPhone = { nextPicks: [], failUploads: 0, uploads: [], progress: [], subscribeAsks: [], subscribeAnswer: 'accept' };
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;

  wx.chooseMedia = (opts: { count?: number }) => {
    const picks = media.nextPicks.shift() ?? [];
    if (!picks.length) return Promise.reject({ errMsg: 'chooseMedia:fail cancel' });
    const tempFiles = picks.slice(0, opts.count ?? 9).map((p) => ({ tempFilePath: p, size: fs.statSync(p).size, fileType: 'image' }));
    return Promise.resolve({ tempFiles, type: 'image', errMsg: 'chooseMedia:ok' });
  };

  const cloud = wx.cloud as Record<string, unknown>;
  cloud.uploadFile = (opts: {
    cloudPath: string;
    filePath: string;
    success?: (res: { fileID: string; statusCode: number }) => void;
    fail?: (err: { errMsg: string }) => void;
  }) => {
    const listeners: Array<(res: { progress: number }) => void> = [];
    const report = (progress: number) => {
      media.progress.push(progress);
      listeners.forEach((l) => l({ progress, totalBytesSent: 0, totalBytesExpectedToSend: 0 } as { progress: number }));
    };
    setTimeout(() => {
      if (media.failUploads > 0) {
        media.failUploads -= 1;
        report(30);
        opts.fail?.({ errMsg: 'cloud.uploadFile:fail network error' });
        return;
      }
      report(50);
      const url = `${env.url}/_local/upload?cloudPath=${encodeURIComponent(opts.cloudPath)}`;
      postRaw(url, fs.readFileSync(opts.filePath), phone.openid).then(
        (body) => {
          if (!body.fileID) return opts.fail?.({ errMsg: 'cloud.uploadFile:fail' });
          media.uploads.push(opts.cloudPath);
          report(100);
          opts.success?.({ fileID: body.fileID, statusCode: 200 });
        },
        () => opts.fail?.({ errMsg: 'cloud.uploadFile:fail' }),
      );
    }, 10);
    return { onProgressUpdate: (l: (res: { progress: number }) => void) => listeners.push(l), abort: () => undefined };
  };

  wx.requestSubscribeMessage = (opts: { tmplIds: string[]; success?: (res: unknown) => void }) => {
    media.subscribeAsks.push(opts.tmplIds);
    const res: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const id of opts.tmplIds) res[id] = media.subscribeAnswer;
    opts.success?.(res);
    return Promise.resolve(res);
  };
  wx.previewImage = () => Promise.resolve({ errMsg: 'previewImage:ok' });
  return media;
}

/** Moves the local cloud's clock (deadlines, overdue) forward. */
export function advanceClock(env: Pick<TestEnv, 'url'>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(JSON.stringify({ advanceMs: ms }));
    const req = http.request(
      `${env.url}/_local/clock`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`clock answered ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
