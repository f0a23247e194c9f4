/**
 * The parameters of an event's human-readable text. The texts themselves are
 * in the node's message catalog (`events.start.<kind>`, `events.end`), so they
 * can be translated; numbers and durations are rounded here for reading.
 */

import type { AnomalyEvent } from './topic-model';

/** At most four significant digits, without trailing zeros. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '?';
  if (value === 0) return '0';
  const digits = Math.abs(value) >= 1000 ? 0 : 4 - Math.floor(Math.log10(Math.abs(value))) - 1;
  return String(Number(value.toFixed(Math.max(0, Math.min(6, digits)))));
}

/** A duration as people say it: seconds, minutes, hours or days. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${formatNumber(Math.round(s / 360) / 10)} h`;
  return `${formatNumber(Math.round(s / 8640) / 10)} d`;
}

export interface EventText {
  key: string;
  params: Record<string, string | number>;
}

/** The catalog key and parameters of an event's text. `where` names the topic, and the channel of an object payload. */
export function eventText(event: AnomalyEvent, where: string): EventText {
  const facts = event.facts;
  const params: Record<string, string | number> = {
    where,
    value: formatNumber(event.value),
    expected: formatNumber(event.expected),
    duration: formatDuration(event.time - event.since),
    readings: facts.readings ?? 0,
    silence: formatDuration(facts.silentMs ?? 0),
    sinceQuiet: formatDuration((facts.minutesSinceQuiet ?? 0) * 60_000),
    usage: formatDuration((facts.usageMinutes ?? 0) * 60_000),
    above: formatDuration((facts.burstMinutes ?? 0) * 60_000),
    litres: formatNumber(facts.usageLitres),
    nightMin: formatNumber(facts.nightMin),
    flow: formatNumber(facts.flow),
  };
  return { key: event.state === 'start' ? `events.start.${event.kind}` : 'events.end', params };
}
