// The bus's JetStream topology. `provisionStreams` creates or widens the streams: an admin step
// (`shopmind provision`, `npm start`, `provisionNamespace()` in tests), never run by a service. A
// service only checks with `verifyStreams` that the streams it reads capture what it consumes, then
// creates or updates its own durable consumers (idempotently, so every replica can run it).
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { Streams } from '@shopmind/contracts';
import { createLogger, type Logger } from '@shopmind/telemetry';
import type { ResolvedBusOptions } from './bus-options.js';
import { prefixStream, prefixSubject } from './naming.js';

export interface StreamSpec {
  name: string;
  subjects: string[];
  /** Subjects earlier versions gave the stream, replaced by `subjects` when found. */
  legacySubjects: string[];
}

/** SHOP_EVENTS captured every `shop.>` subject before it took only the contract's events. */
const LEGACY_SUBJECTS: Partial<Record<string, string[]>> = { [Streams.shopEvents.name]: ['shop.>'] };

export function streamSpecs(prefix: string): StreamSpec[] {
  return [Streams.shopEvents, Streams.aiResults, Streams.deadLetters].map((s) => ({
    name: prefixStream(prefix, s.name),
    subjects: s.subjects.map((subject) => prefixSubject(prefix, subject)),
    legacySubjects: (LEGACY_SUBJECTS[s.name] ?? []).map((subject) => prefixSubject(prefix, subject)),
  }));
}

/**
 * The subjects a stream keeps: what it has, with a legacy subject replaced, plus what this version
 * needs. Never fewer otherwise: in a rolling upgrade an older service must not drop the subject of
 * an event type a newer one added.
 */
export function mergedSubjects(
  current: readonly string[],
  spec: StreamSpec,
): { subjects: string[]; added: string[]; removed: string[] } {
  const removed = current.filter((s) => spec.legacySubjects.includes(s));
  const kept = current.filter((s) => !removed.includes(s));
  const added = spec.subjects.filter((s) => !kept.includes(s));
  return { subjects: [...kept, ...added], added, removed };
}

/** JetStream API error code for "stream name already in use with a different configuration". */
const STREAM_NAME_IN_USE = 10058;

/** Times a stream update is repeated when a replica starting at once overwrote our subjects. */
const SUBJECT_UPDATE_ATTEMPTS = 3;

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.status === 404;
}

export async function provisionStreams(
  jsm: JetStreamManager,
  options: ResolvedBusOptions,
  log: Logger = createLogger('bus'),
): Promise<void> {
  for (const spec of streamSpecs(options.subjectPrefix)) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: spec.name,
      subjects: spec.subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      num_replicas: options.replicas,
      max_age: nanos(options.retention.maxAgeMs),
      max_bytes: options.retention.maxBytes,
      duplicate_window: nanos(options.duplicateWindowMs),
    };
    let current: StreamConfig;
    try {
      current = (await jsm.streams.info(spec.name)).config;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await jsm.streams.add(config);
        continue;
      } catch (addErr) {
        // Another replica created it between our lookup and add (10058: name already in use): fall
        // through to update. Anything else — e.g. 10047, the server cannot reserve max_bytes — is
        // a configuration problem that must be reported as it is, not as a confusing "not found".
        if (!(addErr instanceof JetStreamApiError) || addErr.code !== STREAM_NAME_IN_USE) {
          const reason = addErr instanceof Error ? addErr.message : String(addErr);
          throw new Error(
            `cannot create stream ${spec.name} (max_bytes ${options.retention.maxBytes}): ${reason}`,
            {
              cause: addErr,
            },
          );
        }
        current = (await jsm.streams.info(spec.name)).config;
      }
    }
    const { name, storage: _storage, retention: _retention, ...updatable } = config;
    // A stream update replaces the whole configuration (nats.js reads it, then writes it back), so
    // a replica of another version updating at the same moment can overwrite the subjects we
    // added: check, and add them again.
    for (let attempt = 1; ; attempt++) {
      const { subjects, added, removed } = mergedSubjects(current.subjects ?? [], spec);
      const updated = await jsm.streams.update(name, { ...updatable, subjects });
      if (removed.length > 0) {
        log.warn(
          { stream: name, removed, added, subjects },
          'stream subjects: legacy wildcard replaced by the contract subjects',
        );
      }
      current = updated.config;
      const after = (await jsm.streams.info(name)).config.subjects ?? [];
      if (spec.subjects.every((s) => after.includes(s)) || attempt >= SUBJECT_UPDATE_ATTEMPTS) break;
      current = { ...current, subjects: after };
    }
  }
}

