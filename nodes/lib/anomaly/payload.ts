/**
 * Reads a message's channels: a plain number is the one channel `value`; an
 * object of named numbers (`{ flow, pressure, current }`, as an MQTT JSON
 * sensor sends) gives one channel per numeric property. `msg.unit` is a unit
 * for a plain number, and for an object either one unit for every channel or
 * an object of units by channel name.
 */

import { describeTopic, describeValue, fail, ok, parseNumber, parseUnit, type Parsed } from '../input';
import type { UnitKind } from '../units';
import { MAX_CHANNELS, VALUE_CHANNEL, type ChannelReading } from './topic-model';

const ANY_UNIT: readonly UnitKind[] = ['rate', 'volume', 'length', 'percent', 'pulses'];

export interface PayloadOptions {
  /** The unit of readings that carry none; '' for none. */
  unit: string;
  /** Channel names to read from an object payload; empty for every numeric property. */
  channels: readonly string[];
}

interface ChannelMessage {
  payload?: unknown;
  topic?: unknown;
  unit?: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** A reading's unit: the empty unit (no unit given or configured) is none. */
function readingUnit(unit: string): string | undefined {
  return unit === '' ? undefined : unit;
}

function unitOf(msg: ChannelMessage, unit: unknown, configured: string): Parsed<string | undefined> {
  const parsed = parseUnit({ unit, topic: msg.topic }, ANY_UNIT, configured);
  return parsed.ok ? ok(readingUnit(parsed.value)) : parsed;
}

/**
 * Reads messages with one node's options. A plain number without a unit of
 * its own, what nearly every message is, is read into one reading that the
 * reader keeps and fills again for each message, so reading it makes nothing;
 * everything else goes through readChannels.
 */
export class ChannelReader {
  private readonly reading: ChannelReading;
  private readonly plain: Parsed<ChannelReading[]>;

  constructor(private readonly options: PayloadOptions) {
    this.reading = { name: VALUE_CHANNEL, value: 0, unit: readingUnit(options.unit) };
    this.plain = ok([this.reading]);
  }

  /** As readChannels; what it reads is valid until the next call. */
  read(msg: ChannelMessage): Parsed<ChannelReading[]> {
    if (msg.unit === undefined && !isPlainObject(msg.payload)) {
      const value = parseNumber(msg.payload);
      if (value !== undefined) {
        this.reading.value = value;
        return this.plain;
      }
    }
    return readChannels(msg, this.options);
  }
}

export function readChannels(msg: ChannelMessage, options: PayloadOptions): Parsed<ChannelReading[]> {
  if (!isPlainObject(msg.payload)) {
    const value = parseNumber(msg.payload);
    if (value === undefined) return fail('common.errors.not-a-number', { topic: describeTopic(msg.topic), value: describeValue(msg.payload) });
    if (isPlainObject(msg.unit)) return fail('errors.unit-object', { topic: describeTopic(msg.topic), value: describeValue(msg.unit) });
    const unit = unitOf(msg, msg.unit, options.unit);
    return unit.ok ? ok([{ name: VALUE_CHANNEL, value, unit: unit.value }]) : unit;
  }

  const payload = msg.payload;
  const names = (options.channels.length > 0 ? options.channels : Object.keys(payload)).filter((name) => Object.prototype.hasOwnProperty.call(payload, name));
  const channels: ChannelReading[] = [];
  for (const name of names) {
    const value = parseNumber(payload[name]);
    // Other properties (a status text, a device id) ride along without being channels.
    if (value === undefined) continue;
    const raw = isPlainObject(msg.unit) ? msg.unit[name] : msg.unit;
    const unit = unitOf(msg, raw, isPlainObject(msg.unit) ? '' : options.unit);
    if (!unit.ok) return unit;
    channels.push({ name, value, unit: unit.value });
  }
  if (channels.length === 0) return fail('errors.no-channels', { topic: describeTopic(msg.topic), value: describeValue(payload) });
  if (channels.length > MAX_CHANNELS) return fail('errors.too-many-channels', { topic: describeTopic(msg.topic), count: channels.length, max: MAX_CHANNELS });
  return ok(channels);
}
