/**
 * Anti-aliased thick polylines. A pixel is covered by how far its centre lies
 * inside the band of half the line width around the line, smoothed over one
 * pixel: coverage = clamp(halfWidth + 0.5 - distance, 0, 1). A line of width 2
 * along a pixel boundary is therefore exactly two solid rows.
 *
 * The coverage of a whole polyline is gathered in a mask, as the maximum over
 * its segments, and blended once: blending segment by segment would paint the
 * joints twice and leave dark beads along the line.
 */

import type { Colour, Raster, Rect } from './raster';

/** Long segments are stamped in pieces so each piece scans only a small box of pixels. */
const PIECE_LENGTH = 12;

function distanceToSegment(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / lengthSquared));
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}

export class Stroke {
  private readonly mask: Float32Array;
  private readonly clipWidth: number;
  /** The box of pixels touched since the last paint, in clip coordinates. */
  private dirty = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };

  private readonly clip: Rect;

  /** Nothing is drawn outside `clip`, shrunk to whole pixels. */
  constructor(clip: Rect) {
    this.clip = { left: Math.ceil(clip.left), top: Math.ceil(clip.top), right: Math.floor(clip.right), bottom: Math.floor(clip.bottom) };
    this.clipWidth = Math.max(0, this.clip.right - this.clip.left);
    this.mask = new Float32Array(this.clipWidth * Math.max(0, this.clip.bottom - this.clip.top));
  }

  /**
   * Adds a polyline through (xs[i], ys[i]); a NaN coordinate breaks it there,
   * and a point with no neighbour on either side is drawn as a dot.
   */
  polyline(xs: ArrayLike<number>, ys: ArrayLike<number>, width: number): void {
    let previous: [number, number] | undefined;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const y = ys[i];
      if (Number.isNaN(x) || Number.isNaN(y)) {
        previous = undefined;
        continue;
      }
      const nextIsPoint = i + 1 < xs.length && !Number.isNaN(xs[i + 1]) && !Number.isNaN(ys[i + 1]);
      if (previous) this.segment(previous[0], previous[1], x, y, width);
      else if (!nextIsPoint) this.segment(x, y, x, y, width);
      previous = [x, y];
    }
  }

  segment(x0: number, y0: number, x1: number, y1: number, width: number): void {
    const pieces = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / PIECE_LENGTH));
    for (let p = 0; p < pieces; p++) {
      const a = p / pieces;
      const b = (p + 1) / pieces;
      this.stamp(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b, width / 2);
    }
  }

  /** Blends the gathered coverage in `colour` and clears the mask for the next line. */
  paint(raster: Raster, colour: Colour): void {
    const { left, top, right, bottom } = this.dirty;
    for (let y = top; y <= bottom; y++) {
      for (let x = left; x <= right; x++) {
        const i = y * this.clipWidth + x;
        if (this.mask[i] > 0) raster.blend(x + this.clip.left, y + this.clip.top, colour, this.mask[i]);
        this.mask[i] = 0;
      }
    }
    this.dirty = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  }

  private stamp(x0: number, y0: number, x1: number, y1: number, halfWidth: number): void {
    const reach = halfWidth + 0.5;
    const left = Math.max(this.clip.left, Math.floor(Math.min(x0, x1) - reach));
    const right = Math.min(this.clip.right - 1, Math.ceil(Math.max(x0, x1) + reach));
    const top = Math.max(this.clip.top, Math.floor(Math.min(y0, y1) - reach));
    const bottom = Math.min(this.clip.bottom - 1, Math.ceil(Math.max(y0, y1) + reach));
    for (let y = top; y <= bottom; y++) {
      for (let x = left; x <= right; x++) {
        const coverage = Math.min(1, reach - distanceToSegment(x + 0.5, y + 0.5, x0, y0, x1, y1));
        if (coverage <= 0) continue;
        const i = (y - this.clip.top) * this.clipWidth + (x - this.clip.left);
        if (coverage > this.mask[i]) this.mask[i] = coverage;
      }
    }
    if (left <= right && top <= bottom) {
      const d = this.dirty;
      d.left = Math.min(d.left, left - this.clip.left);
      d.right = Math.max(d.right, right - this.clip.left);
      d.top = Math.min(d.top, top - this.clip.top);
      d.bottom = Math.max(d.bottom, bottom - this.clip.top);
    }
  }
}
