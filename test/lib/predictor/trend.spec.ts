import assert from 'node:assert/strict';
import { SimpleLinearRegression } from 'ml-regression';
import { SlidingTrend } from '../../../nodes/lib/predictor/trend';
import { tQuantile975 } from '../../../nodes/lib/predictor/stats';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const T0 = Date.UTC(2025, 2, 14, 6, 0, 0);

function close(actual: number | undefined | null, expected: number, tolerance: number, what: string): void {
  assert.ok(actual !== undefined && actual !== null && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

/** A fixed sequence of pseudo-random numbers in [-1, 1), so the noisy data is the same on every run. */
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  };
}

describe('predictor: sliding trend', () => {
  it('recovers slope and intercept of exact linear data with epoch-ms times, to 1e-9', () => {
    const trend = new SlidingTrend({ windowMs: Infinity, maxSamples: 50 });
    const level = (t: number): number => 1.75 - 0.42 * ((t - T0) / HOUR);
    for (let i = 0; i < 50; i++) trend.add(T0 + i * 5 * MINUTE, level(T0 + i * 5 * MINUTE));
    const fit = trend.fit();
    close(fit?.slope, -0.42, 1e-9, 'slope per hour');
    close(fit?.levelAt(T0), 1.75, 1e-9, 'intercept at T0');
    close(fit?.r2, 1, 1e-9, 'r2');
    // The residual spread is a difference of sums: exact data leaves the square root of rounding, far below any sensor.
    close(fit?.residualStdError, 0, 1e-6, 'residual standard error');
  });

  it('stays exact while the window slides over a year of readings', () => {
    const trend = new SlidingTrend({ windowMs: 2 * HOUR, maxSamples: 30 });
    const level = (t: number): number => 3 + 0.015 * ((t - T0) / HOUR);
    const end = T0 + 365 * 24 * HOUR;
    for (let t = T0; t <= end; t += 7 * MINUTE) trend.add(t, level(t));
    const fit = trend.fit();
    assert.equal(trend.size, 18, 'two hours of readings 7 minutes apart');
    close(fit?.slope, 0.015, 1e-9, 'slope per hour');
    close(fit?.levelAt(end), level(end), 1e-9, 'level at the newest reading');
    close(fit?.levelAt(T0), 3, 1e-9, 'intercept a year back');
  });

  it('matches ml-regression on noisy data', () => {
    const trend = new SlidingTrend({ windowMs: Infinity, maxSamples: 200 });
    const rand = noise(7);
    const times: number[] = [];
    const levels: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = T0 + i * 3 * MINUTE + Math.round(rand() * 30_000);
      times.push(t);
      levels.push(80 - 2.5 * ((t - T0) / HOUR) + 0.8 * rand());
      trend.add(t, levels[i]);
    }
    const fit = trend.fit();
    assert.ok(fit);
    const hours = times.map((t) => (t - fit.origin) / HOUR);
    const reference = new SimpleLinearRegression(hours, levels);
    close(fit.slope, reference.slope, 1e-9 * Math.abs(reference.slope), 'slope');
    close(fit.intercept, reference.intercept, 1e-9 * Math.abs(reference.intercept), 'intercept');
    close(fit.r2, reference.score(hours, levels).r2, 1e-9, 'r2');
  });

  it('matches ml-regression over the window while it slides across noisy readings, to 1e-9', () => {
    // Additions and removals accumulate rounding in the running sums until they are rebuilt: compare at every step of a long slide.
    const trend = new SlidingTrend({ windowMs: 3 * HOUR, maxSamples: 40 });
    const rand = noise(11);
    const readings: Array<[number, number]> = [];
    let t = T0 + 400 * 24 * HOUR;
    for (let i = 0; i < 3000; i++) {
      t += 2 * MINUTE + Math.round(rand() * 90_000) + (i % 500 === 499 ? 5 * HOUR : 0);
      const level = 1000 + 50 * Math.sin(i / 40) + 3 * rand();
      trend.add(t, level);
      readings.push([t, level]);
      const window = readings.filter(([rt]) => rt >= t - 3 * HOUR).slice(-40);
      assert.equal(trend.size, window.length);
      const fit = trend.fit();
      if (window.length < 3) continue;
      assert.ok(fit);
      const hours = window.map(([rt]) => (rt - fit.origin) / HOUR);
      const levels = window.map(([, level]) => level);
      const reference = new SimpleLinearRegression(hours, levels);
      close(fit.slope, reference.slope, 1e-9 * Math.max(1, Math.abs(reference.slope)), `slope at ${i}`);
      close(fit.intercept, reference.intercept, 1e-9 * Math.abs(reference.intercept), `intercept at ${i}`);
      close(fit.r2, reference.score(hours, levels).r2, 1e-9, `r2 at ${i}`);
    }
  });

  it('keeps the window by count and by time span', () => {
    const byCount = new SlidingTrend({ windowMs: Infinity, maxSamples: 5 });
    const byTime = new SlidingTrend({ windowMs: 30 * MINUTE, maxSamples: 100 });
    for (let i = 0; i < 12; i++) {
      byCount.add(T0 + i * 10 * MINUTE, i);
      byTime.add(T0 + i * 10 * MINUTE, i);
    }
    assert.equal(byCount.size, 5);
    assert.equal(byTime.size, 4, 'readings at 0, 10, 20 and 30 minutes before the newest');
  });

  it('gives a 95 % prediction interval that widens away from the data', () => {
    const trend = new SlidingTrend({ windowMs: Infinity, maxSamples: 10 });
    const offsets = [0.1, -0.1, 0.05, -0.05, 0];
    offsets.forEach((e, i) => trend.add(T0 + i * HOUR, 10 + i + e));
    const fit = trend.fit();
    assert.ok(fit);
    const near = fit.intervalHalfWidth(T0 + 2 * HOUR);
    const far = fit.intervalHalfWidth(T0 + 10 * HOUR);
    assert.ok(near !== null && far !== null && far > near);
    // By hand: s² = SSE/(n−2), the OLS prediction variance s²(1 + 1/n + (x−x̄)²/Sxx), Student t with 3 degrees of freedom.
    const residuals = [0, 1, 2, 3, 4].map((x, i) => 10 + i + offsets[i] - fit.levelAt(T0 + x * HOUR));
    const s2 = residuals.reduce((a, r) => a + r * r, 0) / 3;
    close(near, tQuantile975(3) * Math.sqrt(s2 * (1 + 1 / 5)), 1e-12, 'half width at the mean time');
  });

  it('restarts the window at a pump start confirmed by two readings, and drops a lone spike', () => {
    const trend = new SlidingTrend({ windowMs: Infinity, maxSamples: 100 });
    const drain = (i: number): number => 80 - 0.5 * i + (i % 2 === 0 ? 0.05 : -0.05);
    for (let i = 0; i < 20; i++) assert.equal(trend.observe(T0 + i * MINUTE, drain(i)), 'added');
    assert.equal(trend.observe(T0 + 20 * MINUTE, drain(20) + 5), 'held', 'a spike is held back');
    assert.equal(trend.observe(T0 + 21 * MINUTE, drain(21)), 'added', 'and dropped when the next reading is on the line');
    assert.equal(trend.size, 21);
    assert.equal(trend.observe(T0 + 22 * MINUTE, drain(22) + 3), 'held');
    assert.equal(trend.observe(T0 + 23 * MINUTE, drain(22) + 6), 'restarted');
    assert.equal(trend.size, 2);
    close(trend.fit()?.slope, 180, 1e-9, 'the pump fills 3 per minute');
  });

  it('has the t quantiles of the tables', () => {
    const table: Array<[number, number]> = [[1, 12.706], [2, 4.303], [4, 2.776], [5, 2.571], [10, 2.228], [30, 2.042], [1000, 1.962]];
    for (const [dof, t] of table) close(tQuantile975(dof), t, 1e-3, `t(${dof})`);
    close(tQuantile975(3), 3.182, 5e-3, 't(3), where the expansion is least accurate');
  });
});
