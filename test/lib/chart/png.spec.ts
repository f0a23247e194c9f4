import assert from 'node:assert/strict';
import { crc32, encodePng } from '../../../nodes/lib/chart/png';
import { decodePng, pixelOf } from '../../support/png';

/** 3 × 2 pixels whose rows differ up and down, so the Up filter's residuals wrap around 0 and 255. */
const tiny = {
  width: 3,
  height: 2,
  // prettier-ignore
  data: Uint8Array.from([
    255, 0, 0, 255,     0, 255, 0, 255,     0, 0, 255, 255,
    10, 200, 30, 128,   250, 5, 128, 0,     1, 2, 3, 4,
  ]),
};

describe('PNG encoder', () => {
  it('computes the standard CRC-32 (check value of "123456789")', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.from('IEND')), 0xae426082);
  });

  it('writes a PNG that decodes to exactly the pixels it was given, with valid chunks', () => {
    const png = encodePng(tiny);
    const decoded = decodePng(png);
    assert.deepEqual(decoded.chunks, ['IHDR', 'IDAT', 'IEND']);
    assert.equal(decoded.width, 3);
    assert.equal(decoded.height, 2);
    assert.deepEqual([...decoded.data], [...tiny.data]);
    assert.deepEqual(pixelOf(decoded, 1, 1), { rgb: 0xfa0580, alpha: 0 });
    assert.deepEqual([...png.subarray(png.length - 12)], [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82], 'the IEND chunk');
  });

  it('stores every row with the Up filter', () => {
    const width = 64;
    const row = Array.from({ length: width }, (_, x) => [x, 2 * x, 3 * x, 255]).flat();
    const image = { width, height: 3, data: Uint8Array.from([...row, ...row.map((b) => 255 - b), ...row]) };
    const decoded = decodePng(encodePng(image));
    assert.deepEqual(decoded.filters, [2, 2, 2]);
    assert.deepEqual([...decoded.data], [...image.data]);
  });

  it('compresses a flat image to a small file', () => {
    const width = 800;
    const height = 400;
    const png = encodePng({ width, height, data: new Uint8Array(width * height * 4).fill(255) });
    assert.ok(png.length < 5000, `${png.length} bytes`);
    assert.equal(decodePng(png).data.every((b) => b === 255), true);
  });

  it('refuses a size that is not positive or data of the wrong length', () => {
    assert.throws(() => encodePng({ width: 0, height: 1, data: new Uint8Array(0) }), /positive whole numbers/);
    assert.throws(() => encodePng({ width: 2, height: 2, data: new Uint8Array(15) }), /expected 16 bytes/);
  });
});
