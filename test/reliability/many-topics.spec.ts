import assert from 'node:assert/strict';
import sinon from 'sinon';
import waterAlert from '../../nodes/water-alert';
import waterAnomaly from '../../nodes/water-anomaly';
import waterChartImage from '../../nodes/water-chart-image';
import waterFlowMeter from '../../nodes/water-flow-meter';
import waterLevelPredictor from '../../nodes/water-level-predictor';
import { helper, stopRecordingCalls, withFlow } from '../support/helper';

const TOPICS = 100_000;
const T0 = Date.UTC(2026, 4, 4, 8);
/** The eviction warning waits this long for more of the same burst. */
const WARNING_DELAY_MS = 1000;

interface TopicCase {
  type: string;
  modules: unknown[];
  config: Record<string, unknown>;
  maxTopics: number;
  /** The node-context key of its per-topic state. */
  contextKey: string;
  /** A message that gives `topic` state. */
  message(topic: string, i: number): Record<string, unknown>;
}

const CASES: TopicCase[] = [
  {
    type: 'water-flow-meter',
    modules: [waterFlowMeter],
    config: { mode: 'pulses', kFactor: '450', timeZone: 'UTC' },
    maxTopics: 100,
    contextKey: 'meters',
    message: (topic, i) => ({ topic, payload: 450, timestamp: T0 + i }),
  },
  {
    type: 'water-alert',
    modules: [waterAlert],
    // Every reading raises an alert, so every topic holds state. Each raise also sends the list of all active alerts, a cost
    // that grows with the bound: a small one keeps the test quick.
    config: { conditions: [{ type: 'threshold', name: 'high', level: 'hi', limit: 80 }], rateLimit: 0 },
    maxTopics: 5,
    contextKey: 'alerts',
    message: (topic) => ({ topic, payload: 95 }),
  },
  {
    type: 'water-chart-image',
    modules: [waterChartImage],
    config: { persist: true },
    maxTopics: 100,
    contextKey: 'series',
    message: (topic, i) => ({ topic, payload: i % 100, timestamp: T0 + i }),
  },
  {
    type: 'water-anomaly',
    modules: [waterAnomaly],
    config: {},
    maxTopics: 100,
    contextKey: 'anomaly',
    message: (topic, i) => ({ topic, payload: i % 20, unit: 'L/min', timestamp: T0 + i }),
  },
  {
    type: 'water-level-predictor',
    modules: [waterLevelPredictor],
    config: {},
    maxTopics: 100,
    contextKey: 'predictor',
    message: (topic, i) => ({ topic, payload: i % 100, unit: '%', timestamp: T0 + i }),
  },
];

interface TestNode {
  receive(msg: Record<string, unknown>): void;
  warn(text: unknown): void;
  error(err: unknown, msg?: unknown): void;
  context(): { get(key: string): unknown };
}

/** Collects what a node passes to one of its log methods, and passes it on. */
function collect(node: TestNode, method: 'warn' | 'error'): unknown[] {
  const calls: unknown[] = [];
  const original = node[method].bind(node);
  node[method] = (first: unknown, ...rest: unknown[]) => {
    calls.push(first);
    (original as (...args: unknown[]) => void)(first, ...rest);
  };
  return calls;
}

/** Lets Node-RED deliver what was sent: it hands messages on with setImmediate, which is not faked. */
const delivered = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(`many topics: ${TOPICS.toLocaleString('en')} distinct topics into each stateful node`, function () {
  this.timeout(60_000);
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  for (const c of CASES) {
    it(`${c.type}: keeps the ${c.maxTopics} most recent topics and warns once per burst of evictions`, async () => {
      await withFlow(c.modules, [{ id: 'n', type: c.type, ...c.config, maxTopics: String(c.maxTopics), wires: [] }], async () => {
        const node = helper.getNode('n') as unknown as TestNode;
        stopRecordingCalls();
        const warnings = collect(node, 'warn');
        const errors = collect(node, 'error');
        const kept = (): string[] => Object.keys((node.context().get(c.contextKey) ?? {}) as object).sort();
        const topicsFrom = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `sensor/${from + i}`);

        // One burst: every message in it arrives before the warning's delay has passed.
        topicsFrom(0, TOPICS).forEach((topic, i) => node.receive(c.message(topic, i)));
        await delivered();
        assert.deepEqual(kept(), topicsFrom(TOPICS - c.maxTopics, c.maxTopics).sort());
        assert.deepEqual(warnings, [], 'no warning before the burst has ended');
        clock.tick(WARNING_DELAY_MS);
        await delivered();
        const evicted = TOPICS - c.maxTopics;
        assert.deepEqual(warnings, [`evicted ${evicted} topic(s) to stay within the limit of ${c.maxTopics} topics (last: sensor/${evicted - 1})`]);

        // A second burst, later: one more warning, for it alone.
        topicsFrom(TOPICS, 50).forEach((topic, i) => node.receive(c.message(topic, TOPICS + i)));
        clock.tick(WARNING_DELAY_MS);
        await delivered();
        assert.equal(warnings.length, 2);
        assert.match(String(warnings[1]), new RegExp(`^evicted 50 topic\\(s\\) .* \\(last: sensor/${evicted + 49}\\)$`));
        assert.equal(kept().length, c.maxTopics);
        assert.deepEqual(errors, []);
      });
    });
  }
});
