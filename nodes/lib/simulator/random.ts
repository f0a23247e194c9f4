/**
 * A small seedable pseudo-random generator (mulberry32), so a simulation is
 * repeatable message for message from its seed on any machine and Node.js
 * version, which `Math.random` cannot promise.
 */

/** FNV-1a over the text of a seed, so numbers and words alike become a 32-bit state. */
export function hashSeed(seed: number | string): number {
  const text = String(seed);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class Random {
  /** A number from the start (see TankSimulator.clock), though the constructor sets it. */
  private state = 0;

  constructor(seed: number | string) {
    this.state = hashSeed(seed);
  }

  /**
   * An independent stream for one part of the model. Each part draws from its
   * own stream, so injecting a fault or reading the sensors more often never
   * changes the household's water use.
   */
  static stream(seed: number | string, part: string): Random {
    return new Random(`${String(seed)}/${part}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A whole number from low to high, both included. */
  integer(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Standard normal by Box-Muller; `1 - next()` keeps the logarithm away from zero. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, w) => sum + w, 0);
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) return i;
    }
    return weights.length - 1;
  }
}
