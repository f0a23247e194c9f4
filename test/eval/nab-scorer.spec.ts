import assert from 'node:assert/strict';
import { NAB_PROFILES, nabScore, probationRows, scaledSigmoid, type ScoredSeries } from '../../scripts/eval/nab-scorer';

const [standard, lowFp, lowFn] = NAB_PROFILES;
const close = (actual: number, expected: number, tolerance = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

/**
 * 20 rows: probation floor(0.15 * 20) = 3 rows; one window, rows 10-13 (4 rows).
 * Detections: row 5 (score 0.5, before the window), row 11 (score 1, inside)
 * and row 16 (score 0.8, after it).
 */
function tinyFile(): ScoredSeries {
  const scores = new Array<number>(20).fill(0);
  scores[1] = 2; // inside the probation: never counts, whatever its score
  scores[5] = 0.5;
  scores[11] = 1;
  scores[16] = 0.8;
  return { name: 'tiny', scores, windows: [[10, 13]] };
}

// By hand: row 11 sits at -(13 - 11 + 1) / 4 = -0.75 of the window, worth sigma(-0.75) / sigma(-1);
// row 16 is |16 - 13| / (4 - 1) = 1 past it, costing sigma(1) * A_FP; row 5 comes before any window: -A_FP.
const sigma = (y: number): number => 2 / (1 + Math.exp(5 * y)) - 1;
const TP_ROW_11 = sigma(-0.75) / sigma(-1); // 0.966989
const FP_ROW_16 = sigma(1); // -0.98661...

describe('NAB scorer', () => {
  it('scales the sigmoid as NAB does', () => {
    close(scaledSigmoid(-1), 2 / (1 + Math.exp(-5)) - 1);
    close(scaledSigmoid(0), 0);
    close(scaledSigmoid(3), 2 / (1 + Math.exp(15)) - 1);
    assert.equal(scaledSigmoid(3.0001), -1);
    close(TP_ROW_11, 0.966989, 1e-6);
    close(FP_ROW_16, -0.986614, 1e-6);
  });

  it('takes min(floor(15 %), 750) rows of probation', () => {
    assert.equal(probationRows(20), 3);
    assert.equal(probationRows(4032), 604);
    assert.equal(probationRows(22695), 750);
  });

  it('scores a hand-made file exactly, with the best threshold of the sweep', () => {
    const result = nabScore([tinyFile()], standard);
    // Threshold 1: the window is caught at row 11 and nothing else fires.
    assert.equal(result.threshold, 1);
    close(result.raw, TP_ROW_11);
    assert.equal(result.nullScore, -1);
    assert.equal(result.perfectScore, 1);
    close(result.normalised, (100 * (TP_ROW_11 + 1)) / 2);
    assert.equal(result.detectedWindows, 1);
    assert.equal(result.falsePositives, 0);
  });

  it('charges false positives by profile, and the sweep stops where they cost more than they win', () => {
    // A file where the window's only detection scores lower than a false positive before it.
    const file: ScoredSeries = { name: 'f', scores: [0, 0, 0, 0.9, 0, 0, 0.5, 0, 0, 0], windows: [[6, 8]] };
    const tp = sigma(-(8 - 6 + 1) / 3) / sigma(-1); // the left edge: exactly A_TP
    close(tp, 1);
    const standardResult = nabScore([file], standard);
    assert.equal(standardResult.threshold, 0.5);
    close(standardResult.raw, -0.11 + 1);
    const lowFpResult = nabScore([file], lowFp);
    close(lowFpResult.raw, -0.22 + 1);
    const lowFnResult = nabScore([file], lowFn);
    close(lowFnResult.nullScore, -2);
    close(lowFnResult.normalised, (100 * (-0.11 + 1 + 2)) / 3);
  });

  it('counts only the earliest detection of a window and a missed window as -A_FN', () => {
    const early: ScoredSeries = { name: 'a', scores: [0, 0, 0, 0, 1, 1, 0, 0, 0, 0], windows: [[4, 7]] };
    // 40 rows of 0: catching this window at threshold 0 would cost 32 false positives, more than it wins.
    const missed: ScoredSeries = { name: 'b', scores: new Array<number>(40).fill(0), windows: [[30, 31]] };
    const result = nabScore([early, missed], standard);
    assert.equal(result.threshold, 1);
    close(result.raw, 1 - 1); // row 4 is the left edge (+1); the second window is missed (-1)
    assert.equal(result.detectedWindows, 1);
    assert.equal(result.windows, 2);
  });

  it('gives a detector that never fires the null score, 0', () => {
    const result = nabScore([{ name: 'z', scores: new Array<number>(40).fill(0), windows: [[30, 31]] }], standard);
    // Firing on every row at threshold 0 costs more than the window wins, so the null detector is best.
    assert.equal(result.threshold, Infinity);
    assert.equal(result.normalised, 0);
  });
});
