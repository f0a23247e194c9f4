/**
 * Run beside the node and example specs by the compatibility spec (its name
 * keeps it out of the main suite): shows that the helper and the embedded
 * runtime are the release asked for.
 */

import assert from 'node:assert/strict';
import { RED } from '../../scripts/embedded-runtime';
import { helper } from '../support/helper';

/**
 * The release a Node-RED main module is (a function, though its published
 * types say a string); Node-RED adds -git when a .git folder is four levels
 * above its runtime, as this checkout's is.
 */
const releaseOf = (red: unknown): string => (red as { version(): string }).version().replace(/-git$/, '');

describe('the Node-RED runtime under test', () => {
  it(`is ${process.env.WATER_NODE_RED_VERSION} in the test helper`, () => {
    assert.equal(releaseOf((helper as unknown as { _RED: unknown })._RED), process.env.WATER_NODE_RED_VERSION);
  });
  it(`is ${process.env.WATER_NODE_RED_VERSION} where it is embedded (npm start, the example runner)`, () => {
    assert.equal(releaseOf(RED), process.env.WATER_NODE_RED_VERSION);
  });
});
