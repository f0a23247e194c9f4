/** What the benchmark's command-line scripts share: reading their flags and printing their figures. */

/** The value after `flag` on the command line, if the flag is there. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i === -1 ? undefined : argv[i + 1];
}

/** A figure as the tables print it: thousands separated, exactly `digits` decimals. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
