import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpGet, installedNodeSets, packageNodeTypes, runNpmStart, startNpmStart } from '../support/process';

describe('npm start', function () {
  this.timeout(60000);
  let userDir: string;

  beforeEach(() => {
    userDir = mkdtempSync(path.join(os.tmpdir(), 'water-start-'));
  });
  afterEach(() => {
    rmSync(userDir, { recursive: true, force: true });
  });

  it('serves the editor with every node of the package, the dashboard and the main example', async () => {
    const app = await startNpmStart(userDir);
    try {
      const base = app.match[1];
      assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
      const ours = (await installedNodeSets(base)).filter((s) => s.module === '@smart-water/node-red-water');
      assert.deepEqual(ours.flatMap((s) => s.types).sort(), packageNodeTypes());
      for (const set of ours) assert.equal(set.err, undefined, `${set.types.join()}: ${set.err}`);
      assert.match(app.output(), /Dashboard:\s+http:\/\/127\.0\.0\.1:\d+\/ui/);
      const ui = await httpGet(`${base}/ui/`);
      assert.equal(ui.status, 200);
      const example = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'tank-monitoring-dashboard.json'), 'utf8')) as Array<{ id: string }>;
      const deployed = JSON.parse((await httpGet(`${base}/flows`, { Accept: 'application/json' })).body) as Array<{ id: string }>;
      assert.deepEqual(deployed.map((n) => n.id).sort(), example.map((n) => n.id).sort());
      assert.doesNotMatch(app.output(), /\[error\]/);
    } finally {
      await app.stop();
    }
  });

  it('keeps the flows a user already has', async () => {
    const own = [{ id: 'aaaa000000000001', type: 'tab', label: 'mine' }];
    writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(own));
    const app = await startNpmStart(userDir);
    try {
      const res = await httpGet(`${app.match[1]}/flows`, { Accept: 'application/json' });
      assert.deepEqual(JSON.parse(res.body), own, res.body);
    } finally {
      await app.stop();
    }
  });

  it('refuses to listen beyond loopback without admin credentials', async () => {
    const result = await runNpmStart(userDir, { HOST: '0.0.0.0', NODE_RED_ADMIN_PASSWORD_HASH: '' });
    assert.equal(result.code, 2);
    assert.match(result.output, /Refusing to listen on 0\.0\.0\.0 without admin credentials/);
  });

  it('requires a login for the admin API when credentials are given', async () => {
    // bcrypt hash of "correct horse battery staple"
    const hash = '$2b$08$3.ZEchMuUUOyJm9oTVsDqO.w.n7cNIhcmUWF2ttdVYgEoEWU3yPDC';
    const app = await startNpmStart(userDir, { HOST: '127.0.0.1', NODE_RED_ADMIN_PASSWORD_HASH: hash });
    try {
      const flows = await httpGet(`${app.match[1]}/flows`, { Accept: 'application/json' });
      assert.equal(flows.status, 401);
    } finally {
      await app.stop();
    }
  });
});
