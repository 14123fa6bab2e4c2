import { randomBytes } from 'node:crypto';

/**
 * A WeChat API failure: the reply JSON is `{errcode, errmsg}`, which wx-server-sdk turns into a thrown
 * error whose errCode is the errcode. errmsg carries a `rid`, as WeChat's do, to look like the real thing in logs.
 */
export class WxApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg);
  }

  toJSON(): { errcode: number; errmsg: string } {
    return { errcode: this.errcode, errmsg: `${this.errmsg} rid: ${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}` };
  }
}

/** Errcodes the emulator answers, named after WeChat's meaning of them. */
export const WX = {
  SYSTEM_BUSY: -1,
  INVALID_OPENID: 40003,
  INVALID_CODE: 40029,
  INVALID_TEMPLATE_ID: 40037,
  INVALID_ARGS: 40097,
  INVALID_SCENE_VALUE: 40129,
  INVALID_WXACODE_SCENE: 40169,
  INVALID_PAGE: 41030,
  EMPTY_PARAM: 44002,
  DATA_FORMAT_ERROR: 47001,
  TEMPLATE_ARGS_INVALID: 47003,
} as const;

/** `60ae120f-371d5872-7941a05b`: the shape of WeChat trace ids. */
export function newTraceId(nowMs: number): string {
  const time = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return `${time}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}
