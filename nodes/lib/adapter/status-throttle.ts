/**
 * A node status shown at most once per interval. A node fed many readings a
 * second would otherwise push a status event to every open editor for each of
 * them; the latest status still always shows, at most one interval late.
 * A status may be given as a function, so its (translated) text is only built
 * when it is actually shown.
 */

import type { NodeStatus } from 'node-red';
import type { Node } from './runtime';

/** A status given as it is, as a function that gives it. */
function constant(status: NodeStatus): () => NodeStatus {
  return () => status;
}

export class StatusThrottle {
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => NodeStatus) | undefined;
  private lastShown = -Infinity;

  constructor(
    private readonly node: Node,
    private readonly intervalMs = 1000,
  ) {}

  /**
   * `now`: the time, when the caller has just read the clock anyway (reading it
   * costs as much as the rest of this). No closure is made here: one would make
   * every call allocate its scope, for every message.
   */
  show(status: NodeStatus | (() => NodeStatus), now?: number): void {
    const make = typeof status === 'function' ? status : constant(status);
    // While one waits, the clock is not read: at tens of ns, a good part of a fast node's work per message.
    if (this.timer !== undefined) {
      this.pending = make;
      return;
    }
    const at = now ?? Date.now();
    if (at - this.lastShown >= this.intervalMs) {
      this.lastShown = at;
      this.node.status(make());
      return;
    }
    this.pending = make;
    this.flushIn(this.intervalMs - (at - this.lastShown));
  }

  private flushIn(ms: number): void {
    this.timer = setTimeout(() => this.flush(), ms);
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    if (this.pending === undefined) return;
    this.lastShown = Date.now();
    this.node.status(this.pending());
    this.pending = undefined;
  }
}

/**
 * The status of the latest of a stream of values (a reading, a forecast),
 * shown through a throttle: its (translated) text is built only when the
 * throttle shows it, from whatever value is latest by then, and no closure
 * is made per value.
 */
export class LatestStatus<T> {
  private latest: T | undefined;
  private readonly current = (): NodeStatus => this.statusOf(this.latest as T);

  constructor(
    private readonly shown: StatusThrottle,
    private readonly statusOf: (value: T) => NodeStatus,
  ) {}

  /** `now`: as for `StatusThrottle.show`. */
  show(value: T, now?: number): void {
    this.latest = value;
    this.shown.show(this.current, now);
  }
}
