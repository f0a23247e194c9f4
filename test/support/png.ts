/**
 * A minimal PNG decoder for specs, independent of the encoder under test: it
 * checks the signature and the CRC of every chunk (computed bit by bit, not
 * from a table), reads IHDR, inflates the IDAT data and undoes the five
 * scanline filters. Only what the package writes is supported: 8-bit RGBA,
 * not interlaced.
 */

import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, rows top to bottom. */
  data: Uint8Array;
  /** Chunk types in file order. */
  chunks: string[];
  /** The filter type byte of each scanline. */
  filters: number[];
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function bitwiseCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): DecodedPng {
  assert.deepEqual([...png.subarray(0, 8)], SIGNATURE, 'PNG signature');
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    assert.equal(crc, bitwiseCrc32(png.subarray(offset + 4, offset + 8 + length)), `CRC of chunk ${type}`);
    chunks.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([...data.subarray(8, 13)], [8, 6, 0, 0, 0], 'IHDR: 8-bit RGBA, deflate, adaptive filtering, not interlaced');
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  assert.equal(offset, png.length, 'chunks end exactly at the end of the file');
  assert.equal(chunks[0], 'IHDR');
  assert.equal(chunks[chunks.length - 1], 'IEND');

  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  assert.equal(raw.length, (stride + 1) * height, 'inflated size');
  const out = new Uint8Array(stride * height);
  const filters: number[] = [];
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    filters.push(filter);
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= 4 ? out[y * stride + i - 4] : 0;
      const b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= 4 && y > 0 ? out[(y - 1) * stride + i - 4] : 0;
      const predictors = [0, a, b, (a + b) >> 1, paeth(a, b, c)];
      assert.ok(filter < predictors.length, `filter type ${filter}`);
      out[y * stride + i] = (x + predictors[filter]) & 0xff;
    }
  }
  return { width, height, data: out, chunks, filters };
}

/** The colour of a decoded pixel as 0xRRGGBB, with its alpha. */
export function pixelOf(image: DecodedPng, x: number, y: number): { rgb: number; alpha: number } {
  const i = (y * image.width + x) * 4;
  return { rgb: (image.data[i] << 16) | (image.data[i + 1] << 8) | image.data[i + 2], alpha: image.data[i + 3] };
}

/** How many pixels of an image have exactly this colour (0xRRGGBB). */
export function colourCount(image: DecodedPng, colour: number): number {
  let n = 0;
  for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) if (pixelOf(image, x, y).rgb === colour) n++;
  return n;
}