/** A subject a service reads from a stream: a consumer's filter (or none: the stream must exist). */
export interface StreamRead {
  stream: string;
  /** The consumer's filter subject (prefixed); undefined when only the stream's existence matters. */
  filterSubject?: string;
}

/**
 * Whether a stream subject captures every subject a consumer filter matches: equal, or a wildcard
 * over it (`shop.*.review.submitted` covers `shop.acme.review.submitted`, `shop.>` covers both).
 */
export function subjectCovers(streamSubject: string, filter: string): boolean {
  const s = streamSubject.split('.');
  const f = filter.split('.');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '>') return f.length > i;
    if (i >= f.length || f[i] === '>') return false;
    if (s[i] === '*') continue;
    if (f[i] !== s[i]) return false;
  }
  return s.length === f.length;
}

/** The ops command that fixes a missing stream or subject. */
export const PROVISION_COMMAND = 'shopmind provision';

/** What is wrong with the streams a service reads: each missing stream and each subject not captured. */
export async function verifyStreams(jsm: JetStreamManager, reads: readonly StreamRead[]): Promise<string[]> {
  const problems: string[] = [];
  const byStream = new Map<string, Set<string>>();
  for (const r of reads) {
    const filters = byStream.get(r.stream) ?? new Set<string>();
    if (r.filterSubject !== undefined) filters.add(r.filterSubject);
    byStream.set(r.stream, filters);
  }
  for (const [stream, filters] of byStream) {
    let subjects: string[];
    try {
      subjects = (await jsm.streams.info(stream)).config.subjects ?? [];
    } catch (err) {
      if (!isNotFound(err)) throw err;
      problems.push(`stream ${stream} does not exist`);
      continue;
    }
    for (const filter of filters) {
      if (!subjects.some((s) => subjectCovers(s, filter)))
        problems.push(`stream ${stream} does not capture ${filter}`);
    }
  }
  return problems;
}

/** The readiness reason for what verifyStreams found. */
export function streamProblemReason(problems: readonly string[]): string {
  return `${problems.join('; ')}: run \`${PROVISION_COMMAND}\` (an admin step that creates and widens the streams)`;
}

export interface ConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
}

export async function provisionConsumer(
  jsm: JetStreamManager,
  spec: ConsumerSpec,
  options: ResolvedBusOptions,
): Promise<void> {
  const updatable: Partial<ConsumerConfig> = {
    ack_wait: nanos(options.ackWaitMs),
    // Unlimited on the server: the transport enforces `maxDeliver` itself (dead letter once the
    // count is reached). A server-side limit would silently drop a message whose dead letter could
    // not be stored on its last delivery; unlimited, that message comes back until it is stored.
    max_deliver: -1,
    max_ack_pending: options.maxAckPending,
    filter_subject: spec.filterSubject,
    description: `shopmind ${options.service}`,
  };
  const config: Partial<ConsumerConfig> = {
    ...updatable,
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    num_replicas: options.replicas,
  };
  try {
    await jsm.consumers.info(spec.stream, spec.durable);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await jsm.consumers.add(spec.stream, config);
      return;
    } catch (addErr) {
      if (!(addErr instanceof JetStreamApiError)) throw addErr;
    }
  }
  await jsm.consumers.update(spec.stream, spec.durable, updatable);
}

/**
 * The stray sweeper's consumer (see stray-sweeper.ts): one durable per stream shared by every
 * replica of every service, handed only headers. Created if missing and otherwise left as it is:
 * its settings do not depend on any one service's options, so services never fight over them.
 */
export async function provisionSweeperConsumer(
  jsm: JetStreamManager,
  spec: ConsumerSpec & { ackWaitMs: number; maxAckPending: number },
  options: Pick<ResolvedBusOptions, 'replicas'>,
): Promise<void> {
  try {
    await jsm.consumers.info(spec.stream, spec.durable);
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await jsm.consumers.add(spec.stream, {
      durable_name: spec.durable,
      description: 'shopmind stray sweeper',
      filter_subject: spec.filterSubject,
      headers_only: true,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(spec.ackWaitMs),
      max_ack_pending: spec.maxAckPending,
      max_deliver: -1,
      deliver_policy: DeliverPolicy.All,
      replay_policy: ReplayPolicy.Instant,
      num_replicas: options.replicas,
    });
  } catch (err) {
    // Another service created it at the same moment.
    if (!(err instanceof JetStreamApiError)) throw err;
    await jsm.consumers.info(spec.stream, spec.durable);
  }
}

/** The streams a service reads are missing or lack a subject it consumes; an admin must provision. */
export class StreamsNotProvisionedError extends Error {
  override readonly name = 'StreamsNotProvisionedError';
  constructor(readonly problems: readonly string[]) {
    super(streamProblemReason(problems));
  }
}
