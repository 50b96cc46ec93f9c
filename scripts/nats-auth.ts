// Generates deploy/nats/auth.conf (NATS users and permissions) from the service catalogue; the
// shops' entries already in the file are kept.
//   npm run nats-auth               print the configuration
//   npm run nats-auth -- --write    write it to deploy/nats/auth.conf
//   npm run nats-auth -- --check    exit 1 when the file is stale
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderAuthConfig } from '@shopmind/bus';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

// dist/scripts/nats-auth.js → the repository root is two levels up.
const defaultFile = resolve(import.meta.dirname, '..', '..', 'deploy', 'nats', 'auth.conf');

const argv = await yargs(hideBin(process.argv))
  .usage('$0 [--write | --check] [--file <auth.conf>]')
  .option('file', { type: 'string', default: defaultFile, describe: 'the auth.conf to update or check' })
  .option('write', { type: 'boolean', describe: 'write the file' })
  .option('check', { type: 'boolean', describe: 'exit 1 when the file differs' })
  .conflicts('write', 'check')
  .strict()
  .parse();

const existing = existsSync(argv.file) ? readFileSync(argv.file, 'utf8') : undefined;
const text = renderAuthConfig({ existing });
if (argv.check) {
  if (text !== existing) {
    console.error(`${argv.file} is stale: run \`npm run nats-auth -- --write\``);
    process.exit(1);
  }
  console.error(`${argv.file} is up to date`);
} else if (argv.write) {
  writeFileSync(argv.file, text);
  console.error(`wrote ${argv.file}`);
} else {
  process.stdout.write(text);
}
