import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, type OpenBrowser } from '../support/browser';
import { assertInPalette, editorReady } from '../support/editor';
import { ROOT, httpGet, installedNodeSets, packageNodeTypes, run, startProcess } from '../support/process';
import { RUNTIMES, commandLineOf, nodeFor, versionOf } from '../support/runtimes';

describe('npm pack into a plain Node-RED userDir, on every Node-RED release line declared', function () {
  this.timeout(180000);
  let work: string;
  let userDir: string;
  let chromium: OpenBrowser;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'water-pack-'));
    // The suite has just built dist/, so the prepack build is skipped.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work]);
    assert.equal(packed.code, 0, packed.output);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, packed.output);
    userDir = path.join(work, 'userdir');
    await run('mkdir', ['-p', userDir]);
    writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, tarball)], { cwd: userDir });
    assert.equal(installed.code, 0, installed.output);
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('installs with npm: the examples shipped, the tests not', () => {
    const moduleDir = path.join(userDir, 'node_modules', '@smart-water', 'node-red-water');
    assert.ok(existsSync(path.join(moduleDir, 'examples')), 'examples/ is shipped');
    assert.ok(!existsSync(path.join(moduleDir, 'dist', 'test')), 'tests are not shipped');
  });

  for (const runtime of RUNTIMES) {
    it(`Node-RED ${versionOf(runtime)} loads every node, its help and the examples with no error, and its editor shows them`, async () => {
      const args = [commandLineOf(runtime), '--userDir', userDir, '--port', '0', '--settings', path.join(ROOT, 'test', 'fixtures', 'plain-settings.js')];
      // Node-RED prints where it listens and that the flows started in either order: ready once both are out.
      const ready = /^(?=[\s\S]*Started flows)(?=[\s\S]*Server now running at http:\/\/127\.0\.0\.1:(\d+)\/)/;
      const app = await startProcess(nodeFor(runtime), args, { ready, env: { NODE_RED_ENABLE_PROJECTS: 'false' } });
      try {
        // Node-RED adds -git to its version when a .git folder is four levels above its runtime, as this checkout's is.
        assert.match(app.output(), new RegExp(`Node-RED version: v${versionOf(runtime).replace(/\./g, '\\.')}(-git)?\\s`));
        const base = `http://127.0.0.1:${app.match[1]}`;
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

        const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
        try {
          await page.goto(`${base}/`, { waitUntil: 'load' });
          await editorReady(page, packageNodeTypes());
          await assertInPalette(page, packageNodeTypes());
        } finally {
          await page.close();
        }
        assert.doesNotMatch(app.output(), /\[error\]|\[warn\] \[.*water/);
      } finally {
        await app.stop();
      }
    });
  }
});
