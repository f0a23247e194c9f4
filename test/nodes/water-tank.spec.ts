import assert from 'node:assert/strict';
import waterTank from '../../nodes/water-tank';
import type { TankHolder } from '../../nodes/lib/adapter/tank-ref';
import { helper, withFlow } from '../support/helper';

describe('water-tank config node', () => {
  it('builds its tank from the editor form', async () => {
    const flow = [
      { id: 't1', type: 'water-tank', name: 'rain tank', shape: 'horizontal-cylinder', dimensionUnit: 'cm', diameter: '100', length: '200', capacity: '', sensor: 'top', sensorOffset: '10' },
    ];
    await withFlow([waterTank], flow, () => {
      const node = helper.getNode('t1') as TankHolder;
      assert.ok(node.tank, node.problem);
      assert.equal(node.tank.height, 1);
      assert.ok(Math.abs(node.tank.capacity - Math.PI * 0.25 * 2000) < 1e-9);
      assert.ok(Math.abs(node.tank.toLevel(60, 'cm') - 0.5) < 1e-12);
      assert.equal(node.problem, undefined);
    });
  });

  it('explains an invalid configuration instead of failing the deploy', async () => {
    const flow = [{ id: 't1', type: 'water-tank', shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: '-1', height: '2', sensor: 'bottom' }];
    await withFlow([waterTank], flow, () => {
      const node = helper.getNode('t1') as TankHolder;
      assert.equal(node.tank, undefined);
      assert.equal(node.problem, 'invalid tank configuration: diameter must be a positive number, got -1');
    });
  });
});
