/**
 * CommonJS over the built mini-program's files, as WeChat's app service runs them: each module
 * once, `require` relative to the requiring file (bare names were already resolved to
 * miniprogram_npm paths by the build).
 */
type ModuleFactory = (require: (spec: string) => unknown, module: { exports: unknown }, exports: unknown) => void;

export class ModuleSystem {
  private readonly cache = new Map<string, { exports: unknown }>();
  private readonly factories = new Map<string, ModuleFactory>();

  constructor(private readonly sources: Record<string, string>) {}

  has(path: string): boolean {
    return path in this.sources;
  }

  require(path: string): unknown {
    const resolved = this.resolve(path);
    const cached = this.cache.get(resolved);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    this.cache.set(resolved, module);
    try {
      this.factory(resolved)((spec) => this.require(joinPath(dirname(resolved), spec)), module, module.exports);
    } catch (err) {
      this.cache.delete(resolved);
      throw err;
    }
    return module.exports;
  }

  private resolve(path: string): string {
    for (const candidate of [path, `${path}.js`, `${path}/index.js`]) if (candidate in this.sources) return candidate;
    throw new Error(`module "${path}" is not defined (was it built?)`);
  }

  private factory(path: string): ModuleFactory {
    let f = this.factories.get(path);
    if (!f) {
      // One function per module, named after its file so stack traces and DevTools show where code came from.
      f = new Function('require', 'module', 'exports', `${this.sources[path]}\n//# sourceURL=linli:///${path}`) as ModuleFactory;
      this.factories.set(path, f);
    }
    return f;
  }
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Joins and normalises a root-relative path; a leading `/` means the mini-program root. */
export function joinPath(base: string, rel: string): string {
  const parts = rel.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const seg of rel.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}
