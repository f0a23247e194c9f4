/**
 * An opaque RGBA pixel buffer with the few operations a chart needs:
 * rectangles, blending a colour over a pixel by coverage, and reading pixels
 * back (for tests). Colours are 0xRRGGBB numbers. Everything clips to the
 * image, so callers may draw partly outside it.
 */

import type { RgbaImage } from './png';

export type Colour = number;

export interface Rect {
  left: number;
  top: number;
  /** Exclusive. */
  right: number;
  /** Exclusive. */
  bottom: number;
}

export function red(colour: Colour): number {
  return (colour >>> 16) & 0xff;
}
export function green(colour: Colour): number {
  return (colour >>> 8) & 0xff;
}
export function blue(colour: Colour): number {
  return colour & 0xff;
}

export class Raster implements RgbaImage {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Colour,
  ) {
    this.data = new Uint8Array(width * height * 4);
    this.fillRect({ left: 0, top: 0, right: width, bottom: height }, background);
  }

  get bounds(): Rect {
    return { left: 0, top: 0, right: this.width, bottom: this.height };
  }

  /** The colour at a pixel, or undefined outside the image. */
  pixel(x: number, y: number): Colour | undefined {
    if (!this.contains(x, y)) return undefined;
    const i = (y * this.width + x) * 4;
    return (this.data[i] << 16) | (this.data[i + 1] << 8) | this.data[i + 2];
  }

  fillRect(rect: Rect, colour: Colour): void {
    const left = Math.max(0, Math.round(rect.left));
    const right = Math.min(this.width, Math.round(rect.right));
    const top = Math.max(0, Math.round(rect.top));
    const bottom = Math.min(this.height, Math.round(rect.bottom));
    if (left >= right || top >= bottom) return;
    // One pixel written, then copied: doubling along the first row, that row to the others.
    const start = (top * this.width + left) * 4;
    const rowBytes = (right - left) * 4;
    this.write(left, top, colour);
    for (let filled = 4; filled < rowBytes; filled *= 2) this.data.copyWithin(start + filled, start, start + Math.min(filled, rowBytes - filled));
    for (let y = top + 1; y < bottom; y++) this.data.copyWithin((y * this.width + left) * 4, start, start + rowBytes);
  }

  /** Covers `coverage` (0..1) of the pixel with the colour. */
  blend(x: number, y: number, colour: Colour, coverage: number): void {
    if (!this.contains(x, y) || !(coverage > 0)) return;
    if (coverage >= 1) {
      this.write(x, y, colour);
      return;
    }
    const i = (y * this.width + x) * 4;
    const d = this.data;
    d[i] = Math.round(d[i] + (red(colour) - d[i]) * coverage);
    d[i + 1] = Math.round(d[i + 1] + (green(colour) - d[i + 1]) * coverage);
    d[i + 2] = Math.round(d[i + 2] + (blue(colour) - d[i + 2]) * coverage);
  }

  private contains(x: number, y: number): boolean {
    return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  private write(x: number, y: number, colour: Colour): void {
    const i = (y * this.width + x) * 4;
    this.data[i] = red(colour);
    this.data[i + 1] = green(colour);
    this.data[i + 2] = blue(colour);
    this.data[i + 3] = 0xff;
  }
}
