/**
 * Reads a V8 CPU profile (what `node --cpu-prof` writes, or the inspector's
 * Profiler.stop gives) into self time per function and per part of the
 * process, in µs per message: the figures a throughput target is weighed in.
 */

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  endTime: number;
  samples: number[];
  /** µs since the previous sample, one per sample. */
  timeDeltas: number[];
}

/** Where a function's code lives. */
export type Part = 'this package' | 'Node-RED' | 'garbage collector' | 'benchmark harness' | 'Node.js and other';

export interface FunctionCost {
  /** `name (file:line)`, the file relative to the package or to node_modules. */
  function: string;
  part: Part;
  microsPerMessage: number;
}

export interface ProfileSummary {
  /** The profile's span per message. */
  microsPerMessage: number;
  parts: Record<Part, number>;
  /** This package's self time by file (relative to `dist/`), most expensive first. */
  files: Array<{ file: string; microsPerMessage: number }>;
  /** Most expensive first. */
  functions: FunctionCost[];
}

const PARTS: Part[] = ['this package', 'Node-RED', 'garbage collector', 'benchmark harness', 'Node.js and other'];

function partOf(url: string, functionName: string): Part {
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (/\/node_modules\/(node-red|@node-red)\//.test(url)) return 'Node-RED';
  if (/\/dist\/nodes\//.test(url)) return 'this package';
  if (/\/dist\/scripts\//.test(url)) return 'benchmark harness';
  return 'Node.js and other';
}

function shortUrl(url: string): string {
  return url.replace(/^.*\/node_modules\//, '').replace(/^.*\/dist\//, '').replace(/^file:\/\//, '');
}

/**
 * Each sample's time is the gap to the next one, the last one's the gap to
 * the profile's end (as Chrome DevTools counts them), so the self times add
 * up to the profile's span from its first sample.
 */
export function summariseProfile(profile: CpuProfile, messages: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const micros = new Map<string, { part: Part; total: number }>();
  const parts = Object.fromEntries(PARTS.map((part) => [part, 0])) as Record<Part, number>;
  const files = new Map<string, number>();
  const { samples, timeDeltas } = profile;
  const lastSampleAt = profile.startTime + timeDeltas.reduce((sum, d) => sum + d, 0);
  for (let i = 0; i < samples.length; i++) {
    const duration = i + 1 < samples.length ? timeDeltas[i + 1] : profile.endTime - lastSampleAt;
    const frame = byId.get(samples[i]);
    if (frame === undefined || duration <= 0) continue;
    const part = partOf(frame.url, frame.functionName);
    const file = shortUrl(frame.url);
    const name = frame.url === '' ? frame.functionName : `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1})`;
    const entry = micros.get(name) ?? { part, total: 0 };
    entry.total += duration;
    micros.set(name, entry);
    parts[part] += duration;
    if (part === 'this package') files.set(file, (files.get(file) ?? 0) + duration);
  }
  for (const part of PARTS) parts[part] /= messages;
  return {
    microsPerMessage: (profile.endTime - profile.startTime) / messages,
    parts,
    files: [...files.entries()].map(([file, total]) => ({ file, microsPerMessage: total / messages })).sort((a, b) => b.microsPerMessage - a.microsPerMessage),
    functions: [...micros.entries()]
      .map(([name, { part, total }]) => ({ function: name, part, microsPerMessage: total / messages }))
      .sort((a, b) => b.microsPerMessage - a.microsPerMessage),
  };
}
