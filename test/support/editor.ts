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
  /** The name the palette shows, and the catalog's name for the type (`<type>.label.default`). */
  paletteLabel: string | undefined;
  catalogName: string;
  /** Each output's label, as the editor shows it on hover. */
  outputLabels: string[];
  /** The label's style with a name given, and without. */
  namedStyle: string;
  unnamedStyle: string;
}

function registered(page: Page, types: string[]): Promise<Record<string, Registered>> {
  return page.evaluate((names) => {
    type Default = { value: unknown; type?: string; validate?: (this: unknown, v: unknown, opt?: unknown) => unknown };
    type Label = (this: unknown, index?: number) => string;
    interface Definition {
      category: string;
      defaults: Record<string, Default>;
      outputs?: number;
      outputLabels?: Label;
      labelStyle?: Label;
      _: (key: string) => string;
    }
    const red = (window as unknown as { RED: { nodes: { getType(t: string): Definition; getNodeHelp(t: string): string | undefined } } }).RED;
    const result: Record<string, unknown> = {};
    for (const name of names) {
      const def = red.nodes.getType(name);
      const node = Object.fromEntries(Object.entries(def.defaults).map(([field, d]) => [field, d.value]));
      const fields = Object.entries(def.defaults);
      // Label functions run with the node as `this`, which reaches its type's catalog through `_`.
      const withName = (named: string): Record<string, unknown> => ({ ...node, name: named, _: def._ });
      const outputs = Number(node.outputs ?? def.outputs ?? 0);
      result[name] = {
        paletteLabel: document.querySelector(`.red-ui-palette-node[data-palette-type="${name}"] .red-ui-palette-label`)?.textContent?.replace(/\s+/g, ' ').trim(),
        catalogName: def._(`${name}.label.default`),
        outputLabels: Array.from({ length: outputs }, (_, i) => def.outputLabels?.call(withName(''), i) ?? ''),
        namedStyle: def.labelStyle?.call(withName('kitchen tank')) ?? '',
        unnamedStyle: def.labelStyle?.call(withName('')) ?? '',
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

/**
 * Asserts that every one of `types` is in the palette category "smart water"
 * (the tank: a config node), with help, a validator for every setting and its
 * defaults valid; and that each node in the palette is named from its catalog,
 * labels each of its outputs from it too, and shows a name given to it in
 * italics, as Node-RED's core nodes do.
 */
export async function assertInPalette(page: Page, types: string[]): Promise<void> {
  const found = await registered(page, types);
  for (const type of types) {
    const node = found[type];
    assert.equal(node.category, type === 'water-tank' ? 'config' : 'smart water', type);
    assert.ok(node.help > 200, `${type} has help (${node.help} characters)`);
    assert.deepEqual(node.unvalidated, [], `${type}: settings without a validator`);
    assert.deepEqual(node.refusedDefaults, [], `${type}: defaults its own validators refuse`);
    if (type === 'water-tank') continue;
    assert.notEqual(node.catalogName, `${type}.label.default`, `${type} has a name in its catalog`);
    assert.equal(node.paletteLabel, node.catalogName, `${type}: the palette shows its catalog name`);
    assert.ok(node.outputLabels.length > 0, `${type} has outputs`);
    for (const label of node.outputLabels) assert.match(label, /^(?!water-)\S.*\S$/, `${type}: output label ${JSON.stringify(label)}`);
    assert.deepEqual([node.namedStyle, node.unnamedStyle], ['node_label_italic', ''], `${type}: a name given is in italics`);
  }
}
