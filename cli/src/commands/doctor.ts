// `shopmind doctor`: what an operator checks first, each problem with its fix — NATS and JetStream,
// the streams and their subjects, every service's consumers (lag, ack pending), dead letters, Redis,
// the LLM provider configuration and today's budget spend.
import type { JetStreamManager } from '@nats-io/jetstream';
import { scanKeys, type RedisConnection } from '@shopmind/redis';
import { streamSpecs, subjectCovers } from '@shopmind/bus';
import { consumerName, prefixStream, ServiceCatalogue, Streams } from '@shopmind/contracts';
import { GatewayConfigError, loadGatewayConfig, type GatewayConfig } from '@shopmind/llm-gateway';
import { redactedUrl, type CommandContext } from '../command-context.js';

export type CheckStatus = 'ok' | 'info' | 'warn' | 'problem';

export interface Check {
  check: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a problem or warning. */
  fix?: string;
}

export interface DoctorOptions {
  /** Consumer lag (messages not yet delivered) above which a consumer counts as behind. */
  maxLag: number;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function natsChecks(ctx: CommandContext, options: DoctorOptions, checks: Check[]): Promise<void> {
  let jsm: JetStreamManager;
  try {
    await ctx.nats();
    checks.push({ check: 'nats', status: 'ok', detail: `connected to ${redactedUrl(ctx.settings.natsUrl)}` });
    jsm = await ctx.jsm();
    const account = await jsm.getAccountInfo();
    checks.push({
      check: 'jetstream',
      status: 'ok',
      detail: `${account.streams} stream(s), ${account.consumers} consumer(s)`,
    });
  } catch (err) {
    checks.push({
      check: 'nats',
      status: 'problem',
      detail: message(err),
      fix: 'check NATS_URL (--nats-url), the credentials (NATS_USER / NATS_PASSWORD or --nkey) and that nats-server runs with JetStream (-js)',
    });
    return;
  }

  const present = new Set<string>();
  for (const spec of streamSpecs(ctx.prefix)) {
    const info = await jsm.streams.info(spec.name).catch(() => undefined);
    if (!info) {
      checks.push({
        check: `stream ${spec.name}`,
        status: 'problem',
        detail: 'missing',
        fix: 'run `shopmind provision`',
      });
      continue;
    }
    present.add(spec.name);
    const have = info.config.subjects ?? [];
    const missing = spec.subjects.filter((s) => !have.some((h) => subjectCovers(h, s)));
    checks.push(
      missing.length > 0
        ? {
            check: `stream ${spec.name}`,
            status: 'problem',
            detail: `does not capture ${missing.join(', ')}`,
            fix: 'run `shopmind provision` (it only adds subjects)',
          }
        : {
            check: `stream ${spec.name}`,
            status: 'ok',
            detail: `${info.state.messages} message(s), ${info.config.num_replicas} replica(s)`,
          },
    );
  }

  for (const service of Object.values(ServiceCatalogue)) {
    let consumers = 0;
    let lag = 0;
    let ackPending = 0;
    let problems = 0;
    for (const def of service.consumes) {
      const stream = prefixStream(ctx.prefix, def.stream);
      if (!present.has(stream)) continue;
      const durable = consumerName(service.name, def);
      const info = await jsm.consumers.info(stream, durable).catch(() => undefined);
      if (!info) {
        problems++;
        checks.push({
          check: `consumer ${durable}`,
          status: 'problem',
          detail: `missing on ${stream}`,
          fix: `start ${service.name}: it creates its consumers once the streams are provisioned (its /readyz says why it is not ready)`,
        });
        continue;
      }
      consumers++;
      lag += info.num_pending;
      ackPending += info.num_ack_pending;
      if (info.num_pending > options.maxLag) {
        problems++;
        checks.push({
          check: `consumer ${durable}`,
          status: 'problem',
          detail: `${info.num_pending} message(s) not yet delivered (more than ${options.maxLag})`,
          fix: `${service.name} is behind: check that it runs and is ready, and scale it out`,
        });
      }
      if (info.config.max_ack_pending && info.num_ack_pending >= info.config.max_ack_pending) {
        problems++;
        checks.push({
          check: `consumer ${durable}`,
          status: 'problem',
          detail: `${info.num_ack_pending} delivered but unacknowledged: max_ack_pending reached, the consumer is stalled`,
          fix: `look for hung handlers in ${service.name}'s logs (handler timeouts, a dependency down) and restart it`,
        });
      }
    }
    if (problems === 0 && consumers > 0) {
      checks.push({
        check: `service ${service.name}`,
        status: 'ok',
        detail: `${consumers} consumer(s), lag ${lag}, ack pending ${ackPending}`,
      });
    }
  }

  const dlqName = prefixStream(ctx.prefix, Streams.deadLetters.name);
  if (present.has(dlqName)) {
    const info = await jsm.streams.info(dlqName, { subjects_filter: '>' });
    const count = info.state.messages;
    if (count === 0) checks.push({ check: 'dead letters', status: 'ok', detail: 'none' });
    else {
      const byService = new Map<string, number>();
      for (const [subject, n] of Object.entries(info.state.subjects ?? {})) {
        const service = subject.split('.')[ctx.prefix ? 2 : 1] ?? '?';
        byService.set(service, (byService.get(service) ?? 0) + n);
      }
      checks.push({
        check: 'dead letters',
        status: 'problem',
        detail: `${count} (${[...byService].map(([s, n]) => `${s}: ${n}`).join(', ')})`,
        fix: 'inspect with `shopmind dlq list` / `dlq show <seq>`, fix the cause, then `shopmind dlq replay` or `shopmind dlq purge --yes`',
      });
    }
  }
}

function llmChecks(env: Record<string, string | undefined>, checks: Check[]): GatewayConfig | undefined {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig(env);
  } catch (err) {
    if (!(err instanceof GatewayConfigError)) throw err;
    checks.push({
      check: 'llm config',
      status: 'problem',
      detail: err.message,
      fix: 'correct the LLM_* settings named above',
    });
    return undefined;
  }
  if (config.providers.length === 0) {
    checks.push({
      check: 'llm providers',
      status: 'info',
      detail: 'none configured: the services use their local models',
      fix: 'set OPENAI_API_KEY or LLM_PROVIDERS to use an LLM',
    });
  }
  for (const p of config.providers) {
    checks.push(
      p.apiKey
        ? {
            check: `llm provider ${p.name}`,
            status: 'ok',
            detail: `${p.kind}, model ${p.model}${p.baseURL ? `, ${p.baseURL}` : ''}`,
          }
        : {
            check: `llm provider ${p.name}`,
            status: 'problem',
            detail: 'no API key',
            fix: `set its apiKey or the variable its apiKeyEnv names (LLM_PROVIDERS)`,
          },
    );
  }
  return config;
}

