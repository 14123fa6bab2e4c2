/**
 * The environment that points the real wx-server-sdk at the local emulator (see
 * shared/CLOUDBASE-WIRE.md): no SDK option, no patch — the SDK itself reads these.
 */
export function sdkEnv(opts: { url: string; envId: string; openid?: string; appid?: string }): Record<string, string> {
  const env: Record<string, string> = {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${opts.url}/admin` }),
    TENCENTCLOUD_SECRETID: 'local-secret-id',
    TENCENTCLOUD_SECRETKEY: 'local-secret-key',
    TENCENTCLOUD_SESSIONTOKEN: '',
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    TCB_ENV: opts.envId,
    SCF_NAMESPACE: opts.envId,
    WX_CONTEXT_KEYS: 'OPENID,APPID,UNIONID,ENV,SOURCE',
    APPID: opts.appid ?? 'wxlinlilocal0000',
    ENV: opts.envId,
    SOURCE: 'wx_client',
  };
  if (opts.openid) env.OPENID = opts.openid;
  return env;
}
