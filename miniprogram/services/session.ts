import type { ActionResult } from '../../contracts';
import { call, holdCallsUntil } from './api';

export type Me = ActionResult<'me.get'>;
type Listener = (me: Me) => void;

/**
 * Who is using the app, shared by every page. `identity.login` runs once at launch; pages
 * await the same promise instead of each calling it, and a page that changes the profile
 * publishes the new `Me` so the other pages show it on their next render.
 */
let current: Me | null = null;
let pending: Promise<Me> | null = null;
const listeners = new Set<Listener>();

function publish(me: Me): Me {
  current = me;
  listeners.forEach((listener) => listener(me));
  return me;
}

/** Called by the app at launch; later callers share the result. A failed login is retried by the next caller. */
export function login(): Promise<Me> {
  if (!pending) {
    pending = call('identity.login', {}, { silent: true }).then(publish, (err: unknown) => {
      pending = null;
      throw err;
    });
    holdCallsUntil(pending);
  }
  return pending;
}

/** The caller's profile: the one from login, or a fresh `me.get` when `refresh` is set. */
export async function getMe(refresh = false): Promise<Me> {
  if (refresh && current) return publish(await call('me.get', {}, { silent: true }));
  return current ?? login();
}

export function setMe(me: Me): void {
  publish(me);
}

export function currentMe(): Me | null {
  return current;
}

export function onMeChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Starts the session over, as a fresh launch would: after the account is deleted the backend
 * no longer knows the caller until `identity.login` makes them a visitor again.
 */
export function relogin(): Promise<Me> {
  pending = null;
  current = null;
  return login();
}
