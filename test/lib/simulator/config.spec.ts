import assert from 'node:assert/strict';
import { fallbackTank, nodeSettingsFromForm } from '../../../nodes/lib/simulator/config';
import { HOUR, MINUTE, START } from './support';

const tank = fallbackTank();
const read = (form: Record<string, unknown>) => nodeSettingsFromForm(form, tank, START, 99, 60);

describe('simulator node settings', () => {
  it('falls back to a 1000 L vertical tank', () => {
    assert.equal(tank.capacity, 1000);
    assert.equal(tank.shape, 'vertical-cylinder');
  });

  it('reads an empty form as the defaults, starting now with the random seed', () => {
    const parsed = read({});
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, {
      config: {
        tank,
        seed: 99,
        startTime: START,
        utcOffsetMinutes: 60,
        initialPercent: 60,
        people: 3,
        irrigation: undefined,
        pump: { rate: 20, lowPercent: 30, highPercent: 90 },
        level: { unit: '%', noise: 0.2, resolution: 0.1 },
        kFactor: 450,
        faults: [],
      },
      intervalMs: 1000,
      speed: 60,
      autostart: true,
      topic: 'tank',
      flowOutput: 'L/min',
    });
  });

  it('reads the editor strings', () => {
    const parsed = read({
      name: 'Roof tank', seed: ' abc ', startTime: '2026-02-01T00:00:00Z', people: '5', inflow: 'none', irrigationMinutes: '15',
      irrigationHour: '20', levelUnit: 'cm', flowOutput: 'pulses', interval: '0.5', speed: '1', autostart: false,
      faults: '[{"kind":"leak","after":90,"duration":30}]',
    });
    assert.ok(parsed.ok);
    const { config } = parsed.value;
    const start = Date.UTC(2026, 1, 1);
    assert.equal(config.seed, 'abc');
    assert.equal(config.startTime, start);
    assert.equal(config.people, 5);
    assert.equal(config.pump, false);
    assert.deepEqual(config.irrigation, { hour: 20, minutes: 15, rate: 12 });
    assert.deepEqual(config.faults, [{ kind: 'leak', start: start + 90 * MINUTE, end: start + 2 * HOUR }]);
    assert.equal(config.level?.unit, 'cm');
    assert.deepEqual([parsed.value.intervalMs, parsed.value.speed, parsed.value.autostart, parsed.value.topic, parsed.value.flowOutput], [500, 1, false, 'Roof tank', 'pulses']);
  });

  it('names the field that is wrong and what it accepts', () => {
    const problem = (form: Record<string, unknown>): unknown => {
      const parsed = read(form);
      return parsed.ok ? undefined : parsed.problem;
    };
    assert.deepEqual(problem({ people: '2.5' }), { key: 'errors.bad-config', params: { field: 'people', value: '"2.5"', expected: 'a whole number from 1 to 50' } });
    assert.deepEqual(problem({ speed: '0' }), { key: 'errors.bad-config', params: { field: 'speed', value: '"0"', expected: 'a number above 0 to 1000000' } });
    assert.deepEqual(problem({ levelUnit: 'ft' }), { key: 'errors.bad-config', params: { field: 'levelUnit', value: '"ft"', expected: '%, cm, m, mm, L, m3, gal' } });
    assert.deepEqual(problem({ startTime: 'soon' }), { key: 'errors.bad-config', params: { field: 'startTime', value: '"soon"', expected: 'an ISO date or epoch ms' } });
    assert.deepEqual(problem({ lowMark: '90' }), { key: 'errors.bad-config', params: { field: 'lowMark', value: 90, expected: 'below the high mark 90' } });
    assert.deepEqual(problem({ faults: '[{"kind":"fire"}]' }), { key: 'errors.bad-fault-kind', params: { value: '"fire"', expected: 'leak, burst, stuck, dropout, spike, drift, pump-failure' } });
  });
});
