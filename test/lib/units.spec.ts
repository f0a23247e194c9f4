import assert from 'node:assert/strict';
import { canonicalUnit, convert, converter, unitKind, unitsOfKind, LITRES_PER_US_GALLON, type UnitKind } from '../../nodes/lib/units';

describe('units', () => {
  it('converts volumes exactly through litres', () => {
    assert.equal(convert(1, 'm3', 'L'), 1000);
    assert.equal(convert(1, 'gal', 'L'), LITRES_PER_US_GALLON);
    assert.equal(convert(LITRES_PER_US_GALLON * 10, 'L', 'gal'), 10);
  });

  it('converts rates', () => {
    assert.equal(convert(6, 'm3/h', 'L/min'), 100);
    assert.equal(convert(1, 'L/s', 'L/min'), 60);
    assert.equal(convert(60, 'L/h', 'L/min'), 1);
    assert.equal(convert(1, 'gpm', 'L/min'), LITRES_PER_US_GALLON);
  });

  it('converts lengths', () => {
    assert.equal(convert(150, 'cm', 'm'), 1.5);
    assert.equal(convert(1.5, 'm', 'mm'), 1500);
  });

  it('accepts common spellings', () => {
    assert.equal(canonicalUnit('l/min'), 'L/min');
    assert.equal(canonicalUnit('m³'), 'm3');
    assert.equal(canonicalUnit('litres'), 'L');
    assert.equal(canonicalUnit('furlongs'), undefined);
    assert.equal(unitKind('gpm'), 'rate');
    assert.equal(unitKind('%'), 'percent');
  });

  it('refuses conversions between kinds or from unknown units', () => {
    assert.throws(() => convert(1, 'L', 'L/min'), /cannot convert litres to litres per minute/);
    assert.throws(() => convert(1, 'bushel', 'L'), /unknown unit "bushel"/);
    assert.throws(() => converter('L', 'L/min'), /cannot convert litres to litres per minute/);
    assert.throws(() => converter('bushel', 'L'), /unknown unit "bushel"/);
  });

  it('converts with the units looked up once exactly as convert() does', () => {
    const values = [0, -0, 1, -2.5, 0.1, 1 / 3, 123456.789, 1e-9, 7e15];
    const kinds: UnitKind[] = ['volume', 'rate', 'length', 'percent', 'pulses'];
    for (const kind of kinds) {
      const units = [...unitsOfKind(kind), ...(kind === 'rate' ? ['lpm', 'gal/min'] : [])];
      for (const from of units) {
        for (const to of units) {
          const convertTo = converter(from, to);
          for (const value of values) assert.equal(convertTo(value), convert(value, from, to), `${value} ${from} in ${to}`);
        }
      }
    }
  });
});
