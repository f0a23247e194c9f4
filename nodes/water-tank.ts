/**
 * `water-tank` config node: one tank's geometry and sensor mounting, shared by
 * every node that needs to turn a level into a volume or a percentage.
 */

import type { NodeAPI, NodeDef } from './lib/adapter/runtime';
import { Messages } from './lib/adapter/messages';
import type { TankHolder } from './lib/adapter/tank-ref';
import { Tank, tankConfigFromForm } from './lib/tank';

export = function register(RED: NodeAPI): void {
  const messages = new Messages(RED, 'water-tank');

  function WaterTank(this: TankHolder, def: NodeDef & Record<string, unknown>): void {
    RED.nodes.createNode(this, def);
    try {
      this.tank = new Tank(tankConfigFromForm(def));
    } catch (err) {
      this.problem = messages.text('errors.invalid', { reason: err instanceof Error ? err.message : String(err) });
      this.error(this.problem);
    }
  }

  RED.nodes.registerType('water-tank', WaterTank);
};
