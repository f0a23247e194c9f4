import assert from 'node:assert/strict';
import { booleanField, choiceField, numberFields } from '../../nodes/lib/form';

describe('editor form fields', () => {
  it('reads numbers from strings, defaults for empty fields, and reports the first bad one', () => {
    const spec = { a: [1, { min: 0, max: 10 }], b: [2, { min: 0, max: 10, integer: true }], c: [3, { min: 0, max: 10, minIncluded: false }] } as const;
    assert.deepEqual(numberFields({ a: '2.5', b: '' }, spec), { ok: true, value: { a: 2.5, b: 2, c: 3 } });
    assert.deepEqual(numberFields({ a: '11', b: '1.5' }, spec), { ok: false, problem: { key: 'errors.bad-config', params: { field: 'a', value: '"11"', expected: 'a number from 0 to 10' } } });
    assert.deepEqual(numberFields({ c: 0 }, spec), { ok: false, problem: { key: 'errors.bad-config', params: { field: 'c', value: '0', expected: 'a number above 0 to 10' } } });
  });

  it('reads a choice, the first by default', () => {
    assert.deepEqual(choiceField({}, 'mode', ['x', 'y']), { ok: true, value: 'x' });
    assert.deepEqual(choiceField({ mode: 'y' }, 'mode', ['x', 'y']), { ok: true, value: 'y' });
    assert.deepEqual(choiceField({ mode: 'z' }, 'mode', ['x', 'y']), { ok: false, problem: { key: 'errors.bad-config', params: { field: 'mode', value: '"z"', expected: 'x, y' } } });
  });

  it('reads a checkbox, its default when the form predates it', () => {
    assert.equal(booleanField({}, 'on', true), true);
    assert.equal(booleanField({}, 'on', false), false);
    assert.equal(booleanField({ on: false }, 'on', true), false);
    assert.equal(booleanField({ on: 'false' }, 'on', true), false);
    assert.equal(booleanField({ on: true }, 'on', false), true);
  });
});
