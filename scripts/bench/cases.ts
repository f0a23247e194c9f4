/**
 * What the benchmark runs: the core-node references and each node of this
 * package at its default and its heaviest realistic configuration.
 */

import type { BenchCase, FlowNode } from './harness';

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 1);

/** A level reading of a tank that drains and refills, one a minute, on `topics` topics in turn. */
export function levelReading(i: number, topics = 1): Record<string, unknown> {
  const t = Math.floor(i / topics);
  return {
    topic: `tank${i % topics}/level`,
    payload: 50 + 30 * Math.sin(t / 240) + ((t * 7919) % 13) / 10,
    timestamp: START + t * MINUTE,
  };
}

export const referenceCases: BenchCase[] = [
  {
    name: 'core rbe (reference)',
    nodes: [{ id: 'nut', type: 'rbe', func: 'rbe', gap: '', start: '', inout: 'out', septopics: true, property: 'payload', topi: 'topic' }],
    message: (i) => levelReading(i),
  },
  {
    name: 'core change',
    nodes: [{ id: 'nut', type: 'change', rules: [{ t: 'set', p: 'unit', pt: 'msg', to: '%', tot: 'str' }] }],
    message: (i) => levelReading(i),
  },
];

export const REFERENCE = referenceCases[0].name;

export const nodeCases: BenchCase[] = [];

/** Cases whose cost per message is measured against the length of the history they keep. */
export const scalingCases: Array<{ name: string; build(window: number): FlowNode[] }> = [];

/** Cases run with a million readings over a thousand topics to measure the heap. */
export const memoryCases: Array<{ name: string; nodes: FlowNode[] }> = [];
