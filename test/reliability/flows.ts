/**
 * Flows the reliability specs deploy into a real runtime: every stateful node
 * of the package behind one HTTP endpoint, with what each of their outputs
 * sends logged for the spec to read back; and a live pipeline that keeps every
 * node type busy while it is redeployed.
 */

export type FlowNode = { id: string; type: string; [key: string]: unknown };

/** A stateful node under test: its configuration and how many outputs it has. */
export interface StatefulNode {
  /** Also its id and the name steps address it by. */
  name: string;
  type: string;
  config: Record<string, unknown>;
  outputs: number;
}

/** One message for one node, as the spec POSTs it. */
export interface Step {
  node: string;
  msg: Record<string, unknown>;
}

/** What one output sent, and after which step (-1: before the session's first). */
export interface Recorded {
  output: string;
  step: number;
  msg: Record<string, unknown>;
}

export const STEP_PATH = '/reliability/step';
const RECORD = 'RECORD';

/** Node-RED treats a flow node without a position as a config node. */
function positioned(z: string): (node: FlowNode) => FlowNode {
  let row = 0;
  return (node) => ({ ...node, z, x: 200, y: 40 * ++row });
}

/**
 * POST {step, node, msg} to STEP_PATH: the message goes to that node, and the
 * answer comes once the node has handled it (a Complete node answers "ok", a
 * Catch node 500 with the error), so steps never overtake each other. Every
 * step is logged as `RECORD step <n>` and every output of every node as
 * `RECORD <node>/<output> <json>`; what a node sends for a step is logged
 * before the step is answered.
 */
export function recordingFlow(nodes: StatefulNode[]): FlowNode[] {
  const z = 're1ab1e000000001';
  const at = positioned(z);
  const ids = nodes.map((n) => n.name);
  // One output per node, and a last one that answers a step naming no node.
  const route = `const step = msg.payload; node.log('${RECORD} step ' + step.step);
const out = ${JSON.stringify(ids)}.map(() => null);
const i = ${JSON.stringify(ids)}.indexOf(step.node);
if (i < 0) return [...out, Object.assign(msg, { statusCode: 400, payload: 'no node ' + step.node })];
delete msg.payload;
out[i] = Object.assign(msg, step.msg);
return [...out, null];`;
  const recorders = nodes.flatMap((n) =>
    Array.from({ length: n.outputs }, (_, o) =>
      at({
        id: `${n.name}-out${o}`,
        type: 'function',
        name: `${n.name}/${o}`,
        // req and res ride along on readings that came in over HTTP; the spec needs neither.
        func: `const { req, res, _msgid, ...rest } = msg;\nnode.log('${RECORD} ${n.name}/${o} ' + JSON.stringify(rest));\nreturn null;`,
        outputs: 0,
        wires: [],
      }),
    ),
  );
  return [
    { id: z, type: 'tab', label: 'reliability' },
    at({ id: 'step-in', type: 'http in', url: STEP_PATH, method: 'post', upload: false, swaggerDoc: '', wires: [['step-route']] }),
    at({ id: 'step-route', type: 'function', name: 'route', func: route, outputs: ids.length + 1, wires: [...ids.map((id) => [id]), ['step-answer']] }),
    ...nodes.map((n) => at({ id: n.name, type: n.type, name: n.name, ...n.config, wires: Array.from({ length: n.outputs }, (_, o) => [`${n.name}-out${o}`]) })),
    ...recorders,
    at({ id: 'step-done', type: 'complete', scope: ids, uncaught: false, wires: [['step-ok']] }),
    at({ id: 'step-ok', type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'ok', tot: 'str' }], wires: [['step-answer']] }),
    at({ id: 'step-failed', type: 'catch', scope: ids, uncaught: false, wires: [['step-error']] }),
    at({
      id: 'step-error',
      type: 'change',
      rules: [
        { t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' },
        { t: 'set', p: 'payload', pt: 'msg', to: 'error.message', tot: 'msg' },
      ],
      wires: [['step-answer']],
    }),
    at({ id: 'step-answer', type: 'http response', statusCode: '', headers: {}, wires: [] }),
  ];
}

