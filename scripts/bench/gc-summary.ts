/**
 * Reads what `v8.GCProfiler` recorded over a run into the garbage
 * collector's cost per message: how often each generation was collected, the
 * time the collections took on the main thread, and how many bytes reached
 * the old generation by each way there is: promoted by a young-generation
 * collection (it survived one while something kept it), or allocated there
 * directly (V8 pretenures an allocation site whose objects mostly survive).
 */

export interface HeapSpace {
  spaceName: string;
  spaceUsedSize: number;
}

export interface GcStatistic {
  gcType: string;
  /** µs on the main thread. */
  cost: number;
  beforeGC: { heapSpaceStatistics: HeapSpace[] };
  afterGC: { heapSpaceStatistics: HeapSpace[] };
}

export interface GcSummary {
  /** Young-generation collections (scavenges). */
  young: { count: number; microsPerMessage: number };
  /** Old-generation work: incremental marking steps and the final mark-sweep-compact pauses. */
  old: { count: number; microsPerMessage: number };
  /** Bytes a message that young-generation collections moved into the old generation. */
  promotedBytesPerMessage: number;
  /** Bytes a message allocated straight into the old generation, between collections. */
  pretenuredBytesPerMessage: number;
}

/** The spaces of the old generation that objects of a message can land in. */
const OLD_SPACES = new Set(['old_space', 'large_object_space']);

function oldUsed(spaces: HeapSpace[]): number {
  return spaces.reduce((sum, space) => sum + (OLD_SPACES.has(space.spaceName) ? space.spaceUsedSize : 0), 0);
}

export function summariseGc(statistics: GcStatistic[], messages: number): GcSummary {
  let youngCount = 0;
  let youngMicros = 0;
  let oldCount = 0;
  let oldMicros = 0;
  let promoted = 0;
  let pretenured = 0;
  let oldAfterPrevious: number | undefined;
  for (const gc of statistics) {
    const before = oldUsed(gc.beforeGC.heapSpaceStatistics);
    const after = oldUsed(gc.afterGC.heapSpaceStatistics);
    // Between collections the old generation only grows by what is allocated in it directly.
    if (oldAfterPrevious !== undefined) pretenured += Math.max(0, before - oldAfterPrevious);
    oldAfterPrevious = after;
    if (gc.gcType === 'Scavenge') {
      youngCount++;
      youngMicros += gc.cost;
      promoted += Math.max(0, after - before);
    } else {
      if (gc.gcType === 'MarkSweepCompact') oldCount++;
      oldMicros += gc.cost;
    }
  }
  return {
    young: { count: youngCount, microsPerMessage: youngMicros / messages },
    old: { count: oldCount, microsPerMessage: oldMicros / messages },
    promotedBytesPerMessage: promoted / messages,
    pretenuredBytesPerMessage: pretenured / messages,
  };
}
