import { config } from '../config';

/**
 * Saves a cloud file (a QR code poster) to the phone's album so staff can print it:
 * fileID → temporary URL → downloadFile → saveImageToPhotosAlbum. Resolves with what
 * happened so the page can say it in Chinese; album permission refused once needs the
 * settings page, which only a tap may open.
 */
export type SaveOutcome = 'saved' | 'cancelled' | 'needs-permission' | 'failed';

function errMsgOf(err: unknown): string {
  return err && typeof err === 'object' && 'errMsg' in err ? String((err as { errMsg: unknown }).errMsg) : '';
}

/**
 * An https URL the phone can download. In the cloud a fresh one from storage (signed URLs
 * expire, and a list opened an hour ago holds stale ones); the URL the backend signed when
 * storage cannot answer, and always with the local cloud, which only signs on the server.
 */
export async function downloadableUrl(fileID: string, signedUrl: string): Promise<string> {
  if (!config.localCloud.enabled) {
    try {
      const res = await wx.cloud.getTempFileURL({ fileList: [fileID] });
      const url = res.fileList[0]?.tempFileURL;
      if (url) return url;
    } catch {
      // fall back to the backend's URL
    }
  }
  if (signedUrl) return signedUrl;
  throw new Error(`no downloadable URL for ${fileID}`);
}

function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (res) => (res.statusCode === 200 ? resolve(res.tempFilePath) : reject(new Error(`HTTP ${res.statusCode}`))),
      fail: reject,
    });
  });
}

export async function saveImageToAlbum(fileID: string, signedUrl: string): Promise<SaveOutcome> {
  let tempFilePath: string;
  try {
    tempFilePath = await download(await downloadableUrl(fileID, signedUrl));
  } catch {
    return 'failed';
  }
  try {
    await wx.saveImageToPhotosAlbum({ filePath: tempFilePath });
    return 'saved';
  } catch (err) {
    const msg = errMsgOf(err);
    if (/auth deny|auth denied|authorize/i.test(msg)) return 'needs-permission';
    if (/cancel/i.test(msg)) return 'cancelled';
    return 'failed';
  }
}

export const SAVE_MESSAGES: Record<SaveOutcome, string> = {
  saved: '已保存到相册，可直接打印',
  cancelled: '已取消保存',
  'needs-permission': '请在设置中允许保存到相册',
  failed: '保存失败，请稍后重试',
};
