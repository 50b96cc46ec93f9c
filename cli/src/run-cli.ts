// The command line: yargs wiring only. Each command's work is in commands/<name>.ts; runCli runs
// in-process and resolves the exit code (cli/README.md lists the codes), so tests capture everything.
import yargs, { type Argv } from 'yargs';
import {
  CommandContext,
  DEFAULT_NATS_URL,
  DEFAULT_REDIS_URL,
  type ConnectionArgs,
} from './command-context.js';
import { processIo, type CliIo } from './cli-io.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { ASK_KINDS, askCommand, type AskFlags } from './commands/ask.js';
import { CHECKED_SERVICES, checkAggregatesCommand, type CheckAggregatesOptions } from './commands/check.js';
import { dlqList, dlqPurge, dlqReplay, dlqShow, parseSeq, type DlqFilter } from './commands/dlq.js';
import { doctorCommand } from './commands/doctor.js';
import { provisionCommand } from './commands/provision.js';
import { publishCommand } from './commands/publish.js';
import { replayCommand } from './commands/replay.js';
import { reprocessCommand } from './commands/reprocess.js';
import { secretsDevCommand, type SecretsFormat } from './commands/secrets.js';
import { tailCommand } from './commands/tail.js';
import { tenantKeyCommand, WEBHOOK_PLATFORMS, type WebhookPlatform } from './commands/tenant-key.js';
import { tenantAddCommand } from './commands/tenant.js';

type Args = ConnectionArgs & Record<string, unknown>;

function connectionOptions(y: Argv): Argv {
  return y
    .option('nats-url', {
      type: 'string',
      describe: `NATS server(s) [env NATS_URL, default ${DEFAULT_NATS_URL}]`,
      group: 'Connection:',
    })
    .option('user', { type: 'string', describe: 'NATS user [env NATS_USER]', group: 'Connection:' })
    .option('password', {
      type: 'string',
      describe: 'NATS password [env NATS_PASSWORD]',
      group: 'Connection:',
    })
    .option('nkey', {
      type: 'string',
      describe: "a shop's nkey seed file (from `tenant add`); needs --tenant",
      group: 'Connection:',
    })
    .option('tenant', { type: 'string', describe: 'the shop (tenant id)', group: 'Connection:' })
    .option('tls-ca', {
      type: 'string',
      describe: 'CA file for a tls:// server [env NATS_TLS_CA_FILE]',
      group: 'Connection:',
    })
    .option('redis-url', {
      type: 'string',
      describe: `Redis [env REDIS_URL + REDIS_PASSWORD, default ${DEFAULT_REDIS_URL}]`,
      group: 'Connection:',
    })
    .option('prefix', {
      type: 'string',
      describe: 'subject namespace [env SHOPMIND_SUBJECT_PREFIX]',
      group: 'Connection:',
    })
    .option('json', { type: 'boolean', default: false, describe: 'machine-readable output (JSON)' });
}

const dlqFilterOptions = (y: Argv) =>
  y
    .option('service', { type: 'string', describe: 'only dead letters of this service' })
    .option('subject', {
      type: 'string',
      describe: 'original subject pattern (NATS wildcards), e.g. shop.acme.>',
    })
    .option('reason', { type: 'string', describe: 'reason contains this text (any case)' })
    .option('limit', { type: 'number', describe: 'at most this many' });

