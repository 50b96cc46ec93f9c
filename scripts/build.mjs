// Compiles the workspace's TypeScript (libs, services, tests, scripts, cli) into dist/, mirroring the tree,
// with SWC: decorator metadata kept for Nest, `@shopmind/<lib>` aliases rewritten to relative paths.
// Incremental by modification time. Type checking is separate: `npm run typecheck`.
import { readdirSync, statSync, mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
swcrc.jsc.baseUrl = root;
swcrc.jsc.paths = paths;
swcrc.module.resolveFully = true;

const roots = ['libs', 'services', 'tests', 'scripts', 'cli'];
const skip = new Set(['node_modules', 'dist', 'fixtures']);

function* sources(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.ts$/.test(p) && !/\.(spec|int-spec|d)\.ts$/.test(p)) yield p;
  }
}

const jobs = [];
for (const file of roots.flatMap((r) => [...sources(join(root, r))])) {
  const out = join(root, 'dist', relative(root, file)).replace(/\.ts$/, '.js');
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
  jobs.push(
    transformFile(file, {
      ...swcrc,
      swcrc: false,
      filename: file,
      sourceFileName: relative(dirname(out), file),
    }).then((r) => {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${r.code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
      if (r.map) writeFileSync(`${out}.map`, r.map);
    }),
  );
}
await Promise.all(jobs);
if (jobs.length) console.error(`build: compiled ${jobs.length} file(s) into dist/`);
