import assert from 'node:assert/strict';
import { summariseProfile, type CpuProfile } from '../../scripts/bench/profile-summary';

const frame = (functionName: string, url: string, lineNumber = 0): { functionName: string; url: string; lineNumber: number } => ({ functionName, url, lineNumber });

/**
 * Five samples 10 µs apart from a start 5 µs before the first, the profile
 * ending 20 µs after the last: each sample's time is the gap to the next one,
 * so the last one counts 20 µs and the 5 µs before the first count nowhere.
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '') },
    { id: 2, callFrame: frame('predict', 'file:///home/u/pkg/dist/nodes/lib/predictor/learned.js', 297) },
    { id: 3, callFrame: frame('generateId', '/home/u/pkg/node_modules/@node-red/util/lib/util.js', 42) },
    { id: 4, callFrame: frame('(garbage collector)', '') },
    { id: 5, callFrame: frame('push', '/home/u/pkg/dist/scripts/bench/harness.js', 101) },
  ],
  startTime: 1000,
  samples: [2, 3, 2, 4, 5],
  timeDeltas: [5, 10, 10, 10, 10],
  endTime: 1065,
};

describe('summariseProfile', () => {
  it('adds each sample up to the next one into its function and part, per message', () => {
    const summary = summariseProfile(profile, 10);
    assert.equal(summary.microsPerMessage, 6.5);
    assert.deepEqual(summary.parts, { 'this package': 2, 'Node-RED': 1, 'garbage collector': 1, 'benchmark harness': 2, 'Node.js and other': 0 });
    assert.deepEqual(summary.files, [{ file: 'nodes/lib/predictor/learned.js', microsPerMessage: 2 }]);
    assert.deepEqual(summary.functions, [
      { function: 'predict (nodes/lib/predictor/learned.js:298)', part: 'this package', microsPerMessage: 2 },
      { function: 'push (scripts/bench/harness.js:102)', part: 'benchmark harness', microsPerMessage: 2 },
      { function: 'generateId (@node-red/util/lib/util.js:43)', part: 'Node-RED', microsPerMessage: 1 },
      { function: '(garbage collector)', part: 'garbage collector', microsPerMessage: 1 },
    ]);
  });

  it('counts an empty profile as nothing', () => {
    const summary = summariseProfile({ nodes: [], startTime: 0, endTime: 0, samples: [], timeDeltas: [] }, 1);
    assert.equal(summary.functions.length, 0);
    assert.equal(summary.files.length, 0);
    assert.equal(Object.values(summary.parts).reduce((a, b) => a + b, 0), 0);
  });
});
