import type { z } from 'zod';
import { identityContracts } from './identity';
import { messagesContracts } from './messages';
import { orgContracts } from './org';
import { privacyContracts } from './privacy';
import { reportsContracts } from './reports';
import { rolesContracts } from './roles';
import { servicesContracts } from './services';
import { systemContracts } from './system';
import { volunteerContracts } from './volunteer';

/** Every action of the `api` function: its input and output schemas. One domain, one file. */
export const contracts = {
  ...systemContracts,
  ...identityContracts,
  ...orgContracts,
  ...rolesContracts,
  ...privacyContracts,
  ...servicesContracts,
  ...volunteerContracts,
  ...reportsContracts,
  ...messagesContracts,
};

export type Contracts = typeof contracts;
export type ActionName = keyof Contracts;
/** What the client sends (before defaults and transforms). */
export type ActionPayload<A extends ActionName> = z.input<Contracts[A]['input']>;
/** What the client receives. */
export type ActionResult<A extends ActionName> = z.output<Contracts[A]['output']>;

export type { ApiError, ApiResult, ErrorCode, FieldError } from './errors';
