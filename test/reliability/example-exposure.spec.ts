import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/process';
import type { FlowNode } from './flows';

const FLOWS_DIR = path.join(ROOT, 'flows');

/** Inputs that would take messages, and so commands, from anyone on the network. */
const OPEN_INPUTS = ['websocket in', 'tcp in', 'udp in'];

/** What puts a string into a page as HTML in a dashboard template (AngularJS, Vue, the DOM). */
const HTML_SINKS = /ng-bind-html|trustAsHtml|v-html|innerHTML|outerHTML|insertAdjacentHTML|\.html\(|document\.write/;

/** The text of a dashboard template node: `template` (node-red-dashboard) or `format` (Dashboard 2.0). */
function templateOf(node: FlowNode): string {
  return String(node.template ?? node.format ?? '');
}

describe('example flows: what they expose and how their dashboards show message texts', () => {
  const files = readdirSync(FLOWS_DIR).filter((f) => f.endsWith('.json'));

  it('there are examples to check', () => assert.ok(files.length > 0));

  for (const file of files) {
    const flow = JSON.parse(readFileSync(path.join(FLOWS_DIR, file), 'utf8')) as FlowNode[];

    it(`${file}: HTTP endpoints only answer GET, and nothing else listens on the network`, () => {
      const writable = flow.filter((n) => n.type === 'http in' && String(n.method).toLowerCase() !== 'get');
      assert.deepEqual(writable.map((n) => `${String(n.method).toUpperCase()} ${String(n.url)}`), []);
      assert.deepEqual(flow.filter((n) => OPEN_INPUTS.includes(n.type)).map((n) => `${n.type} ${n.id}`), []);
    });

    it(`${file}: dashboards show message texts as text, never as HTML`, () => {
      const rawToasts = flow.filter((n) => (n.type === 'ui_toast' || n.type === 'ui-notification') && (n.raw === true || n.allowHtml === true));
      assert.deepEqual(rawToasts.map((n) => n.id), [], 'notifications that accept raw HTML');
      const unsafe = flow.filter((n) => (n.type === 'ui_template' || n.type === 'ui-template') && HTML_SINKS.test(templateOf(n)));
      assert.deepEqual(unsafe.map((n) => `${n.id}: ${HTML_SINKS.exec(templateOf(n))?.[0]}`), [], 'templates that render strings as HTML');
    });
  }
});
