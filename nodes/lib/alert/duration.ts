/** Durations as people type them (`30m`, `2 h`, `90s`) and as notifications show them (`1 h 30 min`). */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Milliseconds from a non-negative number (ms) or a string with an optional unit (ms, s, m, min, h, d). */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/i.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[(match[2] ?? 'ms').toLowerCase()];
}

const SHOWN_UNITS: ReadonlyArray<[string, number]> = [
  ['d', UNIT_MS.d],
  ['h', UNIT_MS.h],
  ['min', UNIT_MS.min],
  ['s', UNIT_MS.s],
];

/** The largest whole unit of a duration and the next one when not zero: `2 d 3 h`, `1 h 30 min`, `45 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000)) * 1000;
  const first = SHOWN_UNITS.findIndex(([, size]) => seconds >= size);
  if (first === -1) return '0 s';
  const [unit, size] = SHOWN_UNITS[first];
  const text = `${Math.floor(seconds / size)} ${unit}`;
  const next = SHOWN_UNITS[first + 1];
  const rest = next === undefined ? 0 : Math.floor((seconds % size) / next[1]);
  return rest > 0 ? `${text} ${rest} ${next[0]}` : text;
}