/** Today's spend per tenant against the daily budgets (libs/llm-gateway budget-ledger keys). */
async function budgetChecks(redis: RedisConnection, config: GatewayConfig, checks: Check[]): Promise<void> {
  const b = config.budgets;
  const limited =
    b.tenantTokensPerDay > 0 ||
    b.tenantUsdPerDay > 0 ||
    b.taskTokensPerDay > 0 ||
    b.taskUsdPerDay > 0 ||
    Object.keys(b.tasks).length > 0;
  if (!limited) {
    checks.push({
      check: 'llm budgets',
      status: 'info',
      detail: 'no daily budgets configured (LLM_BUDGET_*)',
    });
    return;
  }
  const day = new Date().toISOString().slice(0, 10);
  // Every master's keys on a Redis Cluster (a SCAN covers one node).
  const keys = await scanKeys(redis, `${config.keyPrefix}:budget:*:${day}`);
  let near = 0;
  for (const key of keys.sort()) {
    const tenant = /\{(.*)\}/.exec(key)?.[1] ?? key;
    const spent = await redis.hgetall(key);
    const used: { what: string; spent: number; limit: number; setting: string }[] = [
      {
        what: 'tokens',
        spent: Number(spent.tokens ?? 0),
        limit: b.tenantTokensPerDay,
        setting: 'LLM_BUDGET_TENANT_TOKENS_PER_DAY',
      },
      {
        what: 'USD',
        spent: Number(spent.usd_micros ?? 0) / 1e6,
        limit: b.tenantUsdPerDay,
        setting: 'LLM_BUDGET_TENANT_USD_PER_DAY',
      },
    ];
    for (const [field, value] of Object.entries(spent)) {
      const m = /^task:(.+):(tokens|usd_micros)$/.exec(field);
      if (!m) continue;
      const own = b.tasks[m[1]!];
      const isTokens = m[2] === 'tokens';
      used.push({
        what: `${m[1]} ${isTokens ? 'tokens' : 'USD'}`,
        spent: isTokens ? Number(value) : Number(value) / 1e6,
        limit: (isTokens ? (own?.tokens ?? b.taskTokensPerDay) : (own?.usd ?? b.taskUsdPerDay)) ?? 0,
        setting: own
          ? 'LLM_BUDGET_TASKS'
          : isTokens
            ? 'LLM_BUDGET_TASK_TOKENS_PER_DAY'
            : 'LLM_BUDGET_TASK_USD_PER_DAY',
      });
    }
    for (const u of used) {
      if (!(u.limit > 0) || u.spent < 0.8 * u.limit) continue;
      near++;
      const exhausted = u.spent >= u.limit;
      checks.push({
        check: `budget ${tenant}`,
        status: exhausted ? 'problem' : 'warn',
        detail: `${exhausted ? 'exhausted' : 'at ≥ 80 %'}: ${u.what} ${u.spent} of ${u.limit} today (UTC)`,
        fix: `LLM calls of ${tenant} ${exhausted ? 'fall back to the local models' : 'will soon fall back'} until 00:00 UTC; raise ${u.setting} if that is not wanted`,
      });
    }
  }
  if (near === 0)
    checks.push({
      check: 'llm budgets',
      status: 'ok',
      detail: `${keys.length} tenant(s) spent today, none near a limit`,
    });
}

