import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as local from '../../../nodes/lib/anomaly/local-time';
import { compareWithDate } from './local-time-check';

const MODULE = path.join(__dirname, '..', '..', '..', 'nodes', 'lib', 'anomaly', 'local-time.js');
const CHECK = path.join(__dirname, 'local-time-check.js');

describe('local time of day', () => {
  it('reads as Date does in this process', () => {
    assert.ok(compareWithDate(local, Date.UTC(2024, 0, 1), 366) > 70_000);
  });

  it('reads as Date does across daylight saving changes, half-hour ones and odd historical offsets', () => {
    // A process per time zone: Node reads TZ at start, and the module keeps the offset of the hour.
    const zones: Array<[string, string]> = [
      ['Europe/Berlin', '2024-01-01'],
      ['Australia/Lord_Howe', '2024-01-01'],
      ['Asia/Kathmandu', '2024-01-01'],
      ['America/St_Johns', '2024-01-01'],
      ['Europe/Amsterdam', '1935-01-01'],
    ];
    for (const [zone, start] of zones) {
      const script = `process.stdout.write(String(require(${JSON.stringify(CHECK)}).compareWithDate(require(${JSON.stringify(MODULE)}), Date.parse(${JSON.stringify(start)}), 366)))`;
      const compared = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: zone }, encoding: 'utf8' });
      assert.ok(Number(compared) > 70_000, `${zone}: ${compared}`);
    }
  });
});
