#!/usr/bin/env node
// `npx shopmind <command>`: runs the built CLI (dist/cli/src/main.js at the repository root).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = fileURLToPath(new URL('../../dist/cli/src/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write(`shopmind: ${main} is missing: run \`npm run build\` first\n`);
  process.exit(2);
}
await import(pathToFileURL(main).href);
