/**
 * A Mosquitto broker on a free loopback port, for the MQTT example's spec. It
 * publishes its $SYS statistics every second, so a spec can wait until the
 * example has subscribed.
 */

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from './process';

export interface Broker {
  port: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Debian installs the broker in /usr/sbin, which is not on every user's PATH. */
function mosquittoBinary(): string {
  return ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((file) => existsSync(file)) ?? 'mosquitto';
}

export async function startMosquitto(): Promise<Broker> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'water-mqtt-'));
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  writeFileSync(config, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type information', 'sys_interval 1', ''].join('\n'));
  const broker = await startProcess(mosquittoBinary(), ['-c', config], { ready: /mosquitto version \S+ running/, timeoutMs: 10000 });
  return {
    port,
    async stop() {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
