import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtFile, repoRoot } from './built-file.js';

describe('builtFile', () => {
  it('finds the repository root from the harness', () => {
    expect(existsSync(join(repoRoot(), 'scripts', 'build.mjs'))).toBe(true);
  });

  it('returns the absolute path of a file that exists', () => {
    expect(builtFile('package.json')).toBe(join(repoRoot(), 'package.json'));
  });

  it('fails saying how to build when the file is missing', () => {
    expect(() => builtFile('dist/no/such/file.js')).toThrow(
      'dist/no/such/file.js is missing: this test runs the built code. Run it through `npm test` (which builds before Jest), or run `npm run build` first.',
    );
  });
});
