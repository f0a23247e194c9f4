import assert from 'node:assert/strict';
import { PALETTE } from '../../nodes/lib/chart/chart';
import { FAST_SIMULATOR, assertDeployedCleanly, loadFlow, startExample, type ExampleResult, type RunningExample } from '../support/examples';
import { colourCount, decodePng, type DecodedPng } from '../support/png';

const FILE = 'rest-api-chart.json';

interface State {
  level: { value: number; unit: string; timestamp: number };
  flow: { rate: number; unit: string; timestamp: number };
  totals: { today: number; thisWeek: number; thisMonth: number; total: number; unit: string };
  prediction: { horizons: Array<{ horizon: number; level: number; at: number }>; model: string; timeToEmpty: number | null; timeToFull: number | null };
  alerts: unknown[];
}

describe('example: REST API and chart image, over a simulated day', function () {
  this.timeout(60000);
  const flow = loadFlow(FILE);
  let example: RunningExample;
  let result: ExampleResult;
  let state: State;
  let stateHeaders: Headers;
  const charts: Record<string, { response: Response; image: DecodedPng }> = {};
  const otherMethods: Record<string, number> = {};

  before(async () => {
    example = await startExample(FILE, 12, FAST_SIMULATOR);
    // A simulated day is backfilled at once, and 9 s at this speed add another 9 hours.
    await new Promise((resolve) => setTimeout(resolve, 9000));
    const res = await fetch(`${example.url}/water/state`);
    assert.equal(res.status, 200);
    stateHeaders = res.headers;
    state = (await res.json()) as State;
    for (const query of ['', '?width=600&height=300']) {
      const response = await fetch(`${example.url}/water/chart.png${query}`);
      charts[query] = { response, image: decodePng(Buffer.from(await response.arrayBuffer())) };
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      for (const url of ['/water/state', '/water/chart.png']) otherMethods[`${method} ${url}`] = (await fetch(`${example.url}${url}`, { method })).status;
    }
    result = await example.result();
  });
  after(async () => {
    await example?.stop();
  });

  it('deploys every node with its type installed, and logs no warning or error', () => {
    assertDeployedCleanly(result, flow);
  });

  it('answers GET /water/state with the level, flow, totals, prediction and active alerts as JSON', () => {
    assert.match(stateHeaders.get('content-type') ?? '', /^application\/json/);
    assert.equal(stateHeaders.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(state).sort(), ['alerts', 'flow', 'level', 'prediction', 'totals']);
    assert.equal(state.level.unit, '%');
    assert.ok(state.level.value >= 0 && state.level.value <= 100, `level ${state.level.value}`);
    assert.equal(state.flow.unit, 'L/min');
    assert.ok(state.flow.rate >= 0 && state.flow.rate < 100, `flow ${state.flow.rate}`);
    // Simulated time: more than a day ahead of the clock after the backfill.
    assert.ok(state.level.timestamp > Date.now() + 24 * 3_600_000, 'the level reading is stamped in simulated time');
    assert.ok(Math.abs(state.flow.timestamp - state.level.timestamp) <= 10 * 60_000, 'level and flow are of the same moment');
    const { today, thisWeek, thisMonth, total, unit } = state.totals;
    assert.equal(unit, 'L');
    assert.ok(today >= 0 && thisWeek >= today && thisMonth >= today && total >= thisWeek && total >= thisMonth, JSON.stringify(state.totals));
    // Three people use about 360 L a day; the backfilled day and the hours since are about 1.4 days.
    assert.ok(total > 200 && total < 1200, `${total} L in about 1.4 simulated days`);
    const { prediction } = state;
    assert.deepEqual(prediction.horizons.map((h) => h.horizon), [1, 3, 6].map((hours) => hours * 3_600_000));
    for (const h of prediction.horizons) {
      assert.ok(h.level >= 0 && h.level <= 100, `level ${h.level} in ${h.horizon} ms`);
      // From the last level reading, or the one before when the request came between the two being kept.
      const from = h.at - h.horizon;
      assert.ok(from <= state.level.timestamp && from >= state.level.timestamp - 10 * 60_000, 'predicted from the last level reading');
    }
    assert.ok(['learned', 'trend'].includes(prediction.model), prediction.model);
    for (const time of [prediction.timeToEmpty, prediction.timeToFull]) assert.ok(time === null || time >= 0);
    assert.ok(Array.isArray(state.alerts));
  });

  it('answers GET /water/chart.png with an 800 x 400 PNG, or the size asked for, with both lines drawn', () => {
    for (const [query, size] of [['', [800, 400]], ['?width=600&height=300', [600, 300]]] as const) {
      const { response, image } = charts[query];
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/png');
      assert.deepEqual([image.width, image.height], size);
      const [level, flow] = [colourCount(image, PALETTE[0]), colourCount(image, PALETTE[1])];
      // A line across the plot is at least its width in pixels; a blank chart has none.
      assert.ok(level > size[0] / 2, `level line: ${level} pixels`);
      assert.ok(flow > size[0] / 2, `flow line: ${flow} pixels`);
    }
  });

  it('changes nothing over HTTP: other methods on the endpoints are not found', () => {
    for (const [request, status] of Object.entries(otherMethods)) assert.equal(status, 404, request);
    assert.equal(Object.keys(otherMethods).length, 6);
  });
});
