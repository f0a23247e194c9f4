/** Each node type as the bad-input properties drive it: its configuration, commands and valid probes. */

import fc from 'fast-check';
import waterChartImage from '../../nodes/water-chart-image';
import waterSimulator from '../../nodes/water-simulator';
import waterTank from '../../nodes/water-tank';
import type { Msg, TwinCase } from './twin';

export interface ReliabilityCase extends TwinCase {
  /** The commands the node knows, mixed into the generated messages. */
  commands: string[];
  /** Plausible payloads for this node. */
  reading?: fc.Arbitrary<unknown>;
  /** Valid messages sent to both twins at the end: their outputs must match. */
  probes: Msg[];
}

const TANK = { id: 'tank', type: 'water-tank', shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: '1.2', height: '1.8', sensor: 'bottom', sensorOffset: '0' };
const LATER = Date.UTC(2026, 3, 1);

export const twinCases: ReliabilityCase[] = [
  {
    type: 'water-simulator',
    modules: [waterSimulator, waterTank],
    config: { tank: 'tank', seed: 'twins', startTime: '2026-03-01T00:00:00Z', autostart: false, interval: '1', speed: '60' },
    extra: [TANK],
    outputs: 2,
    commands: ['start', 'stop', 'reset', 'tick', 'generate', 'fault', 'clear'],
    probes: [{ command: 'tick' }, { command: 'generate', hours: 1 }, { command: 'tick', timestamp: LATER }],
  },
  {
    type: 'water-chart-image',
    modules: [waterChartImage],
    // A small image keeps the many renders fast; few topics make evictions part of the state compared.
    config: { width: '200', height: '150', maxTopics: '2', persist: true },
    outputs: 1,
    commands: ['render', 'clear'],
    probes: [{ topic: 'chart/probe', payload: 50, timestamp: LATER }, { command: 'render' }, { command: 'render', width: 300, hours: 1 }],
  },
];
