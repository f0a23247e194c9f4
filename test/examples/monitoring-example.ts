/**
 * The checks shared by the tank monitoring example and its Dashboard 2.0
 * twin: the same pipeline, widgets of either dashboard's types.
 */

import assert from 'node:assert/strict';
import {
  assertDeployedCleanly,
  FAST_SIMULATOR,
  assertGaugeInRange,
  TIME_TO_TEXT,
  assertTimedPoints,
  chartPoints,
  loadFlow,
  runExample,
  widgetNamed,
  type ExampleResult,
  type Widget,
} from '../support/examples';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The forecast line the examples draw on the level chart, hours ahead (of the predictor's 1, 3 and 6). */
const HORIZONS = [6];

export interface MonitoringWidgets {
  gauge: string;
  chart: string;
  text: string;
  /** How the daily-use bar chart's messages are checked. */
  assertDailyUse(widget: Widget): void;
}

export const DASHBOARD_1: MonitoringWidgets = {
  gauge: 'ui_gauge',
  chart: 'ui_chart',
  text: 'ui_text',
  // The function node sends the whole bar chart of the last seven days at each midnight.
  assertDailyUse(chart) {
    const last = chart.messages[chart.messages.length - 1].payload as Array<{ series: string[]; data: number[][]; labels: string[] }>;
    assert.deepEqual(last[0].series, ['litres']);
    assert.ok(last[0].labels.length >= 1 && last[0].labels.length <= 7);
    for (const label of last[0].labels) assert.match(label, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(last[0].data[0].length, last[0].labels.length);
    for (const litres of last[0].data[0]) assert.ok(Number.isInteger(litres) && litres >= 0 && litres < 1500, `${litres} L in a day`);
  },
};

export const DASHBOARD_2: MonitoringWidgets = {
  gauge: 'ui-gauge',
  chart: 'ui-chart',
  text: 'ui-text',
  // One message per day: the litres, stamped with the end of the day (the bar's label is its msg.event.label).
  assertDailyUse(chart) {
    assert.equal(chart.numbers, chart.count);
    for (const m of chart.messages) {
      assert.ok(Number.isInteger(m.payload) && (m.payload as number) >= 0 && (m.payload as number) < 1500, `${String(m.payload)} L in a day`);
      assert.equal(new Date(m.timestamp as number).getMinutes(), 0, 'stamped at a midnight');
    }
  },
};

export function describeMonitoringExample(file: string, ui: MonitoringWidgets): void {
  describe(`example ${file}: a simulated day in a real runtime`, function () {
    this.timeout(60000);
    const flow = loadFlow(file);
    let result: ExampleResult;

    before(async () => {
      result = await runExample(file, 12, FAST_SIMULATOR);
    });

    it('deploys every node with its type installed, and logs no warning or error', () => {
      assertDeployedCleanly(result, flow);
    });

    it('gives the gauges numbers within their scales', () => {
      assert.ok(assertGaugeInRange(result, flow, ui.gauge, 'Level').count > 300);
      assert.ok(assertGaugeInRange(result, flow, ui.gauge, 'Flow').count > 300);
    });

    it('charts the level and the flow as timestamped points over more than a simulated day', () => {
      for (const [name, topic] of [['Level', 'tank/level'], ['Flow', 'tank/flow']]) {
        const chart = widgetNamed(result, flow, ui.chart, name);
        assertTimedPoints(chart, name);
        const points = chartPoints(chart, topic);
        for (let i = 1; i < points.length; i++) assert.ok(points[i].t > points[i - 1].t, `${name}: time runs forward`);
        assert.ok(points[points.length - 1].t - points[0].t >= DAY_MS, `${name}: spans a simulated day`);
      }
      const level = widgetNamed(result, flow, ui.chart, 'Level');
      assert.ok(level.min! >= 0 && level.max! <= 100, `levels and forecasts within 0-100 %: ${level.min}-${level.max}`);
      assert.deepEqual([...new Set(level.messages.map((m) => m.topic))].sort(), ['tank/level', ...HORIZONS.map((h) => `tank/level +${h} h`)]);
      assert.equal(widgetNamed(result, flow, ui.chart, 'Flow').messages.every((m) => m.topic === 'tank/flow'), true);
    });

    it('draws the forecast ahead of the measured level, stamped at the time it predicts', () => {
      const chart = widgetNamed(result, flow, ui.chart, 'Level');
      const measured = chartPoints(chart, 'tank/level');
      const readingTimes = new Set(measured.map((p) => p.t));
      for (const hours of HORIZONS) {
        const forecast = chartPoints(chart, `tank/level +${hours} h`);
        assert.ok(forecast.length > 100, `${forecast.length} points ${hours} h ahead`);
        // Each point is the prediction made at a reading, for that reading's time plus the horizon.
        for (const p of forecast) assert.ok(readingTimes.has(p.t - hours * HOUR_MS), `a +${hours} h point at ${p.t} belongs to a reading`);
        // The run may stop while forecasts of the last readings are on their way: the line ends ahead of the
        // newest reading, at most the horizon past it.
        const ahead = forecast[forecast.length - 1].t - measured[measured.length - 1].t;
        assert.ok(ahead > 0 && ahead <= hours * HOUR_MS, `the +${hours} h line ends ${ahead / HOUR_MS} h past the newest reading`);
      }
    });

    it('tells the time to empty or full', () => {
      const text = widgetNamed(result, flow, ui.text, 'Time to empty or full');
      assert.ok(text.count > 300);
      for (const m of text.messages) assert.match(String(m.payload), TIME_TO_TEXT);
    });

    it("charts each day's use from the meter's day totals", () => {
      ui.assertDailyUse(widgetNamed(result, flow, ui.chart, 'Daily use (L)'));
    });

    it("shows today's litres as a whole number that only grows between midnights", () => {
      const today = widgetNamed(result, flow, ui.text, 'Used today');
      const values = today.messages.map((m) => m.payload as number);
      assert.ok(values.every((v) => Number.isInteger(v) && v >= 0));
      const drops = values.filter((v, i) => i > 0 && v < values[i - 1]).length;
      assert.ok(drops <= 2, `${drops} drops: only at midnight`);
    });
  });
}
