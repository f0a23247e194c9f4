// Copies what Node-RED loads beside the compiled nodes: editor HTML, message
// catalogs and help, icons; and the example flows to examples/, the only folder
// Node-RED offers under Import > Examples.
import { cpSync, mkdirSync, readdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'nodes');
mkdirSync(out, { recursive: true });

for (const file of readdirSync(path.join(root, 'nodes'))) {
  if (file.endsWith('.html')) cpSync(path.join(root, 'nodes', file), path.join(out, file));
}
cpSync(path.join(root, 'nodes', 'locales'), path.join(out, 'locales'), { recursive: true });
cpSync(path.join(root, 'icons'), path.join(out, 'icons'), { recursive: true });

const examples = path.join(root, 'examples');
if (existsSync(examples)) rmSync(examples, { recursive: true });
cpSync(path.join(root, 'flows'), examples, { recursive: true });
