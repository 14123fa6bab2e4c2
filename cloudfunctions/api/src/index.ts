import { route } from '../../../server/core/router';
import { registry } from '../../../server/registry';

/** The one typed action router: `{ action, payload, requestId? }` → `{ ok, data | error }`. */
export async function main(event: unknown): Promise<unknown> {
  return route(registry, event);
}
