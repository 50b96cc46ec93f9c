// `shopmind reprocess --since <time> --until <time>`: after a Redis failover, publishes the events
// of a time window of SHOP_EVENTS again so the services apply those whose effects the failover lost
// (docs/decisions/redis-cluster-19.md, "Redis: what a failover loses"). Each copy keeps the stored
// bytes and headers, so the same envelope and event id: a service whose done mark for the event
// survived skips it (its effects ledger), one that lost mark and effects together applies it once.
import { randomBytes } from 'node:crypto';
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { subjectCovers } from '@shopmind/bus';
import {
  eventForSubject,
  logicalSubject,
  prefixStream,
  prefixSubject,
  Streams,
  TENANT_PATTERN,
} from '@shopmind/contracts';
import type { CommandContext } from '../command-context.js';
import { CommandFailure, UsageError } from '../exit-codes.js';
import { replayHeaders } from './dlq.js';
import { progressBar, PublishPacer } from './replay.js';

export interface ReprocessOptions {
  /** ISO 8601 times: the window of stored times (inclusive). */
  since: string;
  until: string;
  /** A subject pattern the events must match (NATS wildcards), e.g. `shop.acme.>`. */
  subject?: string;
  dryRun?: boolean;
  /** Publishes per second (default: as fast as the stream acknowledges). */
  rate?: number;
  /** The run's id in the copies' Nats-Msg-Id (default: random). */
  runId?: string;
}

/** The copies' de-duplication ids start with this; a later run skips copies made by an earlier one. */
export const REPROCESS_MSG_ID_PREFIX = 'reprocess:';

/**
 * The copy's Nats-Msg-Id. Not the event id the edge publishes with: SHOP_EVENTS' duplicate window
 * (2 minutes) would drop a copy of an event published less than 2 minutes ago. Unique per stored
 * message and run, so nothing of the run is dropped, while a publish the run repeats is stored once.
 */
export function reprocessMsgId(streamSeq: number, runId: string): string {
  return `${REPROCESS_MSG_ID_PREFIX}${streamSeq}:${runId}`;
}

function parseTime(flag: string, raw: string): Date {
  // Only full ISO 8601 date-times, with a zone: "10:14" or a local time is ambiguous in an incident.
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  const t = new Date(raw);
  if (!iso.test(raw) || Number.isNaN(t.getTime()))
    throw new UsageError(
      `--${flag} ${JSON.stringify(raw)} is not an ISO 8601 time with a zone, e.g. 2026-12-05T10:14:00Z`,
    );
  return t;
}

/** What the command reads: the subject pattern, narrowed to the shop of --tenant when given. */
function readPattern(subject: string | undefined, tenant: string | undefined): string {
  const pattern = subject ?? (tenant ? `shop.${tenant}.>` : 'shop.>');
  if (!subjectCovers('shop.>', pattern) && pattern !== '>')
    throw new UsageError(
      `--subject ${pattern} is not on SHOP_EVENTS: expected shop.<tenant>.… (e.g. shop.acme.>)`,
    );
  // A shop's credentials publish only its own subjects (docs/decisions/permission-model.md).
  if (tenant && !subjectCovers(`shop.${tenant}.>`, pattern))
    throw new UsageError(
      `--subject ${pattern} is not within --tenant ${tenant}'s subjects (shop.${tenant}.>)`,
    );
  return pattern === '>' ? 'shop.>' : pattern;
}

interface Outcome {
  read: number;
  republished: number;
  /** Copies of an earlier reprocess run, and subjects no contract event has. */
  skipped: number;
  failed: number;
  bySubject: Map<string, number>;
  errors: { seq: number; subject: string; error: string }[];
  firstSeq?: number;
  lastSeq?: number;
}

