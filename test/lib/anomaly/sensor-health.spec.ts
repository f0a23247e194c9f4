import assert from 'node:assert/strict';
import { FlatLineDetector, SilenceWatch, emptyFlatLine, emptySilence, rangeScore } from '../../../nodes/lib/anomaly/sensor-health';

const MINUTE = 60_000;

/** Feeds values through the detector and returns the score of each as it arrived. */
function flatScores(detector: FlatLineDetector, values: number[], learning = false): number[] {
  return values.map((v) => {
    const score = detector.assess(v);
    detector.learn(v, learning);
    return score;
  });
}

/** Twelve readings that keep changing: enough changes to be a stream that moves. */
const moving = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe('sensor health', () => {
  describe('flat line', () => {
    it('starts when a run of unchanged readings reaches factor x the longest ordinary run', () => {
      const d = new FlatLineDetector({ factor: 2, minRun: 3, tolerance: 0 }, emptyFlatLine());
      flatScores(d, [...moving, 12, 13], true); // one repeat while learning: the longest run is 1
      // The limit is 2 x max(1, 3) = 6 repeats: the seventh 5 in a row is the sixth repeat.
      const scores = flatScores(d, [5, 5, 5, 5, 5, 5, 5, 5]);
      assert.equal(scores.findIndex((s) => s >= 0.5), 6);
      assert.equal(scores[6], 0.5);
      assert.equal(d.run, 7);
    });

    it('learns the longest run while learning, so a stream that rests is not stuck', () => {
      const d = new FlatLineDetector({ factor: 2, minRun: 3, tolerance: 0 }, emptyFlatLine());
      flatScores(d, [...moving, ...new Array<number>(20).fill(4), 5], true); // a run of 19 repeats
      const scores = flatScores(d, new Array<number>(40).fill(7));
      assert.equal(scores.findIndex((s) => s >= 0.5), 38, 'the limit is now 2 x 19 = 38 repeats: the 39th 7');
    });

    it('does not learn a run that was a flat line', () => {
      const state = emptyFlatLine();
      const d = new FlatLineDetector({ factor: 2, minRun: 3, tolerance: 0 }, state);
      flatScores(d, moving, true);
      flatScores(d, [...new Array<number>(10).fill(5), 6]);
      assert.equal(state.longest, 0);
      flatScores(d, [7, 7, 7, 8]);
      assert.equal(state.longest, 2, 'a short ordinary run is learned');
    });

    it('treats readings within the tolerance as unchanged', () => {
      const d = new FlatLineDetector({ factor: 1.5, minRun: 2, tolerance: 0.05 }, emptyFlatLine());
      flatScores(d, moving, true);
      const scores = flatScores(d, [3, 3.01, 2.98, 3.02, 3.5]);
      assert.equal(scores.findIndex((s) => s >= 0.5), 3, 'three repeats reach 1.5 x 2');
      assert.equal(scores[4], 0, 'a real change ends the run');
    });

    it('finds no flat line in a stream that never moved, or in runs of zero', () => {
      const never = new FlatLineDetector({ factor: 2, minRun: 3, tolerance: 0 }, emptyFlatLine());
      assert.ok(flatScores(never, new Array<number>(100).fill(5)).every((s) => s === 0));
      const idle = new FlatLineDetector({ factor: 2, minRun: 3, tolerance: 0 }, emptyFlatLine());
      flatScores(idle, moving, true);
      assert.ok(flatScores(idle, new Array<number>(100).fill(0)).every((s) => s === 0), 'no flow at night is idle, not stuck');
    });
  });

  it('out of range: a reading beyond either bound scores 1', () => {
    assert.equal(rangeScore(-0.1, 0, undefined), 1);
    assert.equal(rangeScore(0, 0, 100), 0);
    assert.equal(rangeScore(100, 0, 100), 0);
    assert.equal(rangeScore(100.5, 0, 100), 1);
    assert.equal(rangeScore(-1e9, undefined, undefined), 0);
  });

  describe('silence', () => {
    it('is due a fixed timeout after the last arrival', () => {
      const watch = new SilenceWatch({ timeout: 90_000, factor: 5, minimum: MINUTE }, emptySilence());
      assert.equal(watch.deadline(), undefined, 'nothing arrived yet');
      watch.arrived(1_000_000);
      assert.equal(watch.deadline(), 1_090_000);
      assert.equal(watch.isSilent(1_089_999), false);
      assert.equal(watch.isSilent(1_090_000), true);
    });

    it('learns the usual interval, and a gap that was a silence does not stretch it', () => {
      const state = emptySilence();
      const watch = new SilenceWatch({ timeout: 0, factor: 5, minimum: MINUTE }, state);
      watch.arrived(0);
      assert.equal(watch.deadline(), undefined, 'one arrival shows no interval');
      for (let t = 2 * MINUTE; t <= 20 * MINUTE; t += 2 * MINUTE) watch.arrived(t);
      assert.equal(state.interval, 2 * MINUTE);
      assert.equal(watch.deadline(), 30 * MINUTE, '5 x 2 min after the last arrival');
      watch.arrived(90 * MINUTE);
      assert.equal(state.interval, 2 * MINUTE);
      watch.arrived(93 * MINUTE);
      assert.equal(state.interval, 2 * MINUTE + MINUTE / 32, 'an ordinary gap moves it by 1/32 of the difference');
    });

    it('never waits less than the minimum', () => {
      const watch = new SilenceWatch({ timeout: 0, factor: 5, minimum: MINUTE }, emptySilence());
      watch.arrived(0);
      watch.arrived(1000);
      assert.equal(watch.timeout(), MINUTE);
    });
  });
});
