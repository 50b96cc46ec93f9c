// Finds files that ship beside the code (rules/, model/) whether running from src/ (tests, tsx) or
// from the compiled dist/services/fraud-detection/src/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function serviceAsset(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    for (const candidate of [join(dir, relative), join(dir, 'services', 'fraud-detection', relative)]) {
      if (existsSync(candidate)) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error(
    `fraud-detection: cannot find ${relative} (looked upwards from ${fileURLToPath(import.meta.url)})`,
  );
}