export async function runDoctor(ctx: CommandContext, options: DoctorOptions): Promise<Check[]> {
  const checks: Check[] = [];
  await natsChecks(ctx, options, checks);
  let redis: RedisConnection | undefined;
  try {
    redis = await ctx.redis();
    await redis.ping();
    checks.push({
      check: 'redis',
      status: 'ok',
      detail: `connected to ${ctx.redisTarget}`,
    });
  } catch (err) {
    redis = undefined;
    checks.push({
      check: 'redis',
      status: 'problem',
      detail: message(err),
      fix: 'check REDIS_URL (--redis-url) or REDIS_CLUSTER_NODES / REDIS_SENTINELS, REDIS_PASSWORD, and that redis-server runs',
    });
  }
  const llm = llmChecks(ctx.io.env, checks);
  if (llm && redis) await budgetChecks(redis, llm, checks);
  return checks;
}

const MARK: Record<CheckStatus, string> = { ok: '✓', info: 'i', warn: '!', problem: '✗' };

export async function doctorCommand(ctx: CommandContext, options: DoctorOptions): Promise<number> {
  const checks = await runDoctor(ctx, options);
  const problems = checks.filter((c) => c.status === 'problem').length;
  if (ctx.json) ctx.outJson({ ok: problems === 0, problems, checks });
  else {
    for (const c of checks) {
      ctx.io.out(`${MARK[c.status]} ${c.check}: ${c.detail}`);
      if (c.fix && c.status !== 'ok') ctx.io.out(`    → ${c.fix}`);
    }
    ctx.io.out(problems === 0 ? 'no problems found' : `${problems} problem(s) found`);
  }
  return problems === 0 ? 0 : 1;
}
