import { createRequire } from 'node:module';

/**
 * The slice of miniprogram-simulate (and j-component) the tests use. Typed here because the
 * package's own declarations pull in the mini-program's global `require`, which would
 * shadow Node's in these Node-side files.
 */
export interface SimNode {
  dom?: Element;
  data: Record<string, unknown>;
  instance: Record<string, unknown>;
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
}

export interface SimRoot extends SimNode {
  attach(parent: Element): void;
  detach(): void;
}

export interface Simulate {
  load(componentPath: string, options: { rootPath: string }): string;
  render(id: string, properties?: Record<string, unknown>): SimRoot;
  sleep(ms: number): Promise<void>;
}

// Loading it installs the `Component` / `Behavior` globals and a `wx` mock.
export const simulate = createRequire(__filename)('miniprogram-simulate') as Simulate;
