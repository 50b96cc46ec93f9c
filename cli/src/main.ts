// The `shopmind` executable (cli/bin/shopmind.mjs imports the built copy of this file).
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
