import type { ActionDef } from './core/action';
import { buildRegistry } from './core/router';
import { identityActions } from './identity/actions';
import { orgActions } from './org/actions';
import { stubsFor } from './identity/not-yet';
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
  ...stubsFor([
    'registration.submit',
    'registration.mine',
    'registration.withdraw',
    'registration.queue',
    'registration.get',
    'registration.verify',
    'registration.reject',
    'household.mine',
    'household.approveMember',
    'household.rejectMember',
    'household.leave',
    'household.list',
    'household.setArea',
    'residents.search',
    'org.children',
    'org.courtyards',
    'org.createUnit',
    'org.renameUnit',
    'org.moveUnit',
    'org.reorderUnits',
    'org.deleteUnit',
    'org.contacts',
    'org.setContacts',
    'org.revealPhone',
    'joinCode.create',
    'joinCode.list',
    'joinCode.revoke',
    'joinCode.resolve',
    'roles.options',
    'roles.grant',
    'roles.revoke',
    'roles.holders',
    'roles.auditLog',
    'privacy.policy',
    'privacy.accessLog',
    'me.export',
    'me.deleteAccount',
  ]),
] as unknown as ActionDef[]);
