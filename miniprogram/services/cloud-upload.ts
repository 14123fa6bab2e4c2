import { config } from '../config';

interface ProgressTask {
  onProgressUpdate?: (cb: (res: { progress: number }) => void) => void;
}

/**
 * Uploads one temp file to cloud storage and resolves with its fileID; `onProgress` gets 0–100.
 * In local-cloud mode the dev server stands in for CloudBase storage.
 */
export function uploadToCloud(
  filePath: string,
  cloudPath: string,
  onProgress: (percent: number) => void = () => undefined,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const watch = (task: unknown) => {
      const t = task as ProgressTask | undefined;
      if (t && typeof t.onProgressUpdate === 'function') t.onProgressUpdate((res) => onProgress(res.progress));
    };
    if (config.localCloud.enabled) {
      watch(
        wx.uploadFile({
          url: `${config.localCloud.baseUrl}/_local/upload`,
          filePath,
          name: 'file',
          formData: { cloudPath },
          header: { 'X-Wx-Openid': config.localCloud.openid },
          success: (res) => {
            try {
              const body = JSON.parse(res.data) as { fileID?: string };
              if (res.statusCode === 200 && body.fileID) return resolve(body.fileID);
            } catch {
              // not JSON: a failure below
            }
            reject(new Error(`upload answered HTTP ${res.statusCode}`));
          },
          fail: reject,
        }),
      );
      return;
    }
    watch(
      wx.cloud.uploadFile({
        cloudPath,
        filePath,
        success: (res) => (res.fileID ? resolve(res.fileID) : reject(new Error('no fileID'))),
        fail: reject,
      }),
    );
  });
}
