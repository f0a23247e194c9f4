/** Generators of messages of every shape, for the bad-input properties. */

import fc from 'fast-check';

const START = Date.UTC(2026, 2, 1);

/** Values that are not readings: text, null, non-finite and huge numbers, objects, arrays. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_SAFE_INTEGER, -0, '', ' ', '12abc', '0x1F', '1,5', 'NaN'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.object({ maxDepth: 2 }),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 5 }),
);

export const topic: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('tank/level', 'tank/flow', 'meter') },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ minLength: 2000, maxLength: 5000 }) },
  { weight: 1, arbitrary: junk },
);

export const unit: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom('L', 'm3', 'gal', 'L/min', 'm3/h', 'gpm', '%', 'cm', 'm', 'pulses', 'furlong', 'kg', ''), junk);

type Stamp = { kind: 'next' | 'back' | 'iso' | 'absent' } | { kind: 'junk'; value: unknown };

const stamp: fc.Arbitrary<Stamp> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Stamp>({ kind: 'next' }) },
  { weight: 1, arbitrary: fc.constant<Stamp>({ kind: 'back' }) },
  { weight: 1, arbitrary: fc.constant<Stamp>({ kind: 'iso' }) },
  { weight: 1, arbitrary: fc.constant<Stamp>({ kind: 'absent' }) },
  { weight: 1, arbitrary: junk.map((value): Stamp => ({ kind: 'junk', value })) },
);

/** The i-th message's timestamp: a minute after the previous one, or a day back, ISO text, absent or junk. */
function resolveStamp(s: Stamp, i: number): { timestamp?: unknown } {
  const next = START + (i + 1) * 60_000;
  switch (s.kind) {
    case 'next':
      return { timestamp: next };
    case 'back':
      return { timestamp: next - 86_400_000 };
    case 'iso':
      return { timestamp: new Date(next).toISOString() };
    case 'absent':
      return {};
    case 'junk':
      return { timestamp: s.value };
  }
}

/**
 * Sequences of messages of any shape: mostly plausible readings with junk in
 * any property, commands real and unknown, timestamps forward, backward,
 * absent or junk. `reading` shapes the plausible payloads of the node under test.
 */
export function messageSequence(
  commands: string[],
  reading: fc.Arbitrary<unknown> = fc.double({ min: -1e6, max: 1e6, noNaN: true }),
): fc.Arbitrary<Array<Record<string, unknown>>> {
  const one = fc.record(
    {
      payload: fc.oneof({ weight: 3, arbitrary: reading }, { weight: 2, arbitrary: junk }),
      topic,
      unit: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: unit }),
      command: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...commands, 'explode', 'RESET ', '') }, { weight: 1, arbitrary: junk }),
      stamp,
    },
    { requiredKeys: ['payload', 'stamp'] },
  );
  return fc.array(one, { minLength: 20, maxLength: 60 }).map((list) =>
    list.map(({ stamp: s, ...rest }, i) => {
      const msg: Record<string, unknown> = { ...rest, ...resolveStamp(s, i) };
      for (const key of Object.keys(msg)) if (msg[key] === undefined) delete msg[key];
      return msg;
    }),
  );
}
