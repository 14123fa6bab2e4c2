import type { ActionName, ActionPayload, ActionResult, ApiResult } from '../../../contracts';
import { launchApp, resetModules } from './harness';
import type { TestEnv } from './test-env';
import { installPhone, type Phone } from './wx-env';

/** Asks the backend directly, as the given person: what a page should show comes from here. */
export async function attempt<A extends ActionName>(
  env: TestEnv,
  action: A,
  openid: string,
  payload: ActionPayload<A>,
): Promise<ApiResult<ActionResult<A>>> {
  return (await env.invoke('api', { action, payload }, openid)) as ApiResult<ActionResult<A>>;
}

export async function ask<A extends ActionName>(
  env: TestEnv,
  action: A,
  openid: string,
  payload: ActionPayload<A>,
): Promise<ActionResult<A>> {
  const res = await attempt(env, action, openid, payload);
  if (!res.ok) throw new Error(`${action} as ${openid}: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** A fresh launch of the mini-program on a phone signed in as `openid`. */
export function openApp(env: TestEnv, openid: string): Phone {
  resetModules(env);
  const phone = installPhone(env, openid);
  launchApp(env);
  return phone;
}

/** The query of a recorded navigation as the framework hands it to onLoad: values still URL-encoded. */
export function queryOf(url: string): Record<string, string> {
  const q = url.split('?')[1] ?? '';
  return Object.fromEntries(
    q
      .split('&')
      .filter(Boolean)
      .map((kv) => {
        const [k, v = ''] = kv.split('=');
        return [k!, v];
      }),
  );
}

/**
 * Lets the timers the pages started run out while the DOM still exists: TDesign's toast hides
 * itself after 2 s, and a timer that fires after the file's jsdom is gone fails the run.
 */
export function quiesce(ms = 2300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
