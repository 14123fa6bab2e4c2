import { CloudBaseError } from './errors';
import type { EmulatorContext, JsonActionHandler } from './types';

/** `cloud.callFunction` from inside a function: handed to the runner, reply shaped as CloudBase does. */
export function createFunctionActions(ctx: EmulatorContext): Record<string, JsonActionHandler> {
  return {
    'functions.invokeFunction': async (body) => {
      if (!ctx.invokeFunction) throw new CloudBaseError('FUNCTIONS_EXECUTE_FAIL', 'no function runner attached');
      const name = String(body.function_name ?? '');
      let event: unknown = {};
      try {
        event = body.request_data ? JSON.parse(String(body.request_data)) : {};
      } catch {
        throw new CloudBaseError('INVALID_PARAM', 'request_data is not JSON');
      }
      const openid = typeof body.openid === 'string' ? body.openid : undefined;
      try {
        const result = await ctx.invokeFunction(name, event, { openid });
        return { data: { response_data: JSON.stringify(result ?? null) } };
      } catch (err) {
        throw new CloudBaseError('FUNCTIONS_EXECUTE_FAIL', (err as Error).message);
      }
    },
  };
}
