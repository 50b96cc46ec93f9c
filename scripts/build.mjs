// Compiles every lib and service (or the folders given as arguments) from src/ to dist/ with SWC.
// SWC keeps decorator metadata, which Nest's dependency injection needs; type checking is `npm run typecheck`.
import { readdirSync, statSync, mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

const packages = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['libs', 'services'].flatMap((d) => readdirSync(join(root, d)).map((p) => `${d}/${p}`));

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (p.endsWith('.ts') && !p.endsWith('.spec.ts') && !p.endsWith('.int-spec.ts') && !p.endsWith('.d.ts')) yield p;
  }
}

let count = 0;
await Promise.all(
  packages.map(async (pkg) => {
    const src = join(root, pkg, 'src');
    if (!existsSync(src)) return;
    const jobs = [];
    for (const file of sources(src)) {
      const out = join(root, pkg, 'dist', relative(src, file)).replace(/\.ts$/, '.js');
      if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
      jobs.push(
        transformFile(file, { ...swcrc, swcrc: false, sourceFileName: relative(dirname(out), file) }).then((r) => {
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, r.code + `\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
          if (r.map) writeFileSync(out + '.map', r.map);
          count++;
        }),
      );
    }
    await Promise.all(jobs);
  }),
);
if (count) console.error(`build: compiled ${count} file(s)`);
