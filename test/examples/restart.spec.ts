import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNpmStart } from '../support/process';

/** Long enough for the example's backfill of a simulated day to go through every node. */
const RUN_MS = 4000;

/**
 * `npm start` keeps context in files, so the meter, predictor, anomaly detector
 * and alert remember the simulated tank across a restart, readings stamped far
 * ahead of the clock included. The simulation goes on from there, backfill and
 * all; were it to start again at the clock's time, every reading after a
 * restart would be refused as older than the last.
 */
describe('the tank monitoring example across a restart of npm start', function () {
  this.timeout(60000);
  let userDir: string;

  before(() => {
    userDir = mkdtempSync(path.join(os.tmpdir(), 'water-restart-'));
  });
  after(() => rmSync(userDir, { recursive: true, force: true }));

  it('runs again after a restart without a node warning or error', async () => {
    for (const run of ['first start', 'restart']) {
      const app = await startNpmStart(userDir);
      await new Promise((resolve) => setTimeout(resolve, RUN_MS));
      await app.stop();
      // What a node logs names it: `[warn] [type:name]`; the runtime's own start-up warnings do not.
      assert.doesNotMatch(app.output(), /\[(?:warn|error)\] \[/, `${run}:\n${app.output()}`);
    }
  });
});
