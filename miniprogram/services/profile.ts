import { call } from './api';
import { errorMessage } from './api-error';
import { uploadAvatar } from './avatar-upload';
import { setMe, type Me } from './session';
import { showMessage } from './toast';

/** Avatar chosen with `<button open-type="chooseAvatar">`: upload, then save its fileID on the profile. */
export async function changeAvatar(tempFilePath: string): Promise<Me> {
  let avatarFileId: string;
  try {
    avatarFileId = await uploadAvatar(tempFilePath);
  } catch (err) {
    showMessage(errorMessage(err)); // call() toasts its own failures; the upload is not a call
    throw err;
  }
  const me = await call('me.updateProfile', { avatarFileId });
  setMe(me);
  return me;
}

export async function changeNickname(nickname: string): Promise<Me> {
  const me = await call('me.updateProfile', { nickname });
  setMe(me);
  return me;
}
