import type { Tank } from '../tank';
import type { Node, NodeAPI } from './runtime';

/** A `water-tank` config node: its Tank, or undefined with the reason when the configuration is invalid. */
export interface TankHolder extends Node {
  tank?: Tank;
  problem?: string;
}

/** The Tank of a referenced `water-tank` config node, or the reason there is none. */
export function resolveTank(RED: NodeAPI, id: unknown): { tank?: Tank; problem?: string } {
  if (typeof id !== 'string' || id === '') return {};
  const holder = RED.nodes.getNode(id) as TankHolder | null;
  if (!holder) return { problem: `tank config node ${id} not found` };
  return { tank: holder.tank, problem: holder.problem };
}
