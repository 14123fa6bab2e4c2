import type { AppPayload, ComponentEntry } from '../shared/protocol';
import { ModuleSystem, dirname, joinPath } from './modules';
import { jComponent, type ComponentCaller, type ComponentDefinition } from './vendor';

type Options = Record<string, unknown>;

/** The component whose script is running right now: `Component()` attaches its definition to it. */
interface Loading {
  path: string;
  id: string;
  entry: ComponentEntry;
  template: unknown;
  using: Record<string, string>;
  tagName: string;
}

/**
 * Registers the app's pages and components with j-component the way WeChat's framework loads
 * them: a component's template is its wcc function, its `usingComponents` are registered first
 * (depth first), then its script runs and calls `Component()`. Each component is registered once.
 */
export class Framework {
  readonly modules: ModuleSystem;
  private readonly gwx: (path: string) => unknown;
  private readonly ids = new Map<string, string>();
  private readonly registered = new Set<string>();
  private loading: Loading | null = null;
  private readonly hostBehavior: string;
  private readonly pathById = new Map<string, string>();
  private seq = 0;

  constructor(private readonly app: AppPayload) {
    this.modules = new ModuleSystem(app.modules);
    this.gwx = app.gwx();
    // Every component gets an id up front, so relations can name components registered later.
    for (const path of Object.keys(app.components)) {
      const id = `c${(this.seq += 1)}`;
      this.ids.set(path, id);
      this.pathById.set(id, path);
    }
    const pathById = this.pathById;
    // wcsc turns `:host` into `[is="<component path>"]`; WeChat's webview writes that attribute on each host.
    this.hostBehavior = jComponent.behavior({
      lifetimes: {
        created(this: ComponentCaller) {
          const path = pathById.get(this.is);
          if (path) this._exparserNode.setAttribute('is', path);
        },
      },
    });
    this.installGlobals();
  }

  entry(path: string): ComponentEntry | undefined {
    return this.app.components[path];
  }

  /** Registers a page or component (and what it uses); returns its j-component id. */
  ensure(path: string, tagName: string): string {
    const id = this.ids.get(path);
    const entry = this.app.components[path];
    if (!id || !entry) throw new Error(`没有找到页面或组件：${path}`);
    if (this.registered.has(path)) return id;
    this.registered.add(path);

    const using: Record<string, string> = {};
    const refs = { ...(this.app.appJson.usingComponents ?? {}), ...(entry.json.usingComponents ?? {}) };
    for (const [tag, ref] of Object.entries(refs)) {
      const target = ref.startsWith('/') ? joinPath('', ref) : joinPath(dirname(path), ref);
      if (!this.app.components[target]) {
        console.warn(`[邻里预览] ${path}.json: usingComponents "${tag}" → ${ref} 不存在`);
        continue;
      }
      using[tag] = this.ensure(target, tag);
    }

    const template = entry.hasTemplate ? this.gwx(`${path}.wxml`) : '<slot/>';
    const previous = this.loading;
    // The host element's tag is the name the first user gave it (`page-state`); pages are `wx-page`.
    const isPage = entry.prefix === '';
    const hostTag = isPage ? 'wx-page' : tagName.includes('-') ? tagName : `wx-c-${tagName}`;
    this.loading = { path, id, entry, template, using, tagName: hostTag };
    try {
      this.modules.require(`${path}.js`);
      if (this.loading) throw new Error(`${path}.js 没有调用 Component()`);
    } finally {
      this.loading = previous;
    }
    return id;
  }

  private register(options: Options): void {
    const current = this.loading;
    if (!current) throw new Error('Component() 只能在组件脚本加载时调用');
    this.loading = null;
    const definition: ComponentDefinition = {
      ...options,
      id: current.id,
      path: `/${current.path}`,
      tagName: current.tagName,
      template: current.template,
      usingComponents: current.using,
      behaviors: [...((options.behaviors as unknown[] | undefined) ?? []), this.hostBehavior],
      options: { ...((options.options as Options | undefined) ?? {}), classPrefix: current.entry.prefix },
    };
    const relations = options.relations as Record<string, Options> | undefined;
    if (relations) {
      const mapped: Record<string, Options> = {};
      for (const [key, value] of Object.entries(relations)) {
        const target = this.ids.get(key.startsWith('/') ? joinPath('', key) : joinPath(dirname(current.path), key));
        mapped[target ?? key] = target ? { ...value, target } : value;
      }
      definition.relations = mapped;
    }
    jComponent.register(definition);
  }

  private installGlobals(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    g.Component = (options: Options) => this.register(options);
    g.Behavior = (definition: Options) => jComponent.behavior(definition);
    // Pages written with Page() become components whose page methods live in `methods`, as WeChat treats them.
    g.Page = (options: Options) => {
      const { data, options: opts, behaviors, ...rest } = options;
      const methods: Options = {};
      const others: Options = {};
      for (const [k, v] of Object.entries(rest)) (typeof v === 'function' ? methods : others)[k] = v;
      this.register({ data, options: opts, behaviors, methods, ...others });
    };
  }
}
