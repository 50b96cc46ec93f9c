// `npm run bench -- <name> [args]`: runs tests/bench/<name>.bench.ts. Every bench prints its figures
// as one JSON object on its last line.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../eval/input-error.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.replace(/\.bench\.js$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [args]`);
  process.exit(2);
}
const bench = (await import(`./${name}.bench.js`)) as { main(args: string[]): Promise<void> };
await runCommand(`bench ${name}`, () => bench.main(args));
