import assert from 'node:assert/strict';
import {
  assertDeployedCleanly,
  FAST_SIMULATOR,
  assertGaugeInRange,
  assertTimedPoints,
  flipSwitch,
  loadFlow,
  pressButton,
  shown,
  runExample,
  widgetNamed,
  type ExampleResult,
  type Shown,
  type WidgetMessage,
} from '../support/examples';

const FILE = 'leak-detection-shutoff.json';
/** The stages, shortened from the example's 2 minutes so that the escalation fits the run. */
const STAGE_S = 2.4;

interface AlertRow {
  condition: string;
  state: string;
  stage: string;
}

/** The values a widget showed, each once per run of equal values, with when it first showed it. */
function changes(messages: WidgetMessage[]): Array<{ value: unknown; at: number }> {
  return messages.filter((m, i) => i === 0 || JSON.stringify(m.payload) !== JSON.stringify(messages[i - 1].payload)).map((m) => ({ value: m.payload, at: m.at }));
}

describe('example: leak detection with automatic shut-off, driven from its dashboard controls', function () {
  this.timeout(60000);
  const flow = loadFlow(FILE);
  let result: ExampleResult;
  const valveShows = (state: string): Shown => shown(flow, 'ui_text', 'Valve', state);

  before(async () => {
    // About 14 s when the machine keeps pace; each step waits for the one before.
    result = await runExample(
      FILE,
      20,
      {
        ...FAST_SIMULATOR,
        'water-alert': { criticalAfter: STAGE_S / 60, actionAfter: STAGE_S / 60, rateLimit: 0 },
        // The day-long rules (flow that never stops, flow at night) would fire at moments that depend on the
        // machine's speed after hours of simulated faults; the controls are tested with the event rules.
        'water-anomaly': { continuousFlow: false, nightFlow: false },
      },
      [
        // Nobody answers a burst at home: warning, critical, valve closed; reset opens it.
        pressButton(flow, 'Burst', 1),
        pressButton(flow, 'Reset', 0.5, valveShows('closed')),
        // A leak that is acknowledged escalates no further; fixing it clears the alert.
        pressButton(flow, 'Leak', 0.5),
        pressButton(flow, 'Acknowledge', 0.3, shown(flow, 'ui_template', 'Active alerts', 'long-event')),
        pressButton(flow, 'Fix', STAGE_S + 0.6),
        // Away, a burst closes the valve at once.
        flipSwitch(flow, 'Away', true, 0.3, shown(flow, 'ui_template', 'Active alerts', '[]')),
        pressButton(flow, 'Burst', 0.5),
      ],
    );
  });

  it('deploys every node with its type installed, and logs no warning or error', () => {
    assertDeployedCleanly(result, flow);
  });

  it('shows the metered flow, the burst included, on the gauge and the chart', () => {
    const gauge = assertGaugeInRange(result, flow, 'ui_gauge', 'Flow');
    assert.ok(gauge.max! >= 40, `the 40 L/min burst reaches the gauge (max ${gauge.max})`);
    assertTimedPoints(widgetNamed(result, flow, 'ui_chart', 'Flow'), 'Flow');
  });

  it('escalates an unanswered burst to the valve: warning, critical, shut-off, then cleared', () => {
    const toasts = widgetNamed(result, flow, 'ui_toast', 'notifications').messages;
    assert.deepEqual(
      toasts.map((m) => String(m.topic).replace(/: house\/flow$/, '')),
      [
        ...['Water warning', 'Water CRITICAL', 'Water shut off', 'Water alert cleared'],
        ...['Water warning', 'Water alert cleared'],
        ...['Water shut off', 'Water alert cleared'],
      ],
    );
    const [warning, critical, shutOff] = toasts;
    assert.ok(critical.at - warning.at >= STAGE_S * 1000 - 100, 'the critical stage waits for its time');
    assert.ok(shutOff.at - critical.at >= STAGE_S * 1000 - 100, 'the shut-off stage waits for its time');
    const valve = changes(widgetNamed(result, flow, 'ui_text', 'Valve').messages);
    assert.equal(valve[0].value, 'open');
    assert.equal(valve[1].value, 'closed');
    assert.ok(Math.abs(valve[1].at - shutOff.at) < 500, 'the valve closes with the shut-off notification');
  });

  it('opens the valve on reset, and escalates an acknowledged leak no further', () => {
    const valve = changes(widgetNamed(result, flow, 'ui_text', 'Valve').messages);
    assert.equal(valve[2].value, 'open');
    const lists = widgetNamed(result, flow, 'ui_template', 'Active alerts').messages.map((m) => ({ rows: m.payload as AlertRow[], at: m.at }));
    const acknowledged = lists.findIndex((l) => l.rows.some((r) => r.state === 'acknowledged'));
    assert.ok(acknowledged > 0, 'the leak alert is acknowledged');
    const fixed = lists.findIndex((l, i) => i > acknowledged && l.rows.length === 0);
    assert.ok(fixed > acknowledged, 'fixing the leak clears the alert');
    for (const list of lists.slice(acknowledged, fixed)) assert.ok(list.rows.every((r) => r.stage === 'warning'), JSON.stringify(list.rows));
    assert.ok(lists[fixed].at - lists[acknowledged].at > STAGE_S * 1000, 'it stayed acknowledged for longer than a stage');
  });

  it('closes the valve at once for a burst while away', () => {
    const mode = changes(widgetNamed(result, flow, 'ui_switch', 'Away').messages);
    assert.deepEqual(mode.map((m) => m.value), ['home', 'away']);
    const valve = changes(widgetNamed(result, flow, 'ui_text', 'Valve').messages);
    assert.deepEqual(valve.map((v) => v.value), ['open', 'closed', 'open', 'closed']);
    const closedAgain = valve[3].at - mode[1].at;
    assert.ok(closedAgain > 0 && closedAgain < 1500, `closed ${closedAgain} ms after going away, within a second of the burst`);
    const shutOff = widgetNamed(result, flow, 'ui_toast', 'notifications').messages.at(-2);
    assert.match(String(shutOff?.payload), /mode away/);
  });
});
