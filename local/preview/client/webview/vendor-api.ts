declare const require: (id: string) => unknown;

/** miniprogram-simulate's mock of every wx API: what the preview falls back to for APIs it does not implement itself. */
export function vendorMockApi(): Record<string, unknown> {
  return { ...(require('miniprogram-simulate/src/api') as Record<string, unknown>) };
}
