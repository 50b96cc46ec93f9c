#!/usr/bin/env node
// `npx shopmind <command>`: runs the built CLI (dist/cli/src/main.js at the repository root). In a
// checkout (scripts/build.mjs beside it) it compiles first when the build is missing, so
// `npx shopmind` works right after `npm ci`; the image ships dist/ and never builds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = fileURLToPath(new URL('../../dist/cli/src/main.js', import.meta.url));
const build = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
if (!existsSync(main) && existsSync(build)) {
  const built = spawnSync(process.execPath, [build], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(2);
}
if (!existsSync(main)) {
  process.stderr.write(`shopmind: ${main} is missing: run \`npm run build\` first\n`);
  process.exit(2);
}
await import(pathToFileURL(main).href);
