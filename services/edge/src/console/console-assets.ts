// The console's files (HTML, CSS, plain ES modules) from services/edge/console-assets, read once at
// start-up from the package folder: next to src/ when run from the sources, under the repository's
// services/ when run from dist/ (the image copies services/ beside dist/).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Only these names are served: no path can reach outside the folder. */
const NAME = /^[a-z0-9][a-z0-9-]*\.(html|css|js|svg)$/;

export interface ConsoleAsset {
  body: Buffer;
  contentType: string;
}

/** The folder of the console's files, found from this module's place (sources or dist/). */
export function consoleAssetsDir(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'console-assets'), join(dir, 'services', 'edge', 'console-assets')])
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`console assets not found above ${from}`);
  }
}

export function loadConsoleAssets(dir = consoleAssetsDir()): Map<string, ConsoleAsset> {
  const assets = new Map<string, ConsoleAsset>();
  for (const name of readdirSync(dir))
    if (NAME.test(name))
      assets.set(name, { body: readFileSync(join(dir, name)), contentType: TYPES[extname(name)]! });
  return assets;
}

/**
 * Scripts only from the edge itself (no inline script, no eval), styles only from files, calls
 * only to the edge; no frames, no plug-ins, no foreign forms.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
