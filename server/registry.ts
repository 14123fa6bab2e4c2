import type { ActionDef } from './core/action';
import { buildRegistry } from './core/router';
import { identityActions } from './identity/actions';
import { messagesActions } from './messages/actions';
import { orgActions } from './org/actions';
import { privacyActions } from './privacy/actions';
import { reportCommandActions } from './reports/commands';
import { reportQueryActions } from './reports/queries';
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
  ...reportCommandActions,
  ...reportQueryActions,
  ...messagesActions,
] as unknown as ActionDef[]);
