/** Replaced at bundle time by esbuild's `define`; the source value is what tests and tsx see. */
declare const __LINLI_VERSION__: string | undefined;
export const VERSION: string = typeof __LINLI_VERSION__ === 'string' ? __LINLI_VERSION__ : '0.0.0-dev';
