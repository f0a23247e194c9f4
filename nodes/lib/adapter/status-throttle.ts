/**
 * A node status shown at most once per interval. A node fed many readings a
 * second would otherwise push a status event to every open editor for each of
 * them; the latest status still always shows, at most one interval late.
 * A status may be given as a function, so its (translated) text is only built
 * when it is actually shown.
 */

import type { NodeStatus } from 'node-red';
import type { Node } from './runtime';

export class StatusThrottle {
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => NodeStatus) | undefined;
  private lastShown = -Infinity;

  constructor(
    private readonly node: Node,
    private readonly intervalMs = 1000,
  ) {}

  /** `now`: the time, when the caller has just read the clock anyway (reading it costs as much as the rest of this). */
  show(status: NodeStatus | (() => NodeStatus), now = Date.now()): void {
    const make = typeof status === 'function' ? status : () => status;
    if (this.timer === undefined && now - this.lastShown >= this.intervalMs) {
      this.lastShown = now;
      this.node.status(make());
      return;
    }
    this.pending = make;
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.intervalMs - (now - this.lastShown));
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
