import { config } from '../config';
import { ApiCallError, CLIENT_MESSAGES } from './api-error';

/**
 * Uploads the temp file WeChat's avatar chooser gives us and returns its cloud fileID,
 * which `me.updateProfile` stores. In local-cloud mode the dev server stands in for
 * CloudBase storage.
 */
export async function uploadAvatar(tempFilePath: string): Promise<string> {
  const ext = /\.(\w+)$/.exec(tempFilePath)?.[1] ?? 'jpg';
  const cloudPath = `avatars/${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}.${ext}`;
  try {
    if (config.localCloud.enabled) return await uploadToLocalCloud(tempFilePath, cloudPath);
    const res = await wx.cloud.uploadFile({ cloudPath, filePath: tempFilePath });
    return res.fileID;
  } catch {
    throw new ApiCallError('NETWORK', CLIENT_MESSAGES.NETWORK);
  }
}

function uploadToLocalCloud(filePath: string, cloudPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: `${config.localCloud.baseUrl}/_local/upload`,
      filePath,
      name: 'file',
      formData: { cloudPath },
      header: { 'X-Wx-Openid': config.localCloud.openid },
      success: (res) => {
        const body = JSON.parse(res.data) as { fileID?: string };
        if (res.statusCode === 200 && body.fileID) resolve(body.fileID);
        else reject(new Error(`upload answered HTTP ${res.statusCode}`));
      },
      fail: reject,
    });
  });
}
