import type { OpenApiHandler } from './api-types';
import { mediaCheckAsync } from './apis/media-check-async';
import { msgSecCheck } from './apis/msg-sec-check';
import { getPhoneNumber } from './apis/phonenumber-get-phone-number';
import { subscribeMessageSend } from './apis/subscribe-message-send';
import { wxacodeGetUnlimited } from './apis/wxacode-get-unlimited';

/** Open APIs the emulator answers, by the apiName wx-server-sdk sends (`cloud.openapi.<apiName>`). */
export const OPEN_APIS: Record<string, OpenApiHandler> = {
  'security.msgSecCheck': msgSecCheck,
  'security.mediaCheckAsync': mediaCheckAsync,
  'subscribeMessage.send': subscribeMessageSend,
  'wxacode.getUnlimited': wxacodeGetUnlimited,
  'phonenumber.getPhoneNumber': getPhoneNumber,
};

/**
 * What the cloud-call gateway answers for an API it does not know: CommOpenApiResp.errorCode -604100,
 * which wx-server-sdk's own error table names "API not found" (WX_FUNCTIONS_SERVER_OPENAPI_NOT_FOUND).
 */
export const API_NOT_FOUND = -604100;
