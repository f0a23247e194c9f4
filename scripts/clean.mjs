// Removes the previous build, so that a source file deleted since leaves no compiled file behind to run or to pack.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

rmSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'), { recursive: true, force: true });
