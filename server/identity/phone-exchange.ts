import { getCloud } from '../core/cloud';
import { AppError } from '../core/errors';

interface PhoneInfoReply {
  phoneInfo?: { purePhoneNumber?: string; phoneNumber?: string; countryCode?: string };
}

/**
 * The getPhoneNumber button gives the client a one-time code; only the server can exchange it for
 * the number (phonenumber.getPhoneNumber). A number obtained this way is verified by WeChat.
 */
export async function exchangePhoneCode(code: string): Promise<string> {
  let reply: PhoneInfoReply;
  try {
    reply = (await getCloud().openapi.phonenumber.getPhoneNumber({ code })) as PhoneInfoReply;
  } catch (err) {
    const errCode = (err as { errCode?: number }).errCode;
    // 40029: an expired, reused or forged code — the person can tap the button again or type the number.
    if (errCode === 40029 || errCode === 44002) {
      throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'phoneCode', message: '手机号授权已失效，请重新授权或手动填写手机号' }]);
    }
    throw err;
  }
  const phone = reply.phoneInfo?.purePhoneNumber || reply.phoneInfo?.phoneNumber || '';
  if (!/^\d{5,15}$/.test(phone))
    throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'phoneCode', message: '未能获取手机号，请手动填写' }]);
  return phone;
}
