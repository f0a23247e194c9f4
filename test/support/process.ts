/**
 * Child processes for end-to-end specs: start, wait for a line, collect output,
 * stop. Specs start Node.js children with process.execPath, so they run under
 * the Node.js the suite runs under.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface Started {
  proc: ChildProcess;
  match: RegExpMatchArray;
  output(): string;
  stop(): Promise<number | null>;
}

export function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; ready: RegExp; timeoutMs?: number },
): Promise<Started> {
  const proc = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`not ready within ${options.timeoutMs ?? 30000} ms:\n${output}`));
    }, options.timeoutMs ?? 30000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = output.match(options.ready);
      if (match) {
        clearTimeout(timer);
        proc.stdout?.off('data', onData);
        proc.stderr?.off('data', onData);
        proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
        proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
        resolve({ proc, match, output: () => output, stop });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
}

/** Runs a command to completion. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
    proc.once('exit', (code) => resolve({ code, output }));
  });
}

export function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      })
      .on('error', reject);
  });
}

/** POSTs a JSON body; resolves with the status and the body text. */
export function httpPostJson(url: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** This package's package.json, the parts specs read. */
export function packageManifest(): { engines: { node: string }; 'node-red': { version: string; nodes: Record<string, string> } } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, 'package.json'));
}

/** The node types this package declares, one per node set. */
export function packageNodeTypes(): string[] {
  return Object.keys(packageManifest()['node-red'].nodes).sort();
}

export interface NodeSetInfo {
  module: string;
  types: string[];
  err?: string;
  enabled: boolean;
}

export async function installedNodeSets(baseUrl: string): Promise<NodeSetInfo[]> {
  const res = await httpGet(`${baseUrl}/nodes`, { Accept: 'application/json' });
  if (res.status !== 200) throw new Error(`GET /nodes answered ${res.status}`);
  return JSON.parse(res.body) as NodeSetInfo[];
}

/** `npm start`'s runtime, without the build `npm start` runs first (the suite has just built). */
const START_SCRIPT = ['dist/scripts/start.js'];

/** `npm start`'s environment for a spec: `userDir`, a free port, and whatever `env` adds or overrides. */
const startEnv = (userDir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ PORT: '0', NODE_RED_USER_DIR: userDir, ...env });

/** Starts `npm start`'s runtime in `userDir`; resolves once it serves, with its base URL in `match[1]`. */
export function startNpmStart(userDir: string, env: NodeJS.ProcessEnv = {}): Promise<Started> {
  return startProcess(process.execPath, START_SCRIPT, { env: startEnv(userDir, env), ready: /Node-RED editor:\s+(http:\/\/\S+?)\/\s/ });
}

/** Runs `npm start`'s runtime in `userDir` until it exits: for a start it must refuse. */
export function runNpmStart(userDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return run(process.execPath, START_SCRIPT, { env: startEnv(userDir, env) });
}

/**
 * Runs `npm start`'s runtime (with the localfilesystem context store) on a
 * free port in `userDir`, calls `body` with its base URL, then stops it
 * cleanly, which flushes the context store: one session of a restart test.
 */
export async function runtimeSession<T>(userDir: string, body: (url: string, app: Started) => Promise<T>): Promise<{ app: Started; result: T }> {
  const app = await startNpmStart(userDir);
  let result: T;
  try {
    result = await body(app.match[1], app);
  } catch (err) {
    await app.stop();
    throw err;
  }
  const code = await app.stop();
  if (code !== 0) throw new Error(`the runtime exited with ${code}:\n${app.output()}`);
  return { app, result };
}
