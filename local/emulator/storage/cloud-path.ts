import { CloudBaseError } from '../errors';

const MAX_PATH_BYTES = 850;

/**
 * CloudBase's documented file-name rules: not empty, no leading `/`, no `//`, at most 850 UTF-8
 * bytes, no CAN/EM/SUB/ESC. Stricter than the platform on purpose: `%`, `#`, `?`, `\` and other
 * control characters are refused, because the docs advise against them and they do not survive
 * the SDK's `encodeURI(tempFileURL)` in downloadFile.
 */
export function assertValidCloudPath(cloudPath: unknown): asserts cloudPath is string {
  if (typeof cloudPath !== 'string' || cloudPath.length === 0) {
    throw new CloudBaseError('INVALID_PARAM', 'cloudPath 不能为空');
  }
  if (cloudPath.startsWith('/')) throw new CloudBaseError('INVALID_PARAM', `cloudPath 不能以 / 开头: ${cloudPath}`);
  if (cloudPath.includes('//')) throw new CloudBaseError('INVALID_PARAM', `cloudPath 不能出现连续的 /: ${cloudPath}`);
  if (cloudPath.endsWith('/')) throw new CloudBaseError('INVALID_PARAM', `cloudPath 不能以 / 结尾: ${cloudPath}`);
  if (Buffer.byteLength(cloudPath, 'utf8') > MAX_PATH_BYTES) {
    throw new CloudBaseError('INVALID_PARAM', `cloudPath 编码长度超过 ${MAX_PATH_BYTES} 字节`);
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  if (/[\u0000-\u001f\u007f%#?\\]/.test(cloudPath)) {
    throw new CloudBaseError('INVALID_PARAM', `cloudPath 含有不支持的字符(控制字符、%、#、?、\\): ${cloudPath}`);
  }
}
