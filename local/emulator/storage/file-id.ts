/**
 * CloudBase names a storage bucket `<hex of the env id's first two characters>-<envId>-<Tencent Cloud appid>`
 * (e.g. env `test-1a2b` → `7465-test-1a2b-1300000000`) and a file `cloud://<envId>.<bucket>/<cloudPath>`.
 * We mimic the shape so code that parses or prefixes fileIDs behaves as it will in production.
 */
export const LOCAL_COS_APPID = '1300000000';

/** Every COS-like route (upload PUT, file GET) lives under this prefix, then `/<bucket>/<cloudPath>`. */
export const COS_ROUTE_PREFIX = '/__cos/';

export function bucketName(envId: string): string {
  const hex = Buffer.from(envId.slice(0, 2), 'utf8').toString('hex');
  return `${hex}-${envId}-${LOCAL_COS_APPID}`;
}

export function fileIdFor(envId: string, cloudPath: string): string {
  return `cloud://${envId}.${bucketName(envId)}/${cloudPath}`;
}

/** The cloud path of one of this env's fileIDs, or null when the id belongs elsewhere or is malformed. */
export function cloudPathOf(envId: string, fileID: string): string | null {
  const prefix = `cloud://${envId}.${bucketName(envId)}/`;
  if (!fileID.startsWith(prefix)) return null;
  const rest = fileID.slice(prefix.length);
  return rest.length > 0 ? rest : null;
}

/** Percent-encodes each segment: Node refuses raw non-ASCII in a request path, so the PUT url must be encoded. */
export function encodeCloudPath(cloudPath: string): string {
  return cloudPath.split('/').map(encodeURIComponent).join('/');
}
