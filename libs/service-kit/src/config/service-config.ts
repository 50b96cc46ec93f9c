// One way for a service to declare and load its settings: its own zod variables on top of the shared
// ones (connections, bus, lifecycle) and the LLM gateway's. Every problem is collected before the
// process refuses to start, and all of them are reported in one ConfigError.
import { GatewayConfigError, loadGatewayConfig, type GatewayConfig } from '@shopmind/llm-gateway';
import type { BusOptions } from '@shopmind/bus';
import { z } from 'zod';
import {
  redisUrlWithCredentials,
  serviceEnvSchema,
  serviceSettingsOf,
  sharedSettingsProblems,
  type ServiceEnv,
  type ServiceEnvDefaults,
  type ServiceSettings,
} from './shared-settings.js';

export type Env = Record<string, string | undefined>;

/** The process cannot start with these settings; `problems` names every one of them. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service} refuses to start:\n  ${problems.join('\n  ')}`);
  }
}

/** What every service's configuration holds, whatever its own settings. */
export interface ServiceConfig extends ServiceSettings {
  /** The service's name: consumer names, queue groups, dead-letter subjects, logs. */
  service: string;
  llm: GatewayConfig;
}

export interface ServiceConfigSpec<Shape extends z.ZodRawShape, Own> {
  service: string;
  /** Defaults of the shared settings that differ per service (HTTP port, bus concurrency, …). */
  defaults: ServiceEnvDefaults;
  /** The service's own variables. */
  env: Shape;
  /**
   * Rules across variables; each returned string is one problem, `NAME: what is wrong`. It sees the
   * variables that parsed (a wrong one is absent), so its problems are listed with all the others;
   * one about a variable that is wrong anyway is not repeated.
   */
  check?: (env: Partial<ServiceEnv & z.infer<z.ZodObject<Shape>>>) => string[];
  /** Maps the parsed variables to the service's own settings. */
  settings: (env: ServiceEnv & z.infer<z.ZodObject<Shape>>) => Own;
}

export interface ServiceConfigDefinition<Own> {
  readonly service: string;
  /** Every variable the service reads (shared and its own), with their defaults: the settings table's source. */
  readonly schema: z.ZodObject;
  /** Reads the environment (process.env by default); throws ConfigError naming every problem. */
  load(env?: Env): ServiceConfig & Own;
}

/** The configuration type a definition loads. */
export type ConfigOf<D> = D extends ServiceConfigDefinition<infer Own> ? ServiceConfig & Own : never;

export function defineServiceConfig<Shape extends z.ZodRawShape, Own>(
  spec: ServiceConfigSpec<Shape, Own>,
): ServiceConfigDefinition<Own> {
  const schema = serviceEnvSchema(spec.defaults).extend(spec.env);
  return {
    service: spec.service,
    schema,
    load(env: Env = process.env): ServiceConfig & Own {
      // An empty variable means "not set" (compose files and Kubernetes often pass empty strings).
      const cleaned = Object.fromEntries(
        Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
      );
      const problems: string[] = [];
      const parsed = schema.safeParse(cleaned);
      if (!parsed.success)
        problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      let llm: GatewayConfig | undefined;
      const gatewayProblems: string[] = [];
      try {
        // The gateway shares the service's Redis (with its credentials) unless its own settings say
        // otherwise.
        // (With a Redis Cluster or Sentinels the gateway is given their settings as they are.)
        const topology = cleaned.REDIS_CLUSTER_NODES ?? cleaned.REDIS_SENTINELS;
        const redisUrl = cleaned.REDIS_URL ?? (topology ? undefined : 'redis://127.0.0.1:6379');
        llm = loadGatewayConfig({
          ...cleaned,
          ...(redisUrl === undefined
            ? {}
            : {
                REDIS_URL: /^rediss?:\/\//.test(redisUrl)
                  ? redisUrlWithCredentials(redisUrl, cleaned.REDIS_USERNAME, cleaned.REDIS_PASSWORD)
                  : redisUrl,
              }),
        });
      } catch (err) {
        if (!(err instanceof GatewayConfigError)) throw err;
        gatewayProblems.push(...err.issues);
      }
      const data = parsed.success ? (parsed.data as ServiceEnv & z.infer<z.ZodObject<Shape>>) : undefined;
      problems.push(
        ...sharedSettingsProblems(data ?? (parsedOneByOne(schema.shape, cleaned) as Partial<ServiceEnv>)),
      );
      problems.push(...gatewayProblems);
      if (spec.check) {
        const wrong = new Set(problems.map((p) => p.split(/[.:]/)[0]));
        const valid =
          data ??
          (parsedOneByOne(schema.shape, cleaned) as Partial<ServiceEnv & z.infer<z.ZodObject<Shape>>>);
        problems.push(...spec.check(valid).filter((p) => !wrong.has(p.split(/[.:]/)[0])));
      }
      // The Redis settings are checked by the gateway's loader and the shared ones alike: once each.
      if (!data || !llm || problems.length) throw new ConfigError(spec.service, [...new Set(problems)]);
      return { ...serviceSettingsOf(data), service: spec.service, llm, ...spec.settings(data) };
    },
  };
}

/** Each variable parsed on its own: those that are valid, the others left out. */
function parsedOneByOne(shape: z.ZodRawShape, env: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(shape)) {
    const r = (type as z.ZodType).safeParse(env[name]);
    if (r.success) out[name] = r.data;
  }
  return out;
}

/** The bus options of a service: every shared bus setting, none picked by hand. */
export function busOptionsOf(config: ServiceConfig): BusOptions {
  return {
    service: config.service,
    natsUrl: config.natsUrl,
    user: config.nats.user,
    password: config.nats.password,
    tlsCaFile: config.nats.tlsCaFile,
    redisUrl: config.redisUrl,
    redis: config.redis,
    publishFormat: config.publishFormat,
    subjectPrefix: config.subjectPrefix,
    replicas: config.bus.replicas,
    retention: config.bus.retention,
    maxDeliver: config.bus.maxDeliver,
    ackWaitMs: config.bus.ackWaitMs,
    maxAckPending: config.bus.maxAckPending,
    concurrency: config.bus.concurrency,
    readAhead: config.bus.readAhead,
    fairness: config.bus.fairness,
    tenantConcurrency: config.bus.tenantConcurrency,
    validateReplies: config.bus.validateReplies,
    retryDelayMs: config.bus.retryDelayMs,
    queryMaxDeadlineMs: config.bus.queryMaxDeadlineMs,
    verifyRetryMs: config.bus.verifyRetryMs,
  };
}
