/**
 * Run beside the node specs by the compatibility spec (its name keeps it out
 * of the main suite): shows that the helper is bound to the release asked for.
 */

import assert from 'node:assert/strict';
import { helper } from '../support/helper';

describe('the Node-RED runtime under test', () => {
  it(`is ${process.env.WATER_NODE_RED_VERSION}`, () => {
    // Node-RED adds -git to its version when a .git folder is four levels above its runtime, as this checkout's is.
    const version = (helper as unknown as { _RED: { version(): string } })._RED.version().replace(/-git$/, '');
    assert.equal(version, process.env.WATER_NODE_RED_VERSION);
  });
});
