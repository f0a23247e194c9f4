import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, httpGet, installedNodeSets, packageNodeTypes, run, startProcess } from '../support/process';

describe('npm pack into a plain Node-RED userDir', function () {
  this.timeout(180000);
  let work: string;

  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'water-pack-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('installs with npm and loads every node, its help and the examples with no error', async () => {
    // The suite has just built dist/, so the prepack build is skipped.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work]);
    assert.equal(packed.code, 0, packed.output);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, packed.output);

    const userDir = path.join(work, 'userdir');
    await run('mkdir', ['-p', userDir]);
    writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, tarball)], { cwd: userDir });
    assert.equal(installed.code, 0, installed.output);
    const moduleDir = path.join(userDir, 'node_modules', '@smart-water', 'node-red-water');
    assert.ok(existsSync(path.join(moduleDir, 'examples')), 'examples/ is shipped');
    assert.ok(!existsSync(path.join(moduleDir, 'dist', 'test')), 'tests are not shipped');

    const nodeRed = path.join(ROOT, 'node_modules', 'node-red', 'red.js');
    const app = await startProcess('node', [nodeRed, '--userDir', userDir, '--port', '0', '--settings', path.join(ROOT, 'test', 'fixtures', 'plain-settings.js')], {
      ready: /Started flows/,
      env: { NODE_RED_ENABLE_PROJECTS: 'false' },
    });
    try {
      const port = app.output().match(/Server now running at http:\/\/127\.0\.0\.1:(\d+)\//)?.[1];
      assert.ok(port, app.output());
      const base = `http://127.0.0.1:${port}`;
      const ours = (await installedNodeSets(base)).filter((s) => s.module === '@smart-water/node-red-water');
      assert.deepEqual(ours.flatMap((s) => s.types).sort(), packageNodeTypes());
      for (const set of ours) {
        assert.equal(set.err, undefined, `${set.types.join()}: ${set.err}`);
        assert.equal(set.enabled, true);
      }
      const html = await httpGet(`${base}/nodes`, { Accept: 'text/html' });
      for (const type of packageNodeTypes()) {
        assert.match(html.body, new RegExp(`data-template-name="${type}"`), `${type} editor template`);
        assert.match(html.body, new RegExp(`data-help-name="${type}"`), `${type} help`);
      }
      const examples = await httpGet(`${base}/library/examples/flows/@smart-water/node-red-water`, { Accept: 'application/json' });
      const shipped = readdirSync(path.join(ROOT, 'flows')).map((f) => f.replace(/\.json$/, '')).sort();
      assert.deepEqual((JSON.parse(examples.body) as Array<{ fn: string }>).map((e) => e.fn).sort(), shipped, examples.body);
      assert.doesNotMatch(app.output(), /\[error\]|\[warn\] \[.*water/);
    } finally {
      await app.stop();
    }
  });
});
