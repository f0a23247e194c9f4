/**
 * A clock that runs fast, for a runtime that must live through a simulated
 * day of messages that carry no timestamps of their own (a real sensor's
 * arrival time is its timestamp). Only `Date` is replaced: timers, sockets and
 * the event loop keep real time, so the runtime works as usual while every
 * date it reads moves `speed` times faster than the real clock.
 */

/** Where the fast clock starts (epoch ms), and how many times faster than real time it runs. */
export interface WarpedClock {
  start: number;
  speed: number;
}

/** From now on, `Date.now()` and `new Date()` read `start`, moving `speed` times faster than real time. */
export function warpClock({ start, speed }: WarpedClock): void {
  const RealDate = Date;
  const realStart = performance.now();
  const now = (): number => Math.floor(start + (performance.now() - realStart) * speed);
  function Warped(this: unknown, ...args: unknown[]): Date | string {
    // Called without `new`, Date returns the time as text.
    if (new.target === undefined) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  }
  // Dates made before and after share one prototype, so instanceof and methods hold for both.
  Object.defineProperties(Warped, {
    prototype: { value: RealDate.prototype },
    now: { value: now },
    parse: { value: RealDate.parse.bind(RealDate) },
    UTC: { value: RealDate.UTC.bind(RealDate) },
  });
  globalThis.Date = Warped as unknown as DateConstructor;
}
