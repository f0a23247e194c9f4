import assert from 'node:assert/strict';
import { summariseGc, type GcStatistic } from '../../scripts/bench/gc-summary';

/** A collection whose old generation (old space and large objects) held `before` and then `after` bytes. */
function gc(gcType: string, cost: number, before: number, after: number): GcStatistic {
  const spaces = (old: number): Array<{ spaceName: string; spaceUsedSize: number }> => [
    { spaceName: 'new_space', spaceUsedSize: 1_000_000 },
    { spaceName: 'old_space', spaceUsedSize: old - 100 },
    { spaceName: 'code_space', spaceUsedSize: 7_777 },
    { spaceName: 'large_object_space', spaceUsedSize: 100 },
  ];
  return { gcType, cost, beforeGC: { heapSpaceStatistics: spaces(before) }, afterGC: { heapSpaceStatistics: spaces(after) } };
}

describe('summariseGc', () => {
  it('splits the old generation growth into what scavenges promoted and what was allocated there between collections', () => {
    const summary = summariseGc(
      [
        gc('Scavenge', 300, 10_000, 12_000),
        // 500 bytes were allocated straight into the old generation before this one.
        gc('Scavenge', 500, 12_500, 15_500),
        gc('IncrementalMarking', 40, 15_500, 15_500),
        // 200 more bytes were allocated in the old generation before this one; what a mark-sweep frees counts as neither.
        gc('MarkSweepCompact', 160, 15_700, 9_000),
        gc('Scavenge', 200, 9_000, 9_500),
      ],
      100,
    );
    assert.deepEqual(summary, {
      young: { count: 3, microsPerMessage: 10 },
      old: { count: 1, microsPerMessage: 2 },
      promotedBytesPerMessage: 55,
      pretenuredBytesPerMessage: 7,
    });
  });

  it('counts a run without a collection as nothing', () => {
    assert.deepEqual(summariseGc([], 10), { young: { count: 0, microsPerMessage: 0 }, old: { count: 0, microsPerMessage: 0 }, promotedBytesPerMessage: 0, pretenuredBytesPerMessage: 0 });
  });
});
