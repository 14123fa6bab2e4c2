import type { OpenApiHandler } from '../api-types';
import { ok } from '../api-types';
import { WX, WxApiError } from '../wx-error';

/** Codes the browser preview's simulated phone button hands out: `demo-phone:<11 digits>`. */
const DEMO_CODE = /^demo-phone:(\d{11})$/;

/**
 * phonenumber.getPhoneNumber. Only demo codes resolve (to the number they carry); any other code is
 * errcode 40029 like an expired or forged one. Demo codes can be reused, unlike real one-time codes.
 */
export const getPhoneNumber: OpenApiHandler = (params, call) => {
  const code = params.code;
  if (code === undefined || code === null || code === '') throw new WxApiError(WX.EMPTY_PARAM, 'empty code');
  if (typeof code !== 'string') throw new WxApiError(WX.DATA_FORMAT_ERROR, 'data format error hint: [code must be a string]');
  const phone = DEMO_CODE.exec(code)?.[1];
  if (!phone) throw new WxApiError(WX.INVALID_CODE, 'invalid code');
  return ok({
    phone_info: {
      phoneNumber: phone,
      purePhoneNumber: phone,
      countryCode: '86',
      watermark: { timestamp: Math.floor(call.ctx.clock.now() / 1000), appid: call.appid },
    },
  });
};
