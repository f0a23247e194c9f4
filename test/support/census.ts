/**
 * What a process holds on to, for leak tests: its live timers and intervals
 * (by the place that created them), its active handles, the listeners on
 * given emitters, and its heap after a forced collection. Importing this
 * module starts the timer census, so import it before anything that creates
 * timers worth counting.
 */

import type { EventEmitter } from 'node:events';
import timers from 'node:timers';

type Timer = NodeJS.Timeout & { _destroyed?: boolean };

/** Created timers; fired and cleared ones are pruned (Node marks them `_destroyed`). */
const created = new Map<Timer, string>();
let createdSincePrune = 0;

function prune(): void {
  for (const timer of created.keys()) if (timer._destroyed) created.delete(timer);
  createdSincePrune = 0;
}

/** The first stack frame outside this module: where the timer was asked for. */
function callerSite(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 4;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frame = stack.split('\n').slice(1).find((line) => !line.includes(__filename)) ?? '?';
  return frame.trim().replace(/^at /, '');
}

function counted<A extends unknown[]>(original: (...args: A) => NodeJS.Timeout): (...args: A) => NodeJS.Timeout {
  return (...args: A) => {
    const timer = original(...args) as Timer;
    created.set(timer, callerSite());
    // Pruning now and then keeps the census from holding every fired timer's closure.
    if (++createdSincePrune >= 1000) prune();
    return timer;
  };
}

const countedTimeout = counted(setTimeout as unknown as (...args: unknown[]) => NodeJS.Timeout);
const countedInterval = counted(setInterval as unknown as (...args: unknown[]) => NodeJS.Timeout);
// Both the globals and the `timers` module's exports, which some code calls directly.
Object.assign(globalThis, { setTimeout: countedTimeout, setInterval: countedInterval });
Object.assign(timers, { setTimeout: countedTimeout, setInterval: countedInterval });

/** Live timers and intervals, counted by the place that created them. */
export function liveTimers(): Record<string, number> {
  prune();
  const bySite: Record<string, number> = {};
  for (const site of created.values()) bySite[site] = (bySite[site] ?? 0) + 1;
  return bySite;
}

/** Active handles (sockets, servers, pipes) by kind. */
export function activeHandles(): Record<string, number> {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  const byKind: Record<string, number> = {};
  for (const handle of handles) {
    const kind = handle.constructor?.name ?? typeof handle;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return byKind;
}

/** Listener counts per event of each emitter, named `<emitter>:<event>`. */
export function listeners(emitters: Record<string, EventEmitter>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, emitter] of Object.entries(emitters)) {
    for (const event of emitter.eventNames()) counts[`${name}:${String(event)}`] = emitter.listenerCount(event);
  }
  return counts;
}

/** Heap in use after full collections; needs `node --expose-gc`. */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  prune();
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

export interface Census {
  timers: Record<string, number>;
  handles: Record<string, number>;
  listeners: Record<string, number>;
  heap: number;
}

export function census(emitters: Record<string, EventEmitter>): Census {
  return { timers: liveTimers(), handles: activeHandles(), listeners: listeners(emitters), heap: heapAfterGc() };
}

/** Every count of `after` above its count in `before`: what was left behind. */
export function grown(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const more: Record<string, number> = {};
  for (const [key, count] of Object.entries(after)) if (count > (before[key] ?? 0)) more[key] = count - (before[key] ?? 0);
  return more;
}
