import assert from 'node:assert/strict';
import { Tank, circularSegmentArea, tankConfigFromForm } from '../../nodes/lib/tank';

const close = (actual: number, expected: number, tol = 1e-9): void => {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);
};

describe('tank geometry', () => {
  describe('vertical cylinder', () => {
    const tank = new Tank({ shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: 2, height: 3, sensor: 'bottom' });

    it('holds pi r^2 h litres', () => {
      close(tank.capacity, Math.PI * 1 * 3 * 1000);
      close(tank.volumeAt(1.5), Math.PI * 1.5 * 1000);
    });

    it('is linear in percent', () => {
      close(tank.percentAt(0.75), 25);
      close(tank.levelAtPercent(40), 1.2);
    });

    it('clamps levels outside the tank', () => {
      assert.equal(tank.volumeAt(-1), 0);
      close(tank.volumeAt(4), tank.capacity);
      assert.equal(tank.levelAt(-5), 0);
      assert.equal(tank.levelAt(tank.capacity * 2), 3);
    });
  });

  describe('horizontal cylinder', () => {
    const r = 0.5;
    const tank = new Tank({ shape: 'horizontal-cylinder', dimensionUnit: 'cm', diameter: 100, length: 200, sensor: 'bottom' });

    it('is full at the diameter with pi r^2 L litres', () => {
      assert.equal(tank.height, 1);
      close(tank.capacity, Math.PI * r * r * 2 * 1000);
    });

    it('holds exactly half at half height', () => {
      close(tank.percentAt(0.5), 50);
    });

    it('matches the closed-form circular segment at a quarter of the height', () => {
      // h = r/2: area = r^2 acos(1/2) - (r/2) sqrt(r^2 - r^2/4) = r^2 (pi/3 - sqrt(3)/4)
      const expected = r * r * (Math.PI / 3 - Math.sqrt(3) / 4) * 2 * 1000;
      close(tank.volumeAt(0.25), expected);
      close(circularSegmentArea(r, 0.25), r * r * (Math.PI / 3 - Math.sqrt(3) / 4));
      close(tank.percentAt(0.25), (100 * (Math.PI / 3 - Math.sqrt(3) / 4)) / Math.PI);
    });

    it('round-trips level -> volume -> level to 1e-9 m', () => {
      for (let h = 0; h <= 1; h += 0.0125) {
        close(tank.levelAt(tank.volumeAt(h)), h, 1e-9);
        close(tank.levelAtPercent(tank.percentAt(h)), h, 1e-9);
      }
    });
  });

  describe('rectangular', () => {
    const tank = new Tank({ shape: 'rectangular', dimensionUnit: 'mm', length: 2000, width: 1000, height: 1500, sensor: 'bottom' });

    it('holds l w h litres and round-trips', () => {
      assert.equal(tank.capacity, 3000);
      assert.equal(tank.volumeAt(0.5), 1000);
      assert.equal(tank.levelAt(1500), 0.75);
    });
  });

  it('scales volumes to a nameplate capacity', () => {
    const tank = new Tank({ shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: 1, height: 1, capacity: 1000, sensor: 'bottom' });
    assert.equal(tank.capacity, 1000);
    close(tank.volumeAt(0.5), 500);
    close(tank.levelAt(250), 0.25);
  });

  describe('sensor mounting', () => {
    it('adds a bottom sensor offset', () => {
      const tank = new Tank({ shape: 'rectangular', dimensionUnit: 'cm', length: 100, width: 100, height: 200, sensor: 'bottom', sensorOffset: 5 });
      close(tank.levelFromSensor(95, 'cm'), 1);
      close(tank.sensorFromLevel(1, 'cm'), 95);
    });

    it('turns an ultrasonic distance from the top into a level', () => {
      const tank = new Tank({ shape: 'rectangular', dimensionUnit: 'cm', length: 100, width: 100, height: 200, sensor: 'top', sensorOffset: 20 });
      close(tank.levelFromSensor(20, 'cm'), 2); // reading equal to the offset: full
      close(tank.levelFromSensor(220, 'cm'), 0); // empty
      close(tank.toLevel(120, 'cm'), 1);
      close(tank.percentAt(tank.toLevel(120, 'cm')), 50);
      close(tank.sensorFromLevel(0.5, 'm'), 1.7);
    });
  });

  it('converts between level-like units', () => {
    const tank = new Tank({ shape: 'rectangular', dimensionUnit: 'm', length: 1, width: 1, height: 2, sensor: 'bottom' });
    close(tank.toLevel(50, '%'), 1);
    close(tank.toLevel(0.5, 'm3'), 0.5);
    close(tank.fromLevel(1.5, 'L'), 1500);
    close(tank.fromLevel(1.5, 'gal'), 1500 / 3.785411784);
    assert.throws(() => tank.toLevel(1, 'L/min'), /not a level/);
  });

  it('rejects impossible configurations with a reason', () => {
    assert.throws(() => new Tank({ shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: 0, height: 1, sensor: 'bottom' }), /diameter must be a positive number/);
    assert.throws(() => new Tank({ shape: 'rectangular', dimensionUnit: 'm', length: 1, height: 1, sensor: 'bottom' }), /width/);
    assert.throws(() => new Tank(tankConfigFromForm({ shape: 'sphere', diameter: '1' })), /unknown tank shape/);
    assert.throws(() => new Tank(tankConfigFromForm({ shape: 'vertical-cylinder', diameter: 'abc', height: '1' })), /diameter/);
  });

  it('reads the editor form, where numbers are strings', () => {
    const config = tankConfigFromForm({ shape: 'vertical-cylinder', dimensionUnit: 'cm', diameter: '120', height: '180', capacity: '', sensor: 'top', sensorOffset: '10' });
    assert.deepEqual(config, {
      shape: 'vertical-cylinder', dimensionUnit: 'cm', diameter: 120, height: 180, length: undefined, width: undefined,
      capacity: undefined, sensor: 'top', sensorOffset: 10,
    });
  });
});
