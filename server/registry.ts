import type { ActionDef } from './core/action';
import { buildRegistry } from './core/router';
import { identityActions } from './identity/actions';
import { orgActions } from './org/actions';
import { privacyActions } from './privacy/actions';
import { rolesActions } from './roles/actions';
import { servicesActions } from './services/actions';
import { systemActions } from './system/actions';
import { volunteerActions } from './volunteer/actions';

/** Every action of the `api` function. Add a domain's list here. */
// Each def is typed by its own action; the map erases that, and the router re-validates input and output by name.
export const registry = buildRegistry([
  ...systemActions,
  ...identityActions,
  ...orgActions,
  ...servicesActions,
  ...volunteerActions,
  ...rolesActions,
  ...privacyActions,
] as unknown as ActionDef[]);
