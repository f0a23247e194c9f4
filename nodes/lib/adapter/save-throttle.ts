/**
 * A save asked for at every reading but made at most once per interval.
 * Context stores hold a node's state by reference and the node mutates it in
 * place, so a save does not copy anything: it tells a file store that there
 * is something to write (which it then does on its own schedule, every 30 s
 * by default). Asking once per reading would cost more than the reading
 * itself; once per interval loses nothing, since a save held back is made
 * when the interval is over, and closing makes what is still held back.
 */

export class SaveThrottle {
  private timer: NodeJS.Timeout | undefined;
  private savedAt = -Infinity;

  constructor(
    private readonly save: () => void,
    private readonly intervalMs = 1000,
  ) {}

  /**
   * Saves at once if the last save is an interval old, else when it is: one
   * timer for every request until then. `now`: the time, when the caller has
   * just read the clock anyway.
   */
  request(now?: number): void {
    // While a save waits, the clock is not read: at tens of ns, more than the rest of this.
    if (this.timer !== undefined) return;
    const at = now ?? Date.now();
    const wait = this.savedAt + this.intervalMs - at;
    // A wait longer than the interval: the clock was set back.
    if (wait <= 0 || wait > this.intervalMs) this.saveNow(at);
    else this.timer = setTimeout(() => this.saveNow(), wait);
  }

  /** Saves at once, ending any wait. */
  saveNow(now = Date.now()): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.savedAt = now;
    this.save();
  }

  /** Makes the save still held back, if any. */
  close(): void {
    if (this.timer !== undefined) this.saveNow();
  }
}
