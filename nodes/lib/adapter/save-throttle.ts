/**
 * A save requested at every reading but done at most once per interval.
 * Context stores hold a node's state by reference and the node mutates it in
 * place, so a save does not copy anything: it tells a file store that there
 * is something to write (which it then does on its own schedule). Asking
 * once per reading would cost more than the reading itself; asking once per
 * interval loses nothing, and closing saves what is still pending.
 */

export class SaveThrottle {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly save: () => void,
    private readonly intervalMs = 1000,
  ) {}

  /** Saves within the interval: one timer for every request until then. */
  request(): void {
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Saves now what was requested, if anything. */
  close(): void {
    if (this.timer !== undefined) this.flush();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }
}
