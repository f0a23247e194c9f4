import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeAlert, notificationMessage, stateMessage, valveMessage, type Translate } from '../../../nodes/lib/alert/present';
import type { AlertRecord, Condition, NodeAlertState } from '../../../nodes/lib/alert/types';
import { ROOT } from '../../support/process';
import { HI } from './harness';

const catalog = JSON.parse(readFileSync(path.join(ROOT, 'nodes', 'locales', 'en-US', 'water-alert.json'), 'utf8'))['water-alert'] as Record<string, unknown>;

/** The English catalog, as the runtime would translate it. */
const translate: Translate = (key, params = {}) => {
  let node: unknown = catalog;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  assert.equal(typeof node, 'string', `no text for ${key}`);
  return (node as string).replace(/__(\w+?)__/g, (_, name: string) => String(params[name]));
};

const T0 = Date.UTC(2024, 5, 3, 12, 0);
const node: NodeAlertState = { mode: 'away', modeChangedAt: 0, valveClosed: true };
const leak: Condition = { type: 'anomaly', name: 'leak', topic: '', kinds: [], minSeverity: 'warning', onDelayMs: 0, offDelayMs: 0, shutoff: true };
const empty: Condition = { type: 'prediction', name: 'empty', topic: '', measure: 'timeToEmpty', limitMs: 7_200_000, deadbandMs: 0, severity: 'warning', onDelayMs: 0, offDelayMs: 0, shutoff: false };
const conditions = new Map<string, Condition>([
  ['hi', HI],
  ['leak', leak],
  ['empty', empty],
]);

function record(overrides: Partial<AlertRecord>): AlertRecord {
  return { topic: 'tank1/level', condition: 'hi', state: 'active', holding: true, changedAt: T0, value: 93.25, unit: '%', severity: 'warning', kinds: [], stage: 'warning', stageAt: T0, raisedAt: T0, history: [], ...overrides };
}

describe('alert messages', () => {
  it('describes each kind of condition with its limit and value', () => {
    assert.equal(describeAlert(record({}), HI, translate), 'tank1/level high (limit 90 %), now 93.25 %');
    assert.equal(describeAlert(record({ condition: 'leak', kinds: ['leak', 'burst'], value: null, unit: '' }), leak, translate), 'tank1/level: leak, burst');
    assert.equal(describeAlert(record({ condition: 'empty', value: 5_400_000, unit: 'ms' }), empty, translate), 'tank1/level empty within 2 h, predicted in 1 h 30 min');
    assert.equal(describeAlert(record({ condition: 'empty', value: null, unit: 'ms' }), empty, translate), 'tank1/level empty within 2 h, no longer predicted');
  });

  it('builds a notification a toast, an e-mail or Pushover can take as it is', () => {
    const msg = notificationMessage({ event: 'critical', at: T0 + 900_000, alert: record({ stage: 'critical' }), delayed: false }, conditions, node, 'kitchen', translate);
    assert.equal(msg.payload, 'Critical, not acknowledged for 15 min: tank1/level high (limit 90 %), now 93.25 %.');
    assert.equal(msg.topic, 'Water CRITICAL: tank1/level');
    assert.equal(msg.highlight, 'red');
    assert.deepEqual(msg.alert, {
      id: 'tank1/level#hi',
      topic: 'tank1/level',
      condition: 'hi',
      type: 'threshold',
      severity: 'warning',
      state: 'active',
      stage: 'critical',
      value: 93.25,
      unit: '%',
      raisedAt: T0,
      acknowledgedAt: null,
      snoozedUntil: null,
      kinds: [],
      text: msg.payload,
      event: 'critical',
      delayed: false,
    });
  });

  it('says when the valve was closed, and in which mode', () => {
    const msg = notificationMessage({ event: 'action', at: T0, alert: record({ condition: 'leak', stage: 'action', kinds: ['burst'], value: 31, unit: 'L/min' }), delayed: false }, conditions, node, 'kitchen', translate);
    assert.equal(msg.payload, 'Water shut off (mode away): tank1/level: burst, now 31 L/min. The valve was sent the close command.');
    assert.equal(msg.topic, 'Water shut off: tank1/level');
  });

  it('sends a test notification with a test alert', () => {
    const msg = notificationMessage({ event: 'test', at: T0, delayed: false }, conditions, node, 'kitchen', translate);
    assert.equal(msg.payload, 'Test notification from kitchen: notifications reach you.');
    assert.equal(msg.topic, 'Water alert test');
    assert.equal(msg.alert.id, 'test');
    assert.equal(msg.alert.event, 'test');
  });

  it('writes valve commands with the alert that closed the valve', () => {
    const close = valveMessage({ command: 'close', at: T0, alert: record({ stage: 'action' }) }, 'close-true', 'house/valve', conditions, translate);
    assert.equal(close.payload, true);
    assert.equal(close.topic, 'house/valve');
    assert.equal(close.alert?.id, 'tank1/level#hi');
    assert.deepEqual(valveMessage({ command: 'open', at: T0 }, 'text', 'valve', conditions, translate), { topic: 'valve', payload: 'open' });
  });

  it('lists active alerts with their history for a dashboard table', () => {
    const history = [{ at: T0, event: 'raised' as const }];
    const msg = stateMessage([record({ history })], conditions, node, translate);
    assert.equal(msg.payload.length, 1);
    assert.equal(msg.payload[0].text, 'tank1/level high (limit 90 %), now 93.25 %');
    assert.equal(msg.mode, 'away');
    assert.equal(msg.valveClosed, true);
    assert.deepEqual(msg.history, { 'tank1/level#hi': history });
  });
});
