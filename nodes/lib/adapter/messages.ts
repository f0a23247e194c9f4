/**
 * User-visible texts from the message catalogs in `locales/`. Keys starting
 * with `common.` are the texts every node shares (input validation, eviction
 * warnings); they live in the catalog of the `water-tank` config node, which
 * every install of this package loads. Other keys belong to the node's own
 * catalog.
 *
 * The runtime translates through `RED._`. Where no catalog is registered (the
 * test helper's `RED._` returns the key unchanged) the English catalog is read
 * from disk, so a message never degrades to a bare key.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../input';
import type { NodeAPI } from './runtime';

const MODULE = '@smart-water/node-red-water';
const COMMON_CATALOG = 'water-tank';
const LOCALES_DIR = path.join(__dirname, '..', '..', 'locales', 'en-US');

type Catalog = Record<string, unknown>;
const englishCatalogs = new Map<string, Catalog>();

function englishCatalog(name: string): Catalog {
  let catalog = englishCatalogs.get(name);
  if (catalog === undefined) {
    try {
      catalog = JSON.parse(readFileSync(path.join(LOCALES_DIR, `${name}.json`), 'utf8')) as Catalog;
    } catch {
      catalog = {};
    }
    englishCatalogs.set(name, catalog);
  }
  return catalog;
}

function lookup(catalog: Catalog, dotted: string): string | undefined {
  let node: unknown = catalog;
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Node-RED's catalogs mark parameters as `__name__`. */
function interpolate(template: string, params: Problem['params']): string {
  return template.replace(/__([A-Za-z0-9_]+?)__/g, (whole, name: string) =>
    params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export class Messages {
  /**
   * Templates by key, parameters not yet filled in. Translating through
   * i18next costs microseconds, too much for a status text built per
   * message; the runtime's language is fixed at start, so each template is
   * looked up once and filled in here.
   */
  private readonly templates = new Map<string, string>();

  constructor(
    private readonly RED: NodeAPI,
    private readonly type: string,
  ) {}

  /** The text for a key of this node (`status.idle`) or a shared one (`common.errors.not-a-number`). */
  text(key: string, params?: Problem['params']): string {
    let template = this.templates.get(key);
    if (template === undefined) {
      template = this.template(key);
      this.templates.set(key, template);
    }
    return params === undefined ? template : interpolate(template, params);
  }

  /** i18next leaves parameters it is not given as they are, so asking without any yields the template. */
  private template(key: string): string {
    const common = key.startsWith('common.');
    const catalogKey = common ? key : `${this.type}.${key}`;
    const runtimeKey = common ? `${MODULE}/${COMMON_CATALOG}:${key}` : catalogKey;
    const translated = this.RED._(runtimeKey);
    if (typeof translated === 'string' && translated !== runtimeKey && translated !== catalogKey) return translated;
    return lookup(englishCatalog(common ? COMMON_CATALOG : this.type), catalogKey) ?? catalogKey;
  }

  problem(problem: Problem): string {
    return this.text(problem.key, problem.params);
  }
}
