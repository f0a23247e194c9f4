/** Each node type as the bad-input properties drive it: its configuration, commands and valid probes. */

import fc from 'fast-check';
import waterAnomaly from '../../nodes/water-anomaly';
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
    type: 'water-anomaly',
    modules: [waterAnomaly],
    // A short learning period and one-reading alarms, so the generated sequences reach scoring and events.
    config: { learningReadings: '5', enterReadings: '1', window: '16' },
    outputs: 2,
    commands: ['reset'],
    reading: fc.oneof(
      fc.double({ min: -10, max: 200, noNaN: true }),
      fc.record({ flow: fc.double({ min: -1, max: 60, noNaN: true }), pressure: fc.double({ min: 0, max: 6, noNaN: true }) }),
    ),
    probes: [{ topic: 'tank/flow', payload: 12, unit: 'L/min', timestamp: LATER }, { topic: 'pump', payload: { flow: 3, pressure: 2 }, timestamp: LATER }],
  },
];
