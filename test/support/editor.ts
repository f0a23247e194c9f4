/** What the editor in a browser makes of this package's node types. */

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** What the editor knows of a node type: its palette category, help, and how its validators judge its defaults. */
interface Registered {
  category: string;
  help: number;
  /** Fields with neither a validator nor a config-node type (`name` aside). */
  unvalidated: string[];
  /** Fields whose own default value their validator refuses. */
  refusedDefaults: string[];
}

function registered(page: Page, types: string[]): Promise<Record<string, Registered>> {
  return page.evaluate((names) => {
    type Default = { value: unknown; type?: string; validate?: (this: unknown, v: unknown, opt?: unknown) => unknown };
    const red = (window as unknown as { RED: { nodes: { getType(t: string): { category: string; defaults: Record<string, Default> }; getNodeHelp(t: string): string | undefined } } }).RED;
    const result: Record<string, unknown> = {};
    for (const name of names) {
      const def = red.nodes.getType(name);
      const node = Object.fromEntries(Object.entries(def.defaults).map(([field, d]) => [field, d.value]));
      const fields = Object.entries(def.defaults);
      result[name] = {
        category: def.category,
        help: (red.nodes.getNodeHelp(name) ?? '').length,
        unvalidated: fields.filter(([field, d]) => field !== 'name' && d.type === undefined && typeof d.validate !== 'function').map(([field]) => field),
        refusedDefaults: fields.filter(([, d]) => typeof d.validate === 'function' && d.validate.call(node, d.value, {}) !== true).map(([field]) => field),
      };
    }
    return result as Record<string, Registered>;
  }, types);
}

/** Resolves once the editor on `page` has registered every one of `types`. */
export async function editorReady(page: Page, types: string[]): Promise<void> {
  await page.waitForFunction(
    (names) => {
      const red = (window as unknown as { RED?: { nodes?: { getType?(t: string): unknown } } }).RED;
      return names.every((n) => red?.nodes?.getType?.(n) !== undefined);
    },
    types,
    { timeout: 60000 },
  );
}

/** Asserts that every one of `types` is in the palette category "smart water" (the tank: a config node), with help, a validator for every setting, and its defaults valid. */
export async function assertInPalette(page: Page, types: string[]): Promise<void> {
  const found = await registered(page, types);
  for (const type of types) {
    const node = found[type];
    assert.equal(node.category, type === 'water-tank' ? 'config' : 'smart water', type);
    assert.ok(node.help > 200, `${type} has help (${node.help} characters)`);
    assert.deepEqual(node.unvalidated, [], `${type}: settings without a validator`);
    assert.deepEqual(node.refusedDefaults, [], `${type}: defaults its own validators refuse`);
  }
}
