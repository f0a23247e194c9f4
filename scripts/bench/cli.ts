/** What the benchmark's command-line scripts share: reading their flags and printing their figures. */

/** The value after `flag` on the command line, if the flag is there. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i === -1 ? undefined : argv[i + 1];
}

/** The whole number of at least 1 after `flag`, or `fallback` when the flag is not there; anything else is refused. */
export function countFlag(argv: readonly string[], flag: string, fallback: number): number {
  if (!argv.includes(flag)) return fallback;
  const text = flagValue(argv, flag) ?? '';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number of at least 1, not "${text}"`);
  return n;
}

/** A figure as the tables print it: thousands separated, exactly `digits` decimals. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
