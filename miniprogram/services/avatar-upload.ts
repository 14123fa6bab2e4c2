import { ApiCallError, CLIENT_MESSAGES } from './api-error';
import { uploadToCloud } from './cloud-upload';

/**
 * Uploads the temp file WeChat's avatar chooser gives us and returns its cloud fileID,
 * which `me.updateProfile` stores.
 */
export async function uploadAvatar(tempFilePath: string): Promise<string> {
  const ext = /\.(\w+)$/.exec(tempFilePath)?.[1] ?? 'jpg';
  const cloudPath = `avatars/${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}.${ext}`;
  try {
    return await uploadToCloud(tempFilePath, cloudPath);
  } catch {
    throw new ApiCallError('NETWORK', CLIENT_MESSAGES.NETWORK);
  }
}
