/**
 * The slices of j-component (miniprogram-simulate's renderer) and miniprogram-exparser (WeChat's
 * component framework) the webview uses. Typed here: neither ships declarations usable in a
 * browser bundle (j-component's pull in the mini-program's own global types).
 */
declare const require: (id: string) => unknown;

export interface ExparserElement {
  $$: HTMLElement | Text | null;
  __wxElement?: ExparserElement;
  id: string;
  dataset: Record<string, unknown>;
  classList: { toggle(name: string, force?: boolean): void; contains(name: string): boolean };
  shadowRoot?: ExparserElement;
  childNodes: ExparserElement[];
  parentNode: ExparserElement | null;
  triggerLifeTime(name: string, args?: unknown[]): void;
  triggerPageLifeTime(name: string, args?: unknown[]): void;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): ExparserElement | null;
  querySelectorAll(selector: string): ExparserElement[];
}

export interface ExparserEvent {
  type: string;
  detail: unknown;
}

export interface Exparser {
  Event: {
    create(name: string, detail: unknown, options: Record<string, unknown>): ExparserEvent;
    dispatchEvent(target: ExparserElement | Node, event: ExparserEvent): void;
  };
  Element: {
    getMethodCaller(node: ExparserElement): ComponentCaller;
    pretendAttached(node: ExparserElement): void;
    pretendDetached(node: ExparserElement): void;
  };
  Component: unknown;
}

/** `this` inside a component's methods and lifetimes (j-component's "caller"). */
export interface ComponentCaller {
  _exparserNode: ExparserElement;
  data: Record<string, unknown>;
  properties: Record<string, unknown>;
  is: string;
  id: string;
  dataset: Record<string, unknown>;
  setData(data: Record<string, unknown>, callback?: () => void): void;
  triggerEvent(name: string, detail?: unknown, options?: { bubbles?: boolean; composed?: boolean; capturePhase?: boolean }): void;
  selectComponent(selector: string): ComponentCaller | null;
  selectAllComponents(selector: string): ComponentCaller[];
  createSelectorQuery(): unknown;
  [method: string]: unknown;
}

export interface RootComponent {
  readonly dom: HTMLElement;
  readonly instance: ComponentCaller;
  readonly _exparserNode: ExparserElement;
  attach(parent: Node): void;
  detach(): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
}

/** What j-component's `register` receives: a Component() definition plus where it lives. */
export interface ComponentDefinition {
  id: string;
  path?: string;
  tagName: string;
  template: unknown;
  usingComponents: Record<string, string>;
  options?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface JComponent {
  register(definition: ComponentDefinition): string;
  behavior(definition: Record<string, unknown>): string;
  create(id: string, properties?: Record<string, unknown>): RootComponent | undefined;
}

export const jComponent = require('j-component') as JComponent;
export const exparser = require('miniprogram-exparser') as Exparser;
