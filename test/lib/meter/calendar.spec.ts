import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Calendar, PERIOD_KINDS, isTimeZone } from '../../../nodes/lib/meter/calendar';

const HOUR = 3_600_000;
const iso = (t: number): string => new Date(t).toISOString();

/** The hour periods from `start` up to `end`, walked one after the other. */
function hoursBetween(calendar: Calendar, start: number, end: number): string[] {
  const labels: string[] = [];
  for (let t = start; t < end; ) {
    const hour = calendar.periodAt('hour', t);
    labels.push(calendar.label('hour', hour));
    t = hour.end;
  }
  return labels;
}

describe('meter calendar', () => {
  const berlin = new Calendar('Europe/Berlin');
  const newYork = new Calendar('America/New_York');

  it('gives the days the clocks change 23 and 25 hours, in Europe and in America', () => {
    const cases: Array<[Calendar, string, number]> = [
      [berlin, '2024-03-31T12:00:00Z', 23],
      [berlin, '2024-10-27T12:00:00Z', 25],
      [berlin, '2024-06-15T12:00:00Z', 24],
      [newYork, '2024-03-10T17:00:00Z', 23],
      [newYork, '2024-11-03T17:00:00Z', 25],
      [newYork, '2024-06-15T17:00:00Z', 24],
    ];
    for (const [calendar, at, hours] of cases) {
      const day = calendar.periodAt('day', Date.parse(at));
      assert.equal((day.end - day.start) / HOUR, hours, `${calendar.timeZone} ${at}`);
      assert.equal(hoursBetween(calendar, day.start, day.end).length, hours);
    }
  });

  it('starts Berlin days at local midnight and names each hour with its offset', () => {
    const spring = berlin.periodAt('day', Date.parse('2024-03-31T12:00:00Z'));
    assert.equal(iso(spring.start), '2024-03-30T23:00:00.000Z');
    assert.equal(iso(spring.end), '2024-03-31T22:00:00.000Z');
    assert.deepEqual(hoursBetween(berlin, spring.start, spring.start + 3 * HOUR), [
      '2024-03-31T00:00+01:00',
      '2024-03-31T01:00+01:00',
      '2024-03-31T03:00+02:00',
    ]);
    const autumn = berlin.periodAt('day', Date.parse('2024-10-27T12:00:00Z'));
    assert.deepEqual(hoursBetween(berlin, autumn.start, autumn.start + 4 * HOUR), [
      '2024-10-27T00:00+02:00',
      '2024-10-27T01:00+02:00',
      '2024-10-27T02:00+02:00',
      '2024-10-27T02:00+01:00',
    ]);
  });

  it('starts weeks on the configured weekday', () => {
    const wednesday = Date.parse('2024-05-15T10:00:00Z');
    const monday = berlin.periodAt('week', wednesday);
    assert.equal(iso(monday.start), '2024-05-12T22:00:00.000Z');
    assert.equal(iso(monday.end), '2024-05-19T22:00:00.000Z');
    assert.equal(berlin.label('week', monday), '2024-05-13');
    const sundays = new Calendar('Europe/Berlin', 0);
    const sunday = sundays.periodAt('week', wednesday);
    assert.equal(iso(sunday.start), '2024-05-11T22:00:00.000Z');
    assert.equal(sundays.label('week', sunday), '2024-05-12');
    // A Sunday evening belongs to the week that started on Monday, or to a new week starting that Sunday.
    const sundayEvening = Date.parse('2024-05-19T19:00:00Z');
    assert.equal(berlin.label('week', berlin.periodAt('week', sundayEvening)), '2024-05-13');
    assert.equal(sundays.label('week', sundays.periodAt('week', sundayEvening)), '2024-05-19');
  });

  it('ends months on their last day, leap years included', () => {
    const may = berlin.periodAt('month', Date.parse('2024-05-31T21:59:59.999Z'));
    assert.equal(berlin.label('month', may), '2024-05');
    assert.equal(iso(may.end), '2024-05-31T22:00:00.000Z');
    assert.equal(berlin.label('month', berlin.periodAt('month', may.end)), '2024-06');
    const february = berlin.periodAt('month', Date.parse('2024-02-10T00:00:00Z'));
    assert.equal((february.end - february.start) / (24 * HOUR), 29);
    const december = newYork.periodAt('month', Date.parse('2024-12-31T23:00:00Z'));
    assert.equal(iso(december.end), '2025-01-01T05:00:00.000Z');
  });

  it('starts a day that has no midnight at its first instant (Sao Paulo, 2018)', () => {
    const saoPaulo = new Calendar('America/Sao_Paulo');
    const day = saoPaulo.periodAt('day', Date.parse('2018-11-04T12:00:00Z'));
    assert.equal(iso(day.start), '2018-11-04T03:00:00.000Z'); // 01:00 local, the clocks skipped 00:00-01:00
    assert.equal((day.end - day.start) / HOUR, 23);
    assert.equal(saoPaulo.label('day', day), '2018-11-04');
  });

  it('resolves wall times the clocks skip or show twice', () => {
    assert.equal(iso(berlin.instantOf(2024, 3, 31, 2, 30)), '2024-03-31T01:30:00.000Z'); // 03:30 CEST
    assert.equal(iso(berlin.instantOf(2024, 10, 27, 2, 30)), '2024-10-27T00:30:00.000Z'); // the first 02:30
    assert.equal(iso(newYork.instantOf(2024, 7, 4, 12)), '2024-07-04T16:00:00.000Z');
  });

  it('follows zones with quarter-hour offsets', () => {
    const kathmandu = new Calendar('Asia/Kathmandu');
    const hour = kathmandu.periodAt('hour', Date.parse('2024-05-01T12:00:00Z'));
    assert.equal(iso(hour.start), '2024-05-01T11:15:00.000Z');
    assert.equal(kathmandu.label('hour', hour), '2024-05-01T17:00+05:45');
  });

  it('refuses an unknown zone or weekday', () => {
    assert.throws(() => new Calendar('Mars/Olympus_Mons'), /not an IANA time zone/);
    assert.throws(() => new Calendar('UTC', 7), /week start/);
    assert.equal(isTimeZone('Europe/Berlin'), true);
    assert.equal(isTimeZone('Europe/Nowhere'), false);
  });

  it('tiles time: every instant lies in its period, and each period starts where the last one ended', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'UTC'].map(
      (zone) => new Calendar(zone, 3),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        fc.constantFrom(...PERIOD_KINDS),
        (t, calendar, kind) => {
          const period = calendar.periodAt(kind, t);
          assert.ok(period.start <= t && t < period.end, `${calendar.timeZone} ${kind} ${iso(t)}`);
          assert.equal(calendar.periodAt(kind, period.end).start, period.end);
          assert.equal(calendar.periodAt(kind, period.start - 1).end, period.start);
        },
      ),
      { numRuns: 300 },
    );
  });
});
