import { ApiCallError } from '../services/api-error';

/**
 * The backend's field problems (`address.building` → 请填写楼栋) keyed by the form's own field
 * names, so each message shows under its input. Paths not named in `aliases` use their last
 * segment; the first message per field wins.
 */
export function fieldErrors(err: unknown, aliases: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiCallError)) return out;
  for (const f of err.fields) {
    const key = aliases[f.path] ?? f.path.split('.').pop() ?? f.path;
    if (key && !out[key]) out[key] = f.message;
  }
  return out;
}
