/**
 * A PNG encoder for 8-bit RGBA rasters (colour type 6), written here so that
 * the chart needs no image library. Each scanline gets the filter that makes
 * it most compressible by the usual heuristic (the smallest sum of the
 * filtered bytes read as signed), then zlib deflates the whole image into one
 * IDAT chunk. Chunks carry the CRC-32 of their type and data (PNG spec 5.3).
 */

import { deflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, rows top to bottom, R G B A per pixel. */
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BYTES_PER_PIXEL = 4;
const COLOUR_TYPE_RGBA = 6;

/** The five scanline filters of PNG: none, sub, up, average, Paeth. */
export const FILTERS = [0, 1, 2, 3, 4] as const;
export type FilterType = (typeof FILTERS)[number];

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG and zlib define it (ISO 3309, reflected, polynomial 0xEDB88320). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function paeth(left: number, up: number, upLeft: number): number {
  const p = left + up - upLeft;
  const pa = Math.abs(p - left);
  const pb = Math.abs(p - up);
  const pc = Math.abs(p - upLeft);
  if (pa <= pb && pa <= pc) return left;
  return pb <= pc ? up : upLeft;
}

/**
 * Writes `row` filtered with `filter` into `out` (one filter-type byte, then
 * the row). A missing previous row reads as zeros, as the spec says for the
 * first row. One loop per filter keeps the per-byte work branch-free.
 */
function filterRow(filter: FilterType, row: Uint8Array, previous: Uint8Array, out: Uint8Array): void {
  const bpp = BYTES_PER_PIXEL;
  const n = row.length;
  out[0] = filter;
  switch (filter) {
    case 0:
      out.set(row, 1);
      break;
    case 1:
      for (let i = 0; i < bpp; i++) out[i + 1] = row[i];
      for (let i = bpp; i < n; i++) out[i + 1] = row[i] - row[i - bpp];
      break;
    case 2:
      for (let i = 0; i < n; i++) out[i + 1] = row[i] - previous[i];
      break;
    case 3:
      for (let i = 0; i < bpp; i++) out[i + 1] = row[i] - (previous[i] >>> 1);
      for (let i = bpp; i < n; i++) out[i + 1] = row[i] - ((row[i - bpp] + previous[i]) >>> 1);
      break;
    case 4:
      for (let i = 0; i < bpp; i++) out[i + 1] = row[i] - previous[i];
      for (let i = bpp; i < n; i++) out[i + 1] = row[i] - paeth(row[i - bpp], previous[i], previous[i - bpp]);
      break;
  }
}

/** The heuristic of the PNG spec (12.8): small signed residuals compress best. */
function cost(filtered: Uint8Array): number {
  let sum = 0;
  for (let i = 1; i < filtered.length; i++) sum += filtered[i] < 128 ? filtered[i] : 256 - filtered[i];
  return sum;
}

/**
 * Encodes the image as a PNG. `filter` forces one scanline filter for every
 * row (for tests); by default each row gets the cheapest.
 */
export function encodePng(image: RgbaImage, filter?: FilterType): Buffer {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be positive whole numbers, got ${width}×${height}`);
  }
  const stride = width * BYTES_PER_PIXEL;
  if (data.length !== stride * height) throw new RangeError(`expected ${stride * height} bytes of RGBA, got ${data.length}`);

  const filtered = Buffer.alloc((stride + 1) * height);
  const candidates = FILTERS.map(() => new Uint8Array(stride + 1));
  const zeros = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = data.subarray(y * stride, (y + 1) * stride);
    const previous = y > 0 ? data.subarray((y - 1) * stride, y * stride) : zeros;
    const target = filtered.subarray(y * (stride + 1), (y + 1) * (stride + 1));
    if (filter !== undefined) {
      filterRow(filter, row, previous, target);
      continue;
    }
    let best = 0;
    let bestCost = Infinity;
    for (const type of FILTERS) {
      filterRow(type, row, previous, candidates[type]);
      const c = cost(candidates[type]);
      if (c < bestCost) {
        best = type;
        bestCost = c;
      }
    }
    target.set(candidates[best]);
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = COLOUR_TYPE_RGBA;
  // compression (deflate), filter method (adaptive) and interlace (none) are all 0
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(filtered)), chunk('IEND', new Uint8Array(0))]);
}
