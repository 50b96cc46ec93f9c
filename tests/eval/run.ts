// `npm run eval -- <name> [args]`: runs tests/eval/<name>.eval.ts. Every evaluation prints its figures
// as one JSON object on its last line.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './input-error.js';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.eval.js'))
  .map((f) => f.replace(/\.eval\.js$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run eval -- <${available.join('|')}> [args]`);
  process.exit(2);
}
const evaluation = (await import(`./${name}.eval.js`)) as { main(args: string[]): Promise<void> };
await runCommand(`eval ${name}`, () => evaluation.main(args));
