/**
 * The Node-RED releases this package declares in `node-red.version`, each
 * installed as a development dependency (an npm alias per line), and the
 * Node.js each needs. The main suite runs on `node-red` (4.1); the
 * compatibility specs run the node specs and a packaged install on all.
 */

import path from 'node:path';
import semver from 'semver';

export interface NodeRedRuntime {
  /** The package to require: `node-red` or one of its aliases. */
  module: string;
  /** The oldest Node.js this Node-RED and this package run on together, when newer than the one running the suite. */
  node?: { version: string; command: string };
}

/**
 * Node-RED 5 needs Node.js 22.9, and this package 22.12 on that line (engines): the suite runs on
 * Node.js 20, so a `node22` command (which .ci/run installs) runs it.
 */
const NODE_22 = { version: '22.12.0', command: process.env.WATER_NODE22 ?? 'node22' };

/** Oldest release first, so the last is the newest line (on which the examples also run). */
export const RUNTIMES: NodeRedRuntime[] = [
  { module: 'node-red-3.0' },
  { module: 'node-red-3.1' },
  { module: 'node-red-4.0' },
  { module: 'node-red' },
  { module: 'node-red-5.0', node: NODE_22 },
];

/** The runtime's version, as its package.json gives it. */
export function versionOf(runtime: NodeRedRuntime): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${runtime.module}/package.json`) as { version: string }).version;
}

/** The runtime's main file, for node-red-node-test-helper. */
export function mainOf(runtime: NodeRedRuntime): string {
  return require.resolve(runtime.module);
}

/** The runtime's own command line, `red.js`. */
export function commandLineOf(runtime: NodeRedRuntime): string {
  return path.join(path.dirname(require.resolve(`${runtime.module}/package.json`)), 'red.js');
}

/** The Node.js to run the runtime with: this one, unless the runtime needs a newer one. */
export function nodeFor(runtime: NodeRedRuntime): string {
  return runtime.node !== undefined && semver.lt(process.versions.node, runtime.node.version) ? runtime.node.command : process.execPath;
}
