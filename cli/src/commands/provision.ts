// `shopmind provision`: the admin step that creates or widens the streams (libs/bus
// provisionStreams, widen-only), with the stream settings the services read from the same variables.
import type { StreamConfig } from '@nats-io/jetstream';
import { provisionStreams, resolveBusOptions, streamSpecs } from '@shopmind/bus';
import { serviceEnvSchema } from '@shopmind/service-kit';
import { createLogger } from '@shopmind/telemetry';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../exit-codes.js';

export interface StreamSettings {
  replicas: number;
  maxAgeMs: number;
  maxBytes: number;
}

/** SHOPMIND_STREAM_REPLICAS, _MAX_AGE_MS, _MAX_BYTES, parsed by the services' own schema. */
export function streamSettingsFromEnv(env: Record<string, string | undefined>): StreamSettings {
  const schema = serviceEnvSchema({ httpPort: 0 }).pick({
    SHOPMIND_STREAM_REPLICAS: true,
    SHOPMIND_STREAM_MAX_AGE_MS: true,
    SHOPMIND_STREAM_MAX_BYTES: true,
  });
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    throw new UsageError(
      `stream settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return {
    replicas: parsed.data.SHOPMIND_STREAM_REPLICAS,
    maxAgeMs: parsed.data.SHOPMIND_STREAM_MAX_AGE_MS,
    maxBytes: parsed.data.SHOPMIND_STREAM_MAX_BYTES,
  };
}

export interface StreamOutcome {
  stream: string;
  action: 'created' | 'widened' | 'updated' | 'unchanged';
  /** Subjects the stream gained. */
  added: string[];
  subjects: string[];
}

function settingsOf(c: StreamConfig): string {
  return JSON.stringify([c.num_replicas, c.max_age, c.max_bytes, c.duplicate_window]);
}

export async function provision(ctx: CommandContext): Promise<StreamOutcome[]> {
  const settings = streamSettingsFromEnv(ctx.io.env);
  const jsm = await ctx.jsm();
  const specs = streamSpecs(ctx.prefix);
  const before = new Map<string, StreamConfig | undefined>();
  for (const spec of specs) {
    before.set(
      spec.name,
      await jsm.streams.info(spec.name).then(
        (i) => i.config,
        () => undefined,
      ),
    );
  }
  const options = resolveBusOptions({
    service: 'shopmind-cli',
    natsUrl: ctx.settings.natsUrl,
    replicas: settings.replicas,
    retention: { maxAgeMs: settings.maxAgeMs, maxBytes: settings.maxBytes },
    subjectPrefix: ctx.prefix,
  });
  const log = createLogger('provision', {
    level: 'warn',
    destination: { write: (m) => ctx.io.err(m.trimEnd()) },
  });
  await provisionStreams(jsm, options, log);
  const outcomes: StreamOutcome[] = [];
  for (const spec of specs) {
    const after = (await jsm.streams.info(spec.name)).config;
    const old = before.get(spec.name);
    const subjects = after.subjects ?? [];
    const added = old ? subjects.filter((s) => !(old.subjects ?? []).includes(s)) : subjects;
    const action = !old
      ? 'created'
      : added.length > 0
        ? 'widened'
        : settingsOf(old) !== settingsOf(after)
          ? 'updated'
          : 'unchanged';
    outcomes.push({ stream: spec.name, action, added, subjects });
  }
  return outcomes;
}

export async function provisionCommand(ctx: CommandContext): Promise<number> {
  const outcomes = await provision(ctx);
  if (ctx.json) {
    ctx.outJson({ ok: true, streams: outcomes });
    return 0;
  }
  for (const o of outcomes) {
    const detail =
      o.action === 'created'
        ? `${o.subjects.length} subject(s)`
        : o.action === 'widened'
          ? `added ${o.added.join(', ')}`
          : o.action === 'updated'
            ? 'settings updated'
            : 'as it should be';
    ctx.io.out(`${o.stream.padEnd(28)} ${o.action.padEnd(9)} ${detail}`);
  }
  return 0;
}
