/**
 * `npm start`: Node-RED 4 with this package and node-red-dashboard, in a
 * userDir inside the checkout, the main example deployed on first start.
 *
 * Environment: PORT (1880), HOST (127.0.0.1), NODE_RED_USER_DIR
 * (.node-red-data). Any HOST other than loopback needs NODE_RED_ADMIN_PASSWORD_HASH
 * (a bcrypt hash, as `npx node-red admin hash-pw` prints) and optionally
 * NODE_RED_ADMIN_USER (admin).
 */

import path from 'node:path';
import { PACKAGE_ROOT, isLoopback, startRuntime } from './embedded-runtime';

const MAIN_EXAMPLE = path.join(PACKAGE_ROOT, 'examples', 'tank-monitoring-dashboard.json');

async function main(): Promise<void> {
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT || 1880);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, got "${process.env.PORT}"`);
    process.exit(2);
  }
  const passwordHash = process.env.NODE_RED_ADMIN_PASSWORD_HASH;
  if (!isLoopback(host) && !passwordHash) {
    console.error(
      `Refusing to listen on ${host} without admin credentials: anyone on that network could edit the flows.\n` +
        'Set NODE_RED_ADMIN_PASSWORD_HASH to a bcrypt hash (create one with `npx node-red admin hash-pw`),\n' +
        'optionally NODE_RED_ADMIN_USER (default "admin"), or leave HOST unset to listen on 127.0.0.1 only.',
    );
    process.exit(2);
  }
  const userDir = path.resolve(process.env.NODE_RED_USER_DIR || path.join(PACKAGE_ROOT, '.node-red-data'));
  const runtime = await startRuntime({
    userDir,
    host,
    port,
    initialFlow: MAIN_EXAMPLE,
    adminAuth: passwordHash ? { username: process.env.NODE_RED_ADMIN_USER || 'admin', passwordHash } : undefined,
  });
  const shutdown = (): void => {
    runtime.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Before saying it is ready: whoever waits for that line may stop it at once, and must stop it cleanly.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  console.log(`\nNode-RED editor:  ${runtime.url}/`);
  console.log(`Dashboard:        ${runtime.url}/ui`);
  console.log(`User directory:   ${userDir}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
