import cloud from 'wx-server-sdk';

let initialised = false;

/** Initialises the SDK once per instance, on the environment the function runs in. */
export function getCloud(): typeof cloud {
  if (!initialised) {
    // The SDK's typings declare `env` as string, but DYNAMIC_CURRENT_ENV (a symbol) is the documented value.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export function getDb() {
  return getCloud().database();
}

export type Db = ReturnType<typeof getDb>;
