import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { exampleFiles, loadFlow, type FlowNode } from '../support/examples';
import { ROOT, packageNodeTypes } from '../support/process';

/** The node types a module registers, read from its editor files, as the palette gets them. */
function typesRegisteredIn(dir: string): Set<string> {
  const types = new Set<string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.html')) {
        for (const m of readFileSync(file, 'utf8').matchAll(/registerType\(\s*['"]([^'"]+)['"]/g)) types.add(m[1]);
      }
    }
  };
  walk(dir);
  return types;
}

const MODULES = path.join(ROOT, 'node_modules');
const CORE = new Set(['tab', ...typesRegisteredIn(path.join(MODULES, '@node-red', 'nodes', 'core'))]);
const DASHBOARDS: Record<string, Set<string>> = {
  'node-red-dashboard': typesRegisteredIn(path.join(MODULES, 'node-red-dashboard', 'nodes')),
  '@flowfuse/node-red-dashboard': typesRegisteredIn(path.join(MODULES, '@flowfuse', 'node-red-dashboard', 'nodes')),
};

/** The five examples and the dashboard each one is built on (none: it uses no dashboard). */
const EXAMPLES: Record<string, string | undefined> = {
  'tank-monitoring-dashboard.json': 'node-red-dashboard',
  'leak-detection-shutoff.json': 'node-red-dashboard',
  'mqtt-sensors.json': 'node-red-dashboard',
  'rest-api-chart.json': undefined,
  'dashboard-2.json': '@flowfuse/node-red-dashboard',
};

/** Widths in dashboard grid units: 6 fills a phone's screen in either dashboard. */
const PHONE_WIDTH = 6;

describe('example flows', () => {
  it('are the five documented examples', () => {
    assert.deepEqual(exampleFiles(), Object.keys(EXAMPLES).sort());
  });

  it('have node ids that are unique across all examples, as one workspace imports them', () => {
    const seen = new Map<string, string>();
    for (const file of exampleFiles()) {
      for (const node of loadFlow(file)) {
        assert.ok(!seen.has(node.id), `${node.id} in ${file} and ${seen.get(node.id)}`);
        seen.set(node.id, file);
      }
    }
  });

  it('use every node type of this package', () => {
    const used = new Set(exampleFiles().flatMap((f) => loadFlow(f).map((n) => n.type)));
    assert.deepEqual(packageNodeTypes().filter((t) => !used.has(t)), []);
  });

  for (const [file, dashboard] of Object.entries(EXAMPLES)) {
    describe(file, () => {
      let flow: FlowNode[];
      let tabs: FlowNode[];
      before(() => {
        flow = loadFlow(file);
        tabs = flow.filter((n) => n.type === 'tab');
      });

      it('is one tab that starts with a comment explaining it, naming its dashboard', () => {
        assert.equal(tabs.length, 1);
        const first = flow.find((n) => n.z === tabs[0].id);
        assert.equal(first?.type, 'comment');
        const info = String(first?.info ?? '');
        assert.ok(info.length > 200, 'the comment explains the example');
        if (dashboard) assert.ok(`${String(first?.name)} ${info}`.includes(dashboard), `the comment names ${dashboard}`);
      });

      it('uses only this package, core nodes and its dashboard', () => {
        const allowed = new Set([...packageNodeTypes(), ...CORE, ...(dashboard ? DASHBOARDS[dashboard] : [])]);
        assert.deepEqual([...new Set(flow.map((n) => n.type))].filter((t) => !allowed.has(t)), []);
      });

      it('wires only to nodes that exist, and every node that is not config sits on the tab', () => {
        const ids = new Set(flow.map((n) => n.id));
        for (const node of flow) {
          for (const port of node.wires ?? []) for (const target of port) assert.ok(ids.has(target), `${node.id} -> ${target}`);
          if (node.wires !== undefined) assert.equal(node.z, tabs[0].id, `${node.type} ${node.id} on the tab`);
        }
      });

      if (dashboard) {
        it('lays its dashboard out in one phone-wide column', () => {
          const groups = flow.filter((n) => n.type === 'ui_group' || n.type === 'ui-group');
          assert.ok(groups.length > 0);
          for (const g of groups) assert.equal(Number(g.width), PHONE_WIDTH, `group ${String(g.name)}`);
          for (const widget of flow.filter((n) => typeof n.group === 'string')) {
            assert.ok(Number(widget.width) <= PHONE_WIDTH, `${widget.type} ${String(widget.name)} is ${String(widget.width)} wide`);
          }
        });
      }
    });
  }
});
