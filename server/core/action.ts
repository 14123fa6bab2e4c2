import type { z } from 'zod';
import type { contracts, ActionName } from '../../contracts';
import type { Role, ScopeType } from '../../contracts/common';
import type { Context } from './context';

/**
 * Who may call an action:
 * - 'public': anyone, even without an OPENID (health checks);
 * - 'authenticated': any caller WeChat identifies, known to us or not (first open);
 * - 'registered': a caller we know (has opened the app before);
 * - a list of roles: the caller must hold one of them, over the declared scope.
 */
export type Access = 'public' | 'authenticated' | 'registered' | readonly Role[];

export interface ScopeRule<I> {
  /** The kind of unit the call targets; a list when it may target several levels of the org tree. */
  type: ScopeType | readonly ScopeType[];
  /**
   * The id of the scope the call targets, taken from the validated input, or read from the
   * document the input names (a registration's courtyard); it may throw NOT_FOUND for that.
   */
  from: (input: I) => string | Promise<string>;
}

export interface RateLimit {
  /** At most `max` calls per caller in each window of `windowSeconds`. */
  max: number;
  windowSeconds: number;
}

type Contract<A extends ActionName> = (typeof contracts)[A];
export type ActionInput<A extends ActionName> = z.output<Contract<A>['input']>;
export type ActionOutput<A extends ActionName> = z.input<Contract<A>['output']>;

export interface ActionDef<A extends ActionName = ActionName> {
  name: A;
  access: Access;
  scope?: ScopeRule<ActionInput<A>>;
  /** Mutations are idempotent by requestId and never run for a refused caller. */
  mutates: boolean;
  rateLimit?: RateLimit;
  handler: (ctx: Context, input: ActionInput<A>) => Promise<ActionOutput<A>>;
}

export function defineAction<A extends ActionName>(def: ActionDef<A>): ActionDef<A> {
  return def;
}
