import assert from 'node:assert/strict';
import { alertConfigFromForm, valvePayload } from '../../../nodes/lib/alert/settings';
import { reviveNodeState, reviveTopicAlerts } from '../../../nodes/lib/alert/revive';

const leakForm = { type: 'anomaly', name: 'leak', topic: '', kinds: ' leak, burst ,', minSeverity: 'warning', onDelay: '0', offDelay: '0', shutoff: true };

describe('alert settings', () => {
  it('reads the editor form with its defaults, in milliseconds', () => {
    const config = alertConfigFromForm({ conditions: [leakForm] });
    assert.deepEqual(config.settings.conditions, [
      { type: 'anomaly', name: 'leak', topic: '', kinds: ['leak', 'burst'], minSeverity: 'warning', onDelayMs: 0, offDelayMs: 0, shutoff: true },
    ]);
    assert.deepEqual(config.settings.escalation, { warning: true, critical: true, criticalAfterMs: 900_000, action: true, actionAfterMs: 900_000 });
    assert.deepEqual(config.settings.shutoffPolicy, { home: 'staged', away: 'immediate', vacation: 'immediate' });
    assert.equal(config.settings.quietHours, undefined);
    assert.equal(config.settings.rateLimitMs, 60_000);
    assert.equal(config.settings.reminderMs, 3_600_000);
    assert.equal(config.settings.defaultSnoozeMs, 1_800_000);
    assert.equal(config.initialMode, 'home');
    assert.equal(config.valveFormat, 'text');
    assert.equal(config.valveTopic, 'valve');
    assert.equal(config.maxTopics, 1000);
  });

  it('converts every kind of condition and the quiet hours', () => {
    const config = alertConfigFromForm({
      conditions: [
        { type: 'threshold', name: 'overflow', topic: 'tank1/#', level: 'hihi', limit: '95.5', deadband: '2', severity: 'critical', onDelay: '10', offDelay: '30', shutoff: false },
        { type: 'prediction', name: 'empty soon', measure: 'timeToEmpty', limit: '90', deadband: '15', severity: 'warning' },
      ],
      quietHours: true,
      quietStart: '21:30',
      quietEnd: '6:45',
      timeZone: 'Europe/Berlin',
      criticalAfter: '5',
      actionAfter: 0,
      awayPolicy: 'staged',
    });
    assert.deepEqual(config.settings.conditions, [
      { type: 'threshold', name: 'overflow', topic: 'tank1/#', level: 'hihi', limit: 95.5, deadband: 2, severity: 'critical', onDelayMs: 10_000, offDelayMs: 30_000, shutoff: false },
      { type: 'prediction', name: 'empty soon', topic: '', measure: 'timeToEmpty', limitMs: 5_400_000, deadbandMs: 900_000, severity: 'warning', onDelayMs: 0, offDelayMs: 0, shutoff: false },
    ]);
    assert.deepEqual(config.settings.quietHours, { startMinute: 21 * 60 + 30, endMinute: 6 * 60 + 45, timeZone: 'Europe/Berlin' });
    assert.equal(config.settings.escalation.criticalAfterMs, 300_000);
    assert.equal(config.settings.escalation.actionAfterMs, 0);
    assert.equal(config.settings.shutoffPolicy.away, 'staged');
  });

  it('takes the editor default condition when a flow leaves the field out', () => {
    const config = alertConfigFromForm({});
    assert.deepEqual(
      config.settings.conditions.map((c) => [c.type, c.name, c.shutoff]),
      [['anomaly', 'leak', true]],
    );
  });

  it('names the field, the value and what was expected when refusing a configuration', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ conditions: [] }, /conditions must be a list of at least one condition/],
      [{ conditions: [{ ...leakForm, name: '' }] }, /conditions\[0\]\.name must be a name/],
      [{ conditions: [leakForm, leakForm] }, /conditions must be names that differ from each other, got "leak"/],
      [{ conditions: [{ type: 'threshold', name: 'hi', level: 'hi', limit: 'abc' }] }, /conditions\[0\]\.limit must be a number, got "abc"/],
      [{ conditions: [{ type: 'threshold', name: 'hi', level: 'hi', limit: 1, deadband: -1 }] }, /conditions\[0\]\.deadband must be a number of at least 0/],
      [{ conditions: [{ type: 'prediction', name: 'p', measure: 'timeToEmpty', limit: 0 }] }, /conditions\[0\]\.limit must be a number above 0/],
      [{ conditions: [{ type: 'sensor', name: 'x' }] }, /conditions\[0\]\.type must be one of threshold, anomaly, prediction/],
      [{ conditions: [leakForm], quietHours: true, quietStart: '25:00' }, /quietStart must be a time of day as HH:MM/],
      [{ conditions: [leakForm], quietHours: true, timeZone: 'Mars/Olympus' }, /timeZone must be an IANA time zone/],
      [{ conditions: [leakForm], homePolicy: 'later' }, /homePolicy must be one of staged, immediate, never/],
      [{ conditions: [leakForm], maxTopics: 1.5 }, /maxTopics must be a whole number/],
      [{ conditions: [leakForm], rateLimit: -1 }, /rateLimit must be a number of at least 0/],
    ];
    for (const [form, expected] of cases) assert.throws(() => alertConfigFromForm(form), expected);
  });

  it('writes valve commands in the configured format', () => {
    assert.equal(valvePayload('close', 'text'), 'close');
    assert.equal(valvePayload('open', 'text'), 'open');
    assert.equal(valvePayload('close', 'close-true'), true);
    assert.equal(valvePayload('open', 'close-true'), false);
    assert.equal(valvePayload('close', 'open-true'), false);
    assert.equal(valvePayload('open', 'open-true'), true);
  });

  it('revives saved state, dropping what does not have the expected shape', () => {
    const good = { topic: 't', condition: 'hi', state: 'active', holding: true, changedAt: 1, value: 3, unit: '', severity: 'warning', kinds: [], stage: 'warning', history: [] };
    const revived = reviveTopicAlerts({ hi: good, lo: { ...good, condition: 'lo', state: 'exploded' }, other: good });
    assert.deepEqual(Object.keys(revived ?? {}), ['hi']);
    assert.equal(Object.getPrototypeOf(revived), null);
    assert.equal(reviveTopicAlerts({ lo: { nonsense: true } }), undefined);
    assert.equal(reviveTopicAlerts('garbage'), undefined);
    assert.deepEqual(reviveNodeState({ mode: 'away', modeChangedAt: 5, valveClosed: true }, 'home'), { mode: 'away', modeChangedAt: 5, valveClosed: true });
    assert.deepEqual(reviveNodeState({ mode: 'party' }, 'vacation'), { mode: 'vacation', modeChangedAt: 0, valveClosed: false });
    assert.deepEqual(reviveNodeState(undefined, 'home'), { mode: 'home', modeChangedAt: 0, valveClosed: false });
  });
});
