/**
 * The chart's legend: one entry per series (a swatch of its colour and its
 * name), laid out in rows across the image; what does not fit in the rows
 * ends as a "+N more" note, so the legend never takes the plot's room.
 */

import { drawText, fitText, textHeight, textWidth } from './font';
import type { Colour, Raster } from './raster';

const MAX_ROWS = 2;

export interface LegendItem {
  label: string;
  colour: Colour;
}

interface Entry {
  label: string;
  /** Absent for the "+N more" note. */
  colour?: Colour;
  width: number;
}

export interface Legend {
  rows: Entry[][];
  scale: number;
}

const swatchWidth = (scale: number): number => 14 * scale;
const swatchGap = (scale: number): number => 4 * scale;
const entryGap = (scale: number): number => 12 * scale;
export const legendRowHeight = (scale: number): number => textHeight(scale) + 5 * scale;

export function layoutLegend(items: readonly LegendItem[], width: number, scale: number, more: (count: number) => string): Legend {
  const entries = items.map((item): Entry => {
    const label = fitText(item.label, width - swatchWidth(scale) - swatchGap(scale), scale);
    return { label, colour: item.colour, width: swatchWidth(scale) + swatchGap(scale) + textWidth(label, scale) };
  });
  const gap = entryGap(scale);
  const rows: Entry[][] = [];
  let used = Infinity;
  for (let i = 0; i < entries.length; i++) {
    if (used + entries[i].width > width) {
      if (rows.length === MAX_ROWS) {
        // Room for the note, at the cost of the last row's last entries if need be.
        const row = rows[rows.length - 1];
        let hidden = entries.length - i;
        while (row.length > 1 && used + textWidth(more(hidden), scale) > width) {
          used -= row.pop()!.width + gap;
          hidden++;
        }
        const note = more(hidden);
        row.push({ label: note, width: textWidth(note, scale) });
        break;
      }
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(entries[i]);
    used += entries[i].width + gap;
  }
  return { rows, scale };
}

export function legendHeight(legend: Legend): number {
  return legend.rows.length * legendRowHeight(legend.scale);
}

/** Draws the legend with its first row's top-left corner at (left, top). */
export function drawLegend(raster: Raster, legend: Legend, left: number, top: number, textColour: Colour): void {
  const s = legend.scale;
  legend.rows.forEach((row, r) => {
    let x = left;
    const y = top + r * legendRowHeight(s);
    for (const entry of row) {
      if (entry.colour === undefined) drawText(raster, entry.label, x, y, textColour, s);
      else {
        const middle = y + Math.floor(textHeight(s) / 2);
        raster.fillRect({ left: x, top: middle - s, right: x + swatchWidth(s), bottom: middle + s }, entry.colour);
        drawText(raster, entry.label, x + swatchWidth(s) + swatchGap(s), y, textColour, s);
      }
      x += entry.width + entryGap(s);
    }
  });
}