const filterOf = (a: Args): DlqFilter => ({
  service: a.service as string | undefined,
  subject: a.subject as string | undefined,
  reason: a.reason as string | undefined,
  limit: a.limit as number | undefined,
});

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code: number = ExitCode.ok;
  /** Runs a command with its context, closing its connections whatever happens. */
  const run =
    (work: (ctx: CommandContext, a: Args) => Promise<number>) =>
    async (a: Args): Promise<void> => {
      let ctx: CommandContext | undefined;
      try {
        ctx = new CommandContext(io, a);
        code = await work(ctx, a);
      } catch (err) {
        // Errors of the command itself; whatever reaches the catch below is yargs' (usage).
        io.err(`shopmind: ${err instanceof Error ? err.message : String(err)}`);
        code = exitCodeOf(err);
      } finally {
        await ctx?.close();
      }
    };

  const parser = connectionOptions(yargs())
    .scriptName('shopmind')
    .usage(
      '$0 <command> [options]\n\nOperate a ShopMind deployment. Exit codes: 0 ok, 1 problems found or the operation failed, 2 usage error, 3 cannot connect.',
    )
    .command('provision', 'create or widen the streams (admin)', (y) => y, run(provisionCommand))
    .command(
      'doctor',
      'check connectivity, streams, consumers, lag, dead letters, LLM providers and budgets',
      (y) =>
        y.option('max-lag', {
          type: 'number',
          default: 1000,
          describe: 'undelivered messages above which a consumer is behind',
        }),
      run((ctx, a) => doctorCommand(ctx, { maxLag: a.maxLag as number })),
    )
    .command('check', 'consistency checks of the stored data', (y) =>
      y
        .command(
          'aggregates',
          "recount each service's aggregates from their per-event record (a counted-twice event shows)",
          (c) =>
            c
              .option('service', {
                choices: [...CHECKED_SERVICES, 'all'],
                demandOption: true,
                describe: 'whose aggregates',
              })
              .option('product', { type: 'string', describe: 'only this product (with --tenant)' }),
          run((ctx, a) =>
            checkAggregatesCommand(ctx, {
              service: a.service as CheckAggregatesOptions['service'],
              tenant: a.tenant,
              product: a.product as string | undefined,
            }),
          ),
        )
        .demandCommand(1, 'name a check: aggregates'),
    )
    .command('tenant', 'manage shops (tenants)', (y) =>
      y
        .command(
          'add <id>',
          "create a shop's NATS credentials and permissions",
          (c) =>
            c
              .positional('id', { type: 'string', demandOption: true, describe: 'tenant id' })
              .option('config', {
                type: 'string',
                default: 'deploy/nats/auth.conf',
                describe: 'auth.conf to update',
              })
              .option('out-dir', { type: 'string', default: '.', describe: 'where to write <id>.nk' })
              .option('force', {
                type: 'boolean',
                default: false,
                describe: 'replace an existing seed file',
              }),
          run((ctx, a) =>
            tenantAddCommand(ctx, {
              tenant: a.id as string,
              config: a.config as string,
              outDir: a.outDir as string,
              force: a.force as boolean,
            }),
          ),
        )
        .command(
          'key <id>',
          "create a shop's edge API key (printed once) and webhook secrets in the edge's tenants file",
          (c) =>
            c
              .positional('id', { type: 'string', demandOption: true, describe: 'tenant id' })
              .option('file', {
                type: 'string',
                default: 'deploy/edge/tenants.yaml',
                describe: 'the edge tenants file (EDGE_TENANTS_FILE) to update',
              })
              .option('api-key', {
                type: 'boolean',
                default: true,
                describe: 'add a new API key (--no-api-key: webhook secrets only)',
              })
              .option('webhook', {
                type: 'array',
                string: true,
                choices: WEBHOOK_PLATFORMS,
                default: [] as string[],
                describe: 'also set a new webhook secret for this platform (repeatable)',
              }),
          run((ctx, a) =>
            tenantKeyCommand(ctx, {
              tenant: a.id as string,
              file: a.file as string,
              apiKey: a.apiKey as boolean,
              webhooks: [...new Set(a.webhook as WebhookPlatform[])],
            }),
          ),
        )
        .demandCommand(1, 'name a tenant command: add, key'),
    )
    .command('secrets', 'generate secrets', (y) =>
      y
        .command(
          'dev',
          'generate every secret with random values (compose .env or Kubernetes Secrets)',
          (c) =>
            c
              .option('format', {
                choices: ['env', 'k8s'] as const,
                default: 'env' as const,
                describe: 'env: compose .env; k8s: two Secret manifests',
              })
              .option('out', {
                type: 'string',
                describe: 'write to this file (mode 0600) instead of standard output',
              })
              .option('force', { type: 'boolean', default: false, describe: 'overwrite --out' }),
          run((ctx, a) =>
            secretsDevCommand(ctx, {
              format: a.format as SecretsFormat,
              out: a.out as string | undefined,
              force: a.force as boolean,
            }),
          ),
        )
        .demandCommand(1, 'name a secrets command: dev'),
    )
    .command('dlq', 'dead letters: list, show, replay, purge', (y) =>
      y
        .command(
          'list',
          'list dead letters',
          dlqFilterOptions,
          run((ctx, a) => dlqList(ctx, { limit: 100, ...filterOf(a) })),
        )
        .command(
          'show <seq>',
          'one dead letter: headers and decoded body',
          (c) =>
            c.positional('seq', { type: 'number', demandOption: true, describe: 'sequence on DEAD_LETTERS' }),
          run((ctx, a) => dlqShow(ctx, parseSeq(a.seq))),
        )
        .command(
          'replay',
          'republish dead letters to their original subjects',
          (c) =>
            dlqFilterOptions(c)
              .option('dry-run', {
                type: 'boolean',
                default: false,
                describe: 'only list what would be replayed',
              })
              .option('delete', {
                type: 'boolean',
                default: false,
                describe: 'delete each dead letter once replayed',
              }),
          run((ctx, a) =>
            dlqReplay(ctx, { ...filterOf(a), dryRun: a.dryRun as boolean, delete: a.delete as boolean }),
          ),
        )
        .command(
          'purge',
          'delete dead letters (a dry run without --yes)',
          (c) =>
            dlqFilterOptions(c).option('yes', { type: 'boolean', default: false, describe: 'really delete' }),
          run((ctx, a) => dlqPurge(ctx, { ...filterOf(a), yes: a.yes as boolean })),
        )
        .demandCommand(1, 'name a dlq command: list, show, replay or purge'),
    )
    .command(
      'tail <pattern>',
      'print messages on a subject pattern, decoded',
      (y) =>
        y
          .positional('pattern', {
            type: 'string',
            demandOption: true,
            describe: 'e.g. ai.acme.> or shop.*.order.placed',
          })
          .option('count', { type: 'number', describe: 'stop after this many messages' }),
      run((ctx, a) =>
        tailCommand(ctx, { pattern: a.pattern as string, count: a.count as number | undefined }),
      ),
    )
    .command(
      'publish <subject> <file>',
      'publish one event (proto3 JSON from a file, or - for standard input)',
      (y) =>
        y
          .positional('subject', {
            type: 'string',
            demandOption: true,
            describe: 'e.g. shop.acme.review.submitted',
          })
          .positional('file', { type: 'string', demandOption: true, describe: 'JSON file or -' })
          .option('msg-id', { type: 'string', describe: 'JetStream de-duplication id (Nats-Msg-Id)' }),
      run((ctx, a) =>
        publishCommand(ctx, {
          subject: a.subject as string,
          // yargs hands `-` over as an empty string.
          file: (a.file as string) || '-',
          msgId: a.msgId as string | undefined,
        }),
      ),
    )
    .command(
      'replay <file>',
      'publish a JSON Lines file of {"subject","data"} events',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'replay.jsonl' })
          .option('rate', {
            type: 'number',
            describe: 'events per second (default: as fast as acknowledged)',
          }),
      run((ctx, a) => replayCommand(ctx, { file: a.file as string, rate: a.rate as number | undefined })),
    )
    .command(
      'reprocess',
      'publish the events of a time window of SHOP_EVENTS again (after a Redis failover)',
      (y) =>
        y
          .option('since', {
            type: 'string',
            demandOption: true,
            describe: 'start of the window, ISO 8601 with a zone (e.g. 2026-12-05T10:14:00Z)',
          })
          .option('until', { type: 'string', demandOption: true, describe: 'end of the window, ISO 8601' })
          .option('subject', {
            type: 'string',
            describe: 'only events on this subject pattern, e.g. shop.acme.>',
          })
          .option('dry-run', {
            type: 'boolean',
            default: false,
            describe: 'only count the events per subject',
          })
          .option('rate', {
            type: 'number',
            describe: 'events per second (default: as fast as acknowledged)',
          }),
      run((ctx, a) =>
        reprocessCommand(ctx, {
          since: a.since as string,
          until: a.until as string,
          subject: a.subject as string | undefined,
          dryRun: a.dryRun as boolean,
          rate: a.rate as number | undefined,
        }),
      ),
    )
    .command(
      'ask <query>',
      'ask a query and print the reply',
      (y) =>
        y
          .positional('query', {
            choices: Object.keys(ASK_KINDS),
            demandOption: true,
            describe: Object.entries(ASK_KINDS)
              .map(([k, v]) => `${k}: ${v.describe}`)
              .join('; '),
          })
          .option('product', { type: 'string' })
          .option('user-id', { type: 'string', describe: "the shopper's user id" })
          .option('conversation', { type: 'string' })
          .option('text', { type: 'string' })
          .option('order-id', { type: 'string' })
          .option('locale', { type: 'string' })
          .option('k', { type: 'number' })
          .option('channel', {
            type: 'string',
            describe: 'copy channel: web, marketplace, mobile_app, social, email',
          })
          .option('tone', { type: 'string' })
          .option('max-quotes', { type: 'number' })
          .option('data', { type: 'string', describe: 'request fields as proto3 JSON, on top of the flags' })
          .option('timeout', { type: 'number', default: 10000, describe: 'ms to wait for the reply' }),
      run((ctx, a) =>
        askCommand(ctx, {
          kind: a.query as string,
          tenant: a.tenant,
          flags: a as AskFlags,
          data: a.data as string | undefined,
          timeoutMs: a.timeout as number,
        }),
      ),
    )
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail(false);

  try {
    await parser.parseAsync(argv, {}, (_err, _args, output) => {
      if (output) io.out(output);
    });
  } catch (err) {
    io.err(`shopmind: ${err instanceof Error ? err.message : String(err)}`);
    io.err('run `shopmind --help` (or `shopmind <command> --help`) for usage');
    return ExitCode.usage;
  }
  return code;
}
