// Tests that run the deployed form of the code (child processes under `node --import register.js`)
// use the dist/ that `npm test` builds before Jest starts; they never build it themselves.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file that holds scripts/build.mjs. */
export function repoRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'scripts', 'build.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`no repository root (with scripts/build.mjs) above ${import.meta.dirname}`);
    dir = parent;
  }
  return dir;
}

/**
 * The absolute path of a compiled file, e.g. `builtFile('dist/libs/telemetry/src/register.js')`.
 * Fails with what to run when it is missing.
 */
export function builtFile(relativePath: string): string {
  const path = join(repoRoot(), relativePath);
  if (!existsSync(path)) {
    throw new Error(
      `${relativePath} is missing: this test runs the built code. Run it through \`npm test\` (which builds ` +
        'before Jest), or run `npm run build` first.',
    );
  }
  return path;
}
