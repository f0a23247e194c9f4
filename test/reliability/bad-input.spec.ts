import assert from 'node:assert/strict';
import fc from 'fast-check';
import sinon from 'sinon';
import { helper } from '../support/helper';
import { messageSequence } from './arbitraries';
import { twinCases } from './cases';
import { Twins } from './twin';

const RUNS = 40;
/** Texts that mean a handler threw: a bug, never an answer to bad input. */
const THROWN = /internal error|TypeError|ReferenceError|Cannot read properties/;

describe('bad input, every node (fast-check, twin nodes)', function () {
  this.timeout(120000);
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    // A frozen clock: messages without a timestamp get the same arrival time at A and at B.
    clock = sinon.useFakeTimers({ now: Date.UTC(2026, 2, 1), toFake: ['Date'] });
  });
  afterEach(async () => {
    clock.restore();
    await helper.unload();
  });

  for (const c of twinCases) {
    it(`${c.type}: rejects with a clear error and no trace, never throws`, async () => {
      let messages = 0;
      let rejected = 0;
      await fc.assert(
        fc.asyncProperty(messageSequence(c.commands, c.reading), async (sequence) => {
          const twins = new Twins();
          await twins.load(c);
          try {
            for (const msg of sequence) {
              const error = await twins.send(msg);
              messages++;
              if (error !== undefined) {
                rejected++;
                assert.doesNotMatch(error, THROWN, `a handler threw on ${JSON.stringify(msg).slice(0, 200)}`);
                assert.ok(error.length >= 10 && error.length < 400, `unclear error text: ${error}`);
              }
            }
            for (const probe of c.probes) assert.equal(await twins.send(probe), undefined, 'a valid probe was rejected');
            twins.assertSame();
            assert.equal(twins.caught.length, twins.errorsOfA.length, 'every rejection reaches the Catch node');
          } finally {
            await helper.unload();
          }
        }),
        { numRuns: RUNS, seed: 20261128 },
      );
      assert.ok(messages >= RUNS * 20);
      assert.ok(rejected > messages / 10, `only ${rejected} of ${messages} generated messages were rejected`);
    });
  }
});
