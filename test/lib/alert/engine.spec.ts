import assert from 'node:assert/strict';
import { AlertEngine } from '../../../nodes/lib/alert/engine';
import { reviveNodeState, reviveTopicAlerts } from '../../../nodes/lib/alert/revive';
import type { Condition, TopicAlerts } from '../../../nodes/lib/alert/types';
import { TopicStore } from '../../../nodes/lib/topic-store';
import { HI, HOUR, Harness, MINUTE, SECOND, settings } from './harness';

const T0 = Date.UTC(2024, 5, 3, 12, 0, 0);
const T1 = 15 * MINUTE;
const T2 = 15 * MINUTE;

describe('alert engine', () => {
  describe('transitions', () => {
    it('goes inactive -> active -> acknowledged -> cleared -> active with its history', () => {
      const h = new Harness(settings());
      h.reading(T0 - SECOND, 50);
      assert.equal(h.alert(), undefined, 'no record while the condition never held');
      h.reading(T0, 95);
      assert.equal(h.alert()?.state, 'active');
      assert.equal(h.alert()?.raisedAt, T0);
      h.acknowledge(T0 + MINUTE);
      assert.equal(h.alert()?.state, 'acknowledged');
      assert.equal(h.alert()?.acknowledgedAt, T0 + MINUTE);
      h.reading(T0 + 2 * MINUTE, 80);
      assert.equal(h.alert()?.state, 'cleared');
      assert.equal(h.alert()?.clearedAt, T0 + 2 * MINUTE);
      h.reading(T0 + 3 * MINUTE, 91);
      assert.equal(h.alert()?.state, 'active');
      assert.equal(h.alert()?.raisedAt, T0 + 3 * MINUTE);
      assert.equal(h.alert()?.acknowledgedAt, undefined);
      assert.deepEqual(
        h.alert()?.history.map((e) => [e.event, e.at - T0, e.by]),
        [
          ['raised', 0, undefined],
          ['acknowledged', MINUTE, 'acknowledge'],
          ['cleared', 2 * MINUTE, undefined],
          ['raised', 3 * MINUTE, undefined],
        ],
      );
      assert.deepEqual(h.events(), [`warning@${T0}`, `cleared@${T0 + 2 * MINUTE}`, `warning@${T0 + 3 * MINUTE}`]);
    });

    it('clears an active alert that was never acknowledged', () => {
      const h = new Harness(settings()).reading(T0, 95).reading(T0 + MINUTE, 10);
      assert.equal(h.alert()?.state, 'cleared');
      assert.deepEqual(h.events(), [`warning@${T0}`, `cleared@${T0 + MINUTE}`]);
    });

    it('reset returns alerts to inactive and raises them again only on new input', () => {
      const h = new Harness(settings()).reading(T0, 95);
      const result = h.command(T0 + MINUTE, (e) => e.reset('all', T0 + MINUTE));
      assert.ok('ok' in result && result.ok);
      assert.equal(h.alert()?.state, 'inactive');
      assert.equal(h.alert()?.holding, false);
      h.runUntil(T0 + 2 * T1);
      assert.deepEqual(h.events(), [`warning@${T0}`], 'nothing more once reset');
      h.reading(T0 + 2 * T1, 95);
      assert.equal(h.alert()?.state, 'active');
      assert.equal(h.alert()?.history.at(-2)?.event, 'reset');
    });

    it('refuses a command for an alert that does not exist, and accepts one by id or topic', () => {
      const h = new Harness(settings()).reading(T0, 95);
      assert.deepEqual(h.engine.acknowledge({ id: 'nope#hi' }, T0), { ok: false, problem: { key: 'errors.unknown-alert', params: { value: '"nope#hi"' } } });
      assert.deepEqual(h.engine.snooze({ topic: 'other' }, MINUTE, T0), { ok: false, problem: { key: 'errors.unknown-alert', params: { value: '"other"' } } });
      assert.equal(h.alert()?.state, 'active', 'a refused command changes nothing');
      h.acknowledge(T0 + SECOND, { id: 'tank1/level#hi' });
      assert.equal(h.alert()?.state, 'acknowledged');
    });
  });

  describe('escalation', () => {
    it('notifies the warning at once, critical exactly after T1 and closes the valve exactly T2 later', () => {
      const h = new Harness(settings()).reading(T0, 95);
      h.runUntil(T0 + T1 - 1);
      assert.deepEqual(h.events(), [`warning@${T0}`]);
      h.runUntil(T0 + T1);
      assert.deepEqual(h.events(), [`warning@${T0}`, `critical@${T0 + T1}`]);
      assert.equal(h.alert()?.stage, 'critical');
      h.runUntil(T0 + T1 + T2 - 1);
      assert.equal(h.actions.length, 0);
      h.runUntil(T0 + T1 + T2);
      assert.deepEqual(h.actions.map((a) => [a.command, a.at]), [['close', T0 + T1 + T2]]);
      assert.deepEqual(h.events(), [`warning@${T0}`, `critical@${T0 + T1}`, `action@${T0 + T1 + T2}`]);
      assert.equal(h.node.valveClosed, true);
      assert.equal(h.engine.nextDue(), undefined, 'nothing left to do');
    });

    it('keeps the stage times when stages are turned off', () => {
      const noWarning = new Harness(settings({ escalation: { ...settings().escalation, warning: false } })).reading(T0, 95).runUntil(T0 + 2 * HOUR);
      assert.deepEqual(noWarning.events(), [`critical@${T0 + T1}`, `action@${T0 + T1 + T2}`]);
      const noCritical = new Harness(settings({ escalation: { ...settings().escalation, critical: false } })).reading(T0, 95).runUntil(T0 + 2 * HOUR);
      assert.deepEqual(noCritical.events(), [`warning@${T0}`, `action@${T0 + T1 + T2}`]);
      const noAction = new Harness(settings({ escalation: { ...settings().escalation, action: false } })).reading(T0, 95).runUntil(T0 + 2 * HOUR);
      assert.deepEqual(noAction.events(), [`warning@${T0}`, `critical@${T0 + T1}`]);
      assert.equal(noAction.actions.length, 0);
      assert.equal(noAction.alert()?.stage, 'critical');
    });

    it('never closes the valve for a condition that may not', () => {
      const h = new Harness(settings({ conditions: [{ ...HI, shutoff: false }] })).reading(T0, 95).runUntil(T0 + 2 * HOUR);
      assert.deepEqual(h.events(), [`warning@${T0}`, `critical@${T0 + T1}`]);
      assert.equal(h.actions.length, 0);
    });

    it('stops escalating when acknowledged', () => {
      const h = new Harness(settings()).reading(T0, 95).acknowledge(T0 + T1 - 1).runUntil(T0 + 10 * HOUR);
      assert.deepEqual(h.events(), [`warning@${T0}`]);
      assert.equal(h.actions.length, 0);
      assert.equal(h.engine.nextDue(), undefined);
    });

    it('acknowledging after the critical stage still prevents the shut-off', () => {
      const h = new Harness(settings()).reading(T0, 95).acknowledge(T0 + T1 + 1).runUntil(T0 + 10 * HOUR);
      assert.deepEqual(h.events(), [`warning@${T0}`, `critical@${T0 + T1}`]);
      assert.equal(h.actions.length, 0);
    });

    it('snoozing pushes the next stage to the end of the snooze, and the stages after it along', () => {
      const h = new Harness(settings()).reading(T0, 95);
      h.command(T0 + 10 * MINUTE, (e) => e.snooze('all', 20 * MINUTE, T0 + 10 * MINUTE));
      h.runUntil(T0 + 30 * MINUTE - 1);
      assert.deepEqual(h.events(), [`warning@${T0}`]);
      h.runUntil(T0 + 4 * HOUR);
      assert.deepEqual(h.events(), [`warning@${T0}`, `critical@${T0 + 30 * MINUTE}`, `action@${T0 + 30 * MINUTE + T2}`]);
      assert.equal(h.alert()?.history.find((e) => e.event === 'snoozed')?.at, T0 + 10 * MINUTE);
    });

    it('a snooze that ends before the stage is due changes nothing', () => {
      const h = new Harness(settings()).reading(T0, 95);
      h.command(T0 + MINUTE, (e) => e.snooze('all', MINUTE, T0 + MINUTE));
      h.runUntil(T0 + 4 * HOUR);
      assert.deepEqual(h.eventsOf('critical'), [T0 + T1]);
    });

    it('reminds at the interval while active and unacknowledged, after a snooze ends, and stops when acknowledged', () => {
      const h = new Harness(settings({ reminderMs: 10 * MINUTE, escalation: { ...settings().escalation, critical: false, action: false } }));
      h.reading(T0, 95).runUntil(T0 + 25 * MINUTE);
      assert.deepEqual(h.eventsOf('reminder'), [T0 + 10 * MINUTE, T0 + 20 * MINUTE]);
      h.command(T0 + 25 * MINUTE, (e) => e.snooze('all', 30 * MINUTE, T0 + 25 * MINUTE));
      h.runUntil(T0 + 60 * MINUTE);
      assert.deepEqual(h.eventsOf('reminder'), [T0 + 10 * MINUTE, T0 + 20 * MINUTE, T0 + 55 * MINUTE]);
      h.acknowledge(T0 + 61 * MINUTE).runUntil(T0 + 10 * HOUR);
      assert.equal(h.eventsOf('reminder').length, 3);
    });
  });

  describe('deadband and delays', () => {
    const delayed: Condition = { ...HI, deadband: 5, onDelayMs: 30 * SECOND, offDelayMs: 60 * SECOND };

    it('raises only when the condition held for the whole on-delay, exactly then', () => {
      const h = new Harness(settings({ conditions: [delayed] }));
      h.reading(T0, 95).reading(T0 + 20 * SECOND, 80).runUntil(T0 + HOUR);
      assert.equal(h.alert()?.state, 'inactive', 'interrupted before the on-delay');
      h.reading(T0 + HOUR, 92).runUntil(T0 + HOUR + 30 * SECOND - 1);
      assert.equal(h.alert()?.state, 'inactive');
      h.runUntil(T0 + HOUR + 30 * SECOND);
      assert.equal(h.alert()?.state, 'active');
      assert.equal(h.alert()?.raisedAt, T0 + HOUR + 30 * SECOND);
      assert.deepEqual(h.events(), [`warning@${T0 + HOUR + 30 * SECOND}`]);
    });

    it('a reading inside the deadband neither raises nor clears', () => {
      const h = new Harness(settings({ conditions: [delayed] }));
      h.reading(T0, 88).runUntil(T0 + HOUR);
      assert.equal(h.alert(), undefined, 'below the limit does not raise, deadband or not');
      h.reading(T0 + HOUR, 90).runUntil(T0 + HOUR + 30 * SECOND);
      assert.equal(h.alert()?.state, 'active', 'raised at the limit itself');
      h.reading(T0 + 2 * HOUR, 86).runUntil(T0 + 3 * HOUR);
      assert.equal(h.alert()?.state, 'active', 'inside the deadband it still holds');
      assert.equal(h.alert()?.holding, true);
    });

    it('clears only after the value left the deadband and stayed below the limit for the whole off-delay, exactly then', () => {
      const h = new Harness(settings({ conditions: [delayed], escalation: { ...settings().escalation, critical: false, action: false } }));
      h.reading(T0, 95).runUntil(T0 + 30 * SECOND);
      h.reading(T0 + MINUTE, 84).reading(T0 + MINUTE + 30 * SECOND, 91).runUntil(T0 + 10 * MINUTE);
      assert.equal(h.alert()?.state, 'active', 'back at the limit within the off-delay: the clear is called off');
      h.reading(T0 + 10 * MINUTE - 30 * SECOND, 84).reading(T0 + 10 * MINUTE - 15 * SECOND, 87);
      assert.equal(h.alert()?.holding, false, 'once out of the deadband, only the limit makes it hold again');
      h.runUntil(T0 + 10 * MINUTE + 30 * SECOND - 1);
      assert.equal(h.alert()?.state, 'active');
      h.runUntil(T0 + 10 * MINUTE + 30 * SECOND);
      assert.equal(h.alert()?.state, 'cleared');
      assert.equal(h.alert()?.clearedAt, T0 + 10 * MINUTE + 30 * SECOND);
    });

    it('mirrors the deadband for low limits, and LoLo and Lo are separate alerts', () => {
      const lo: Condition = { ...HI, name: 'lo', level: 'lo', limit: 20, deadband: 5 };
      const lolo: Condition = { ...HI, name: 'lolo', level: 'lolo', limit: 10, deadband: 2, severity: 'critical' };
      const h = new Harness(settings({ conditions: [lo, lolo] }));
      h.reading(T0, 15);
      assert.equal(h.alert('tank1/level', 'lo')?.state, 'active');
      assert.equal(h.alert('tank1/level', 'lolo'), undefined);
      h.reading(T0 + MINUTE, 10);
      assert.equal(h.alert('tank1/level', 'lolo')?.state, 'active');
      assert.equal(h.alert('tank1/level', 'lolo')?.severity, 'critical');
      h.reading(T0 + 2 * MINUTE, 12);
      assert.equal(h.alert('tank1/level', 'lolo')?.state, 'active', 'inside the LoLo deadband');
      h.reading(T0 + 3 * MINUTE, 12.5);
      assert.equal(h.alert('tank1/level', 'lolo')?.state, 'cleared');
      h.reading(T0 + 4 * MINUTE, 25);
      assert.equal(h.alert('tank1/level', 'lo')?.state, 'active', 'inside the Lo deadband');
      h.reading(T0 + 5 * MINUTE, 25.5);
      assert.equal(h.alert('tank1/level', 'lo')?.state, 'cleared');
    });

    it('keeps alerts per topic and follows topic patterns', () => {
      const h = new Harness(settings({ conditions: [{ ...HI, topic: '+/level' }] }));
      h.reading(T0, 95, 'tank1/level').reading(T0, 95, 'tank2/level').reading(T0, 95, 'house/flow');
      assert.equal(h.alert('tank1/level')?.state, 'active');
      assert.equal(h.alert('tank2/level')?.state, 'active');
      assert.equal(h.alert('house/flow'), undefined);
      h.reading(T0 + MINUTE, 10, 'tank1/level');
      assert.equal(h.alert('tank1/level')?.state, 'cleared');
      assert.equal(h.alert('tank2/level')?.state, 'active');
    });

    it('forgets what was due for the alerts of a topic the bounded store evicted', () => {
      const h = new Harness(settings(), new TopicStore<TopicAlerts>(2));
      h.reading(T0, 95, 'tank1/level');
      assert.equal(h.engine.nextDue(), T0 + T1);
      for (let i = 0; i < 3; i++) h.reading(T0 + (i + 1) * MINUTE, 95, `tank${i + 2}/level`);
      assert.equal(h.engine.nextDue(), T0 + 2 * MINUTE + T1, 'the escalation of the older of the two topics kept, not of the two evicted');
    });
  });

  describe('modes', () => {
    it('closes the valve at once when away, with one notification and no warning', () => {
      const h = new Harness(settings(), undefined, { mode: 'away', modeChangedAt: 0, valveClosed: false }).reading(T0, 95).runUntil(T0 + 4 * HOUR);
      assert.deepEqual(h.events(), [`action@${T0}`]);
      assert.deepEqual(h.actions.map((a) => [a.command, a.at]), [['close', T0]]);
      assert.equal(h.alert()?.stage, 'action');
    });

    it('never closes in a mode whose policy is never', () => {
      const h = new Harness(settings({ shutoffPolicy: { home: 'never', away: 'immediate', vacation: 'staged' } }));
      h.reading(T0, 95).runUntil(T0 + 4 * HOUR);
      assert.deepEqual(h.events(), [`warning@${T0}`, `critical@${T0 + T1}`]);
      assert.equal(h.actions.length, 0);
    });

    it('follows the vacation policy as configured', () => {
      const h = new Harness(settings({ shutoffPolicy: { home: 'never', away: 'never', vacation: 'staged' } }), undefined, { mode: 'vacation', modeChangedAt: 0, valveClosed: false });
      h.reading(T0, 95).runUntil(T0 + 4 * HOUR);
      assert.deepEqual(h.actions.map((a) => a.at), [T0 + T1 + T2]);
    });

    it('closes at the moment the mode changes to away while an alert is active, not for acknowledged ones', () => {
      const h = new Harness(settings()).reading(T0, 95).reading(T0, 95, 'tank2/level');
      h.acknowledge(T0 + MINUTE, { topic: 'tank2/level' });
      const change = h.command(T0 + 5 * MINUTE, (e) => e.setMode('away', T0 + 5 * MINUTE));
      assert.ok('stateChanged' in change && change.stateChanged);
      assert.deepEqual(h.actions.map((a) => [a.command, a.at, a.alert?.topic]), [['close', T0 + 5 * MINUTE, 'tank1/level']]);
      assert.equal(h.node.mode, 'away');
      assert.equal(h.node.modeChangedAt, T0 + 5 * MINUTE);
      h.runUntil(T0 + 4 * HOUR);
      assert.equal(h.actions.length, 1);
    });

    it('setting the same mode again changes nothing', () => {
      const h = new Harness(settings());
      const same = h.engine.setMode('home', T0);
      assert.equal(same.stateChanged, false);
      assert.equal(h.node.modeChangedAt, 0);
    });

    it('reset opens the valve this node closed, unless told not to', () => {
      const h = new Harness(settings()).reading(T0, 95).runUntil(T0 + T1 + T2);
      h.command(T0 + HOUR, (e) => e.reset('all', T0 + HOUR));
      assert.deepEqual(h.actions.map((a) => [a.command, a.at]), [['close', T0 + T1 + T2], ['open', T0 + HOUR]]);
      assert.equal(h.node.valveClosed, false);
      const keep = new Harness(settings({ openOnReset: false })).reading(T0, 95).runUntil(T0 + T1 + T2);
      keep.command(T0 + HOUR, (e) => e.reset('all', T0 + HOUR));
      assert.deepEqual(keep.actions.map((a) => a.command), ['close']);
    });

    it('reset of one alert does not open while another alert still holds the valve closed', () => {
      const h = new Harness(settings()).reading(T0, 95).reading(T0, 95, 'tank2/level').runUntil(T0 + T1 + T2);
      h.command(T0 + HOUR, (e) => e.reset({ topic: 'tank2/level' }, T0 + HOUR));
      assert.deepEqual(h.actions.map((a) => a.command), ['close', 'close']);
      h.command(T0 + HOUR, (e) => e.reset({ id: 'tank1/level#hi' }, T0 + HOUR));
      assert.deepEqual(h.actions.map((a) => a.command), ['close', 'close', 'open']);
    });
  });

  describe('quiet hours', () => {
    // 22:00 to 07:00 in Berlin, where noon UTC in June is 14:00 local.
    const quiet = settings({ quietHours: { startMinute: 22 * 60, endMinute: 7 * 60, timeZone: 'Europe/Berlin' } });
    const night = Date.UTC(2024, 5, 3, 21, 30); // 23:30 local
    const morning = Date.UTC(2024, 5, 4, 5, 0); // 07:00 local

    it('holds a warning raised at night and sends it when the quiet hours end', () => {
      const h = new Harness({ ...quiet, escalation: { ...quiet.escalation, critical: false, action: false } }).reading(night, 95);
      h.runUntil(morning - 1);
      assert.deepEqual(h.events(), []);
      assert.equal(h.engine.nextDue(), morning);
      h.runUntil(morning);
      assert.deepEqual(h.events(), [`warning@${morning}`]);
      assert.equal(h.notes[0].delayed, true);
    });

    it('lets critical stages and critical alerts through at night', () => {
      const h = new Harness(quiet).reading(night, 95).runUntil(night + T1 + T2);
      assert.deepEqual(h.events(), [`critical@${night + T1}`, `action@${night + T1 + T2}`]);
      const critical = new Harness({ ...quiet, conditions: [{ ...HI, severity: 'critical' }] }).reading(night, 95);
      assert.deepEqual(critical.events(), [`warning@${night}`]);
    });

    it('sends the latest of what waited, once: a raise and clear at night become one cleared notification in the morning', () => {
      const h = new Harness(quiet).reading(night, 95).reading(night + MINUTE, 10).runUntil(morning + HOUR);
      assert.deepEqual(h.events(), [`cleared@${morning}`]);
    });

    it('drops what waited when the alert is acknowledged', () => {
      const h = new Harness({ ...quiet, escalation: { ...quiet.escalation, critical: false, action: false } }).reading(night, 95);
      h.acknowledge(night + MINUTE).runUntil(morning + HOUR);
      assert.deepEqual(h.events(), []);
    });

    it('follows the time zone: the same instant is quiet in Berlin and not in New York', () => {
      const ny = settings({ quietHours: { startMinute: 22 * 60, endMinute: 7 * 60, timeZone: 'America/New_York' } });
      const h = new Harness(ny).reading(night, 95); // 17:30 in New York
      assert.deepEqual(h.events(), [`warning@${night}`]);
    });
  });

  describe('rate limit', () => {
    it('sends exactly one notification per interval under a flood of 10,000 flapping readings', () => {
      const h = new Harness(settings({ rateLimitMs: SECOND }));
      for (let i = 0; i < 10_000; i++) h.reading(T0 + i, i % 2 === 0 ? 95 : 50);
      h.runUntil(T0 + 20 * SECOND);
      const times = h.notes.map((n) => n.at - T0);
      assert.deepEqual(times, [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
      // The last reading (i = 9999) cleared the alert: the last notification says so.
      assert.equal(h.notes.at(-1)?.event, 'cleared');
    });

    it('sends one notification for 10,000 readings that keep an alert active', () => {
      const h = new Harness(settings({ rateLimitMs: SECOND, escalation: { ...settings().escalation, critical: false, action: false } }));
      for (let i = 0; i < 10_000; i++) h.reading(T0 + i * 10, 95 + (i % 3));
      h.runUntil(T0 + HOUR);
      assert.deepEqual(h.events(), [`warning@${T0}`]);
    });

    it('delays a stage that falls inside the interval to its end, marked delayed', () => {
      const h = new Harness(settings({ rateLimitMs: 5 * MINUTE, escalation: { ...settings().escalation, criticalAfterMs: MINUTE } }));
      h.reading(T0, 95).runUntil(T0 + 10 * MINUTE);
      assert.deepEqual(h.eventsOf('critical'), [T0 + 5 * MINUTE]);
      assert.equal(h.notes[1].delayed, true);
    });
  });

  describe('anomaly and prediction conditions', () => {
    const leak: Condition = { type: 'anomaly', name: 'leak', topic: '', kinds: ['leak', 'burst'], minSeverity: 'warning', onDelayMs: 0, offDelayMs: 0, shutoff: true };

    it('holds while any accepted kind has started and not ended', () => {
      const h = new Harness(settings({ conditions: [leak] }));
      const event = (at: number, kind: string, state: 'start' | 'end', severity: 'info' | 'warning' | 'critical' = 'warning') =>
        h.input(at, { type: 'event', event: { kind, state, severity, value: 12 } }, 'house/flow');
      event(T0, 'stuck', 'start');
      assert.equal(h.alert('house/flow', 'leak'), undefined, 'a kind the condition does not accept');
      event(T0, 'leak', 'start', 'info');
      assert.equal(h.alert('house/flow', 'leak'), undefined, 'below the least severity');
      event(T0, 'leak', 'start');
      event(T0 + MINUTE, 'burst', 'start', 'critical');
      assert.deepEqual(h.alert('house/flow', 'leak')?.kinds, ['leak', 'burst']);
      assert.equal(h.alert('house/flow', 'leak')?.severity, 'critical');
      event(T0 + 2 * MINUTE, 'leak', 'end');
      assert.equal(h.alert('house/flow', 'leak')?.state, 'active');
      event(T0 + 3 * MINUTE, 'burst', 'end');
      assert.equal(h.alert('house/flow', 'leak')?.state, 'cleared');
      assert.equal(h.alert('house/flow', 'leak')?.value, 12);
    });

    it('reads flagged readings: anomalous with an accepted kind holds', () => {
      const h = new Harness(settings({ conditions: [leak, HI] }));
      h.input(T0, { type: 'reading', value: 95, unit: '', flags: { anomalous: true, kinds: ['leak'], severity: 'warning' } });
      assert.equal(h.alert('tank1/level', 'leak')?.state, 'active');
      assert.equal(h.alert('tank1/level', 'hi')?.state, 'active', 'the payload is a reading for thresholds too');
      h.input(T0 + MINUTE, { type: 'reading', value: 95, unit: '', flags: { anomalous: true, kinds: ['stuck'], severity: 'warning' } });
      assert.equal(h.alert('tank1/level', 'leak')?.state, 'cleared');
    });

    it('raises when the time to empty is at or under its limit and clears past the deadband or when not predicted', () => {
      const empty: Condition = { type: 'prediction', name: 'empty', topic: '', measure: 'timeToEmpty', limitMs: 2 * HOUR, deadbandMs: 30 * MINUTE, severity: 'warning', onDelayMs: 0, offDelayMs: 0, shutoff: false };
      const h = new Harness(settings({ conditions: [empty, HI] }));
      const predict = (at: number, timeToEmpty: number | null) =>
        h.input(at, { type: 'prediction', times: { timeToEmpty, timeToLow: null, timeToFull: null, timeToHigh: null } });
      predict(T0, 3 * HOUR);
      assert.equal(h.alert('tank1/level', 'empty'), undefined);
      predict(T0 + MINUTE, 2 * HOUR);
      assert.equal(h.alert('tank1/level', 'empty')?.state, 'active');
      assert.equal(h.alert('tank1/level', 'hi'), undefined, 'a prediction is not a reading');
      predict(T0 + 2 * MINUTE, 2 * HOUR + 20 * MINUTE);
      assert.equal(h.alert('tank1/level', 'empty')?.state, 'active', 'inside the deadband');
      predict(T0 + 3 * MINUTE, null);
      assert.equal(h.alert('tank1/level', 'empty')?.state, 'cleared');
      assert.equal(h.alert('tank1/level', 'empty')?.value, null);
    });
  });

  describe('restart', () => {
    /** What a persistent context store gives back: JSON, revived. */
    function restart(h: Harness, conditions = h.settings.conditions): Harness {
      const saved = JSON.parse(JSON.stringify(Object.fromEntries(h.store))) as Record<string, unknown>;
      const store = new TopicStore<TopicAlerts>(1000);
      for (const [topic, alerts] of Object.entries(saved)) {
        const revived = reviveTopicAlerts(alerts);
        if (revived) store.set(topic, revived);
      }
      const node = reviveNodeState(JSON.parse(JSON.stringify(h.node)), 'home');
      return new Harness({ ...h.settings, conditions }, store, node);
    }

    it('continues the escalation from the saved times without notifying again', () => {
      const before = new Harness(settings()).reading(T0, 95).runUntil(T0 + 5 * MINUTE);
      const after = restart(before);
      assert.equal(after.engine.nextDue(), T0 + T1);
      after.runUntil(T0 + T1 - 1);
      assert.deepEqual(after.events(), [], 'the warning is not sent again');
      after.runUntil(T0 + 2 * HOUR);
      assert.deepEqual(after.events(), [`critical@${T0 + T1}`, `action@${T0 + T1 + T2}`]);
    });

    it('does what fell due while down once, at start', () => {
      const before = new Harness(settings()).reading(T0, 95);
      const after = restart(before);
      const start = T0 + T1 + 5 * MINUTE;
      after.tickAt(start);
      assert.deepEqual(after.events(), [`critical@${T0 + T1}`], 'stamped with the time it fell due');
      after.tickAt(start);
      assert.equal(after.notes.length, 1);
    });

    it('keeps the mode, the valve and acknowledged alerts', () => {
      const before = new Harness(settings()).reading(T0, 95).reading(T0, 95, 'tank2/level');
      before.command(T0 + MINUTE, (e) => e.setMode('vacation', T0 + MINUTE));
      before.acknowledge(T0 + 2 * MINUTE, { topic: 'tank2/level' });
      const after = restart(before);
      assert.equal(after.node.mode, 'vacation');
      assert.equal(after.node.valveClosed, true);
      assert.equal(after.alert('tank2/level')?.state, 'acknowledged');
      assert.deepEqual(after.engine.activeAlerts().map((a) => a.topic), ['tank1/level', 'tank2/level']);
      after.runUntil(T0 + 10 * HOUR);
      assert.deepEqual(after.events(), []);
    });

    it('drops the alerts of a condition removed from the configuration', () => {
      const before = new Harness(settings()).reading(T0, 95);
      const after = restart(before, [{ ...HI, name: 'other' }]);
      assert.equal(after.store.size, 0);
      assert.equal(after.engine.nextDue(), undefined);
    });
  });

  it('sends a test notification regardless of rate limit and quiet hours', () => {
    const engine = new AlertEngine(settings({ rateLimitMs: HOUR, quietHours: { startMinute: 0, endMinute: 23 * 60 + 59, timeZone: 'UTC' } }), new TopicStore<TopicAlerts>(10), {
      mode: 'home',
      modeChangedAt: 0,
      valveClosed: false,
    });
    assert.deepEqual(engine.test(T0).notifications, [{ event: 'test', at: T0, delayed: false }]);
    assert.deepEqual(engine.test(T0 + 1).notifications, [{ event: 'test', at: T0 + 1, delayed: false }]);
  });
});
