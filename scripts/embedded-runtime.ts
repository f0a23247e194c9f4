/**
 * An embedded Node-RED runtime with this package installed, as `npm start`,
 * the end-to-end tests and the benchmarks use it: one HTTP server carrying the
 * editor, the admin API and the flows' HTTP endpoints (dashboard included).
 */

import { mkdirSync, existsSync, copyFileSync, symlinkSync, writeFileSync, readFileSync, lstatSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type NodeRed from 'node-red';

/**
 * The main file of the Node-RED embedded here and bound to the test helper:
 * the one installed, or the release WATER_NODE_RED names (the compatibility
 * spec runs the node specs and the examples on other releases).
 */
export const NODE_RED_MAIN = process.env.WATER_NODE_RED ?? require.resolve('node-red');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const RED: typeof NodeRed = require(NODE_RED_MAIN);

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = '@smart-water/node-red-water';

export interface RuntimeOptions {
  userDir: string;
  port: number;
  host: string;
  /** A flow file copied into the userDir when it has no flows yet. */
  initialFlow?: string;
  /** Admin login; required by the caller for any non-loopback host. */
  adminAuth?: { username: string; passwordHash: string };
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Extra settings merged over the defaults. */
  settings?: Record<string, unknown>;
}

export interface RunningRuntime {
  url: string;
  port: number;
  /** The one HTTP server: editor, admin API and the flows' endpoints. */
  server: http.Server;
  stop(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Makes the userDir look like one where `npm install` put this package: a
 * package.json naming it and a link to the checkout in node_modules.
 */
export function prepareUserDir(userDir: string, initialFlow?: string): void {
  const scopeDir = path.join(userDir, 'node_modules', '@smart-water');
  mkdirSync(scopeDir, { recursive: true });
  const link = path.join(scopeDir, 'node-red-water');
  if (!isSymlink(link)) symlinkSync(PACKAGE_ROOT, link, 'dir');
  const pkgFile = path.join(userDir, 'package.json');
  if (!existsSync(pkgFile)) {
    const version = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    writeFileSync(pkgFile, JSON.stringify({ name: 'node-red-project', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2));
  }
  const flowFile = path.join(userDir, 'flows.json');
  if (initialFlow && !existsSync(flowFile)) copyFileSync(initialFlow, flowFile);
}

export async function startRuntime(options: RuntimeOptions): Promise<RunningRuntime> {
  prepareUserDir(options.userDir, options.initialFlow);
  // The admin and node apps are express apps, which accept a plain request and
  // call `next` for paths they do not serve: chain them, then answer 404.
  type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
  // Both apps exist only after RED.init, so they are looked up per request.
  const server = http.createServer((req, res) => {
    (RED.httpAdmin as unknown as Handler)(req, res, () => {
      (RED.httpNode as unknown as Handler)(req, res, () => {
        res.statusCode = 404;
        res.end('Not found');
      });
    });
  });
  const settings = {
    userDir: options.userDir,
    flowFile: 'flows.json',
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: options.host,
    uiPort: options.port,
    // Meter totals, alert states and learned baselines survive restarts.
    contextStorage: { default: { module: 'localfilesystem' } },
    logging: { console: { level: options.logLevel ?? 'info', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    diagnostics: { enabled: false },
    runtimeState: { enabled: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    ...(options.adminAuth
      ? {
          adminAuth: {
            type: 'credentials',
            users: [{ username: options.adminAuth.username, password: options.adminAuth.passwordHash, permissions: '*' }],
          },
        }
      : {}),
    ...options.settings,
  };
  // node-red's types ask for every LocalSettings field; the runtime fills in the rest itself.
  RED.init(server, settings as unknown as Parameters<typeof RED.init>[1]);
  // RED.start resolves before the flows are loaded; callers want them running.
  const flowsStarted = new Promise<void>((resolve) => RED.events.once('flows:started', () => resolve()));
  await RED.start();
  await flowsStarted;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    server,
    async stop() {
      await RED.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
