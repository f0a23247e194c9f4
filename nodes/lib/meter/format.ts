/** Short renderings of quantities for the node status, which has room for a few characters only. */

/** Three significant digits, but never fewer than the whole units: 0.0123, 12.3, 1235. */
export function shortNumber(value: number): string {
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}