export async function reprocessCommand(ctx: CommandContext, options: ReprocessOptions): Promise<number> {
  const since = parseTime('since', options.since);
  const until = parseTime('until', options.until);
  if (since.getTime() > until.getTime()) throw new UsageError('--since is after --until');
  const pacer = new PublishPacer(options.rate);
  const pattern = readPattern(options.subject, ctx.settings.tenant);
  const runId = options.runId ?? randomBytes(6).toString('hex');
  const stream = prefixStream(ctx.prefix, Streams.shopEvents.name);
  const jsm = await ctx.jsm();
  const info = await jsm.streams.info(stream).catch((err: Error) => {
    throw new CommandFailure(`cannot read stream ${stream}: ${err.message} (run \`shopmind provision\`?)`);
  });
  // The copies are appended to the same stream: read only what was there when the run began.
  const endSeq = info.state.last_seq;
  const js = await ctx.js();
  // nats-server 2.9 takes a filter only when it is within one of the stream's subjects or covers one
  // (`shop.*.review.submitted` or `shop.>`, not `shop.acme.>`): otherwise read all shop events of
  // the window and match the pattern here.
  const filter = prefixSubject(ctx.prefix, pattern);
  const serverFilters = (info.config.subjects ?? []).some(
    (s) => subjectCovers(s, filter) || subjectCovers(filter, s),
  );
  const consumer = await js.consumers.get(stream, {
    filter_subjects: serverFilters ? filter : prefixSubject(ctx.prefix, 'shop.>'),
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: since.toISOString(),
  });

  const out: Outcome = { read: 0, republished: 0, skipped: 0, failed: 0, bySubject: new Map(), errors: [] };
  const bar = progressBar(ctx, 'reprocess [{bar}] {value}/{total} {percentage}% | failed {failed}');
  const started = performance.now();
  const republish = async (m: JsMsg, subject: string): Promise<void> => {
    try {
      await js.publish(m.subject, m.data, {
        headers: replayHeaders(m.headers),
        msgID: reprocessMsgId(m.seq, runId),
      });
      out.republished++;
    } catch (err) {
      out.failed++;
      out.errors.push({ seq: m.seq, subject, error: (err as Error).message });
    }
    bar?.update(out.republished + out.failed + out.skipped, { failed: out.failed });
  };

  /** One stored message of the window: counted, and published again unless it is to be skipped. */
  const take = async (m: JsMsg): Promise<void> => {
    const subject = logicalSubject(ctx.prefix, m.subject);
    if (!subjectCovers(pattern, subject)) return;
    if (out.read === 0) {
      out.firstSeq = m.seq;
      bar?.start(Math.min(m.info.pending + 1, endSeq - m.seq + 1), 0, { failed: 0 });
    }
    out.read++;
    out.lastSeq = m.seq;
    const msgId = m.headers?.get('Nats-Msg-Id') ?? '';
    if (
      msgId.startsWith(REPROCESS_MSG_ID_PREFIX) ||
      !eventForSubject(subject) ||
      !TENANT_PATTERN.test(subject.split('.')[1] ?? '')
    ) {
      // An earlier run's copy (its original is in the window too, or was reprocessed then), or a
      // message no contract event or shop has (the services dead-lettered it): not published again.
      out.skipped++;
      bar?.update(out.republished + out.failed + out.skipped, { failed: out.failed });
      return;
    }
    out.bySubject.set(subject, (out.bySubject.get(subject) ?? 0) + 1);
    if (!options.dryRun) await pacer.run(() => republish(m, subject));
  };

  // An ordered consumer reads the window in stream order, up to --until or the sequence the stream
  // ended at when the run began (the copies come after it); an empty fetch is the stream's end.
  let done = endSeq === 0;
  while (!done) {
    let batch = 0;
    for await (const m of await consumer.fetch({ max_messages: 256, expires: 1000 })) {
      batch++;
      if (m.seq > endSeq || m.time.getTime() > until.getTime()) {
        done = true;
        break;
      }
      await take(m);
      if (m.info.pending === 0 || m.seq >= endSeq) {
        done = true;
        break;
      }
    }
    if (batch === 0) done = true;
  }
  await pacer.drain();
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  return report(ctx, options, { runId, since, until, seconds }, out);
}

function report(
  ctx: CommandContext,
  options: ReprocessOptions,
  run: { runId: string; since: Date; until: Date; seconds: number },
  out: Outcome,
): number {
  const bySubject = [...out.bySubject].sort(([a], [b]) => a.localeCompare(b));
  const matched = bySubject.reduce((sum, [, n]) => sum + n, 0);
  if (ctx.json) {
    ctx.outJson({
      dryRun: options.dryRun ?? false,
      runId: run.runId,
      since: run.since.toISOString(),
      until: run.until.toISOString(),
      firstSeq: out.firstSeq ?? null,
      lastSeq: out.lastSeq ?? null,
      read: out.read,
      matched,
      republished: out.republished,
      skipped: out.skipped,
      failed: out.failed,
      seconds: run.seconds,
      bySubject: Object.fromEntries(bySubject),
      errors: out.errors,
    });
  } else {
    if (options.dryRun)
      for (const [subject, n] of bySubject) ctx.io.out(`${String(n).padStart(8)}  ${subject}`);
    for (const e of out.errors.slice(0, 20)) ctx.io.err(`#${e.seq} ${e.subject}: ${e.error}`);
    if (out.errors.length > 20) ctx.io.err(`… and ${out.errors.length - 20} more`);
    const range =
      out.firstSeq === undefined ? 'no events in the window' : `stream #${out.firstSeq}–#${out.lastSeq}`;
    ctx.io.out(
      options.dryRun
        ? `dry run: ${matched} event(s) would be published again, ${out.skipped} skipped (${range})`
        : `run ${run.runId}: published again ${out.republished}, failed ${out.failed}, skipped ${out.skipped} (${range}, ${run.seconds.toFixed(1)} s)`,
    );
  }
  return out.failed > 0 ? 1 : 0;
}