/** What the outputs sent, in order, from a runtime's log. */
export function records(log: string): Recorded[] {
  const found: Recorded[] = [];
  let step = -1;
  for (const m of log.matchAll(new RegExp(`\\[function:[^\\]]*\\] ${RECORD} (\\S+) (.*)$`, 'gm'))) {
    if (m[1] === 'step') step = Number(m[2]);
    else found.push({ output: m[1], step, msg: JSON.parse(m[2]) as Record<string, unknown> });
  }
  return found;
}

/** Low and high level thresholds (2 % deadband) for a water-alert; the high one may close the valve. */
export function levelConditions(low: number, high: number, options: { delaySeconds?: number; highSeverity?: string } = {}): Array<Record<string, unknown>> {
  const delays = { onDelay: options.delaySeconds ?? 0, offDelay: options.delaySeconds ?? 0 };
  return [
    { type: 'threshold', name: 'low', topic: '', level: 'lo', limit: low, deadband: 2, severity: 'warning', ...delays, shutoff: false },
    { type: 'threshold', name: 'high', topic: '', level: 'hi', limit: high, deadband: 2, severity: options.highSeverity ?? 'warning', ...delays, shutoff: true },
  ];
}

/**
 * Every node type of the package at work: a simulator on a fast timer feeding
 * levels to an alert (whose low-level alert is raised at once and escalates
 * within seconds), a chart, an anomaly detector and a level predictor, and
 * pulses to a flow meter whose rate is charted and checked for anomalies too;
 * anomaly events and predictions go to the alert. The chart also answers
 * GET /reliability/chart.png.
 */
export function pipelineFlow(): FlowNode[] {
  const z = 'p1be11ae00000001';
  const at = positioned(z);
  return [
    { id: z, type: 'tab', label: 'pipeline' },
    { id: 'p1be11ae0000tank', type: 'water-tank', name: 'tank', shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: '0.4', height: '1.2', capacity: '', sensor: 'bottom', sensorOffset: '0' },
    at({
      id: 'p1be11ae0000sim0',
      type: 'water-simulator',
      name: 'house',
      topic: 'house',
      tank: 'p1be11ae0000tank',
      autostart: true,
      // Sped up like the examples: simulated time runs ahead of the clock, and goes on from there after a redeploy.
      interval: '0.1',
      speed: '120',
      initialLevel: '60',
      flowOutput: 'pulses',
      seed: 'redeploy',
      wires: [['p1be11ae000alert', 'p1be11ae000chart', 'p1be11ae0anomaly', 'p1be11aepredict'], ['p1be11ae000meter']],
    }),
    at({ id: 'p1be11ae000meter', type: 'water-flow-meter', name: 'meter', mode: 'pulses', kFactor: '450', wires: [['p1be11ae000chart', 'p1be11ae0anomaly'], []] }),
    // Silence after a second: its per-topic timers run out and are armed again all the time.
    at({ id: 'p1be11aepredict', type: 'water-level-predictor', name: 'predictor', tank: 'p1be11ae0000tank', horizons: '1min, 2min', trendWindow: '1min', wires: [['p1be11ae000alert']] }),
    at({ id: 'p1be11ae0anomaly', type: 'water-anomaly', name: 'anomaly', learningReadings: '5', silenceTimeout: '1', wires: [[], ['p1be11ae000alert']] }),
    at({
      id: 'p1be11ae000alert',
      type: 'water-alert',
      name: 'alert',
      conditions: [
        ...levelConditions(65, 85, { delaySeconds: 0.5 }),
        { type: 'anomaly', name: 'anomaly', topic: '', kinds: '', minSeverity: 'warning', shutoff: true },
        { type: 'prediction', name: 'empty', topic: '', measure: 'timeToEmpty', limit: 60, deadband: 0, severity: 'critical', shutoff: false },
      ],
      criticalAfter: 0.05,
      actionAfter: 0.05,
      rateLimit: 1,
      reminder: 0.1,
      wires: [[], [], []],
    }),
    at({ id: 'p1be11ae000chart', type: 'water-chart-image', name: 'chart', width: '200', height: '150', wires: [['p1be11ae0000resp']] }),
    at({ id: 'p1be11ae00000get', type: 'http in', url: '/reliability/chart.png', method: 'get', upload: false, swaggerDoc: '', wires: [['p1be11ae000chart']] }),
    at({ id: 'p1be11ae0000resp', type: 'http response', statusCode: '', headers: {}, wires: [] }),
  ];
}
