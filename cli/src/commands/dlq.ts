// `shopmind dlq list|show|replay|purge`: the dead letters on DEAD_LETTERS, read by sequence, with
// the headers the bus writes (libs/bus dead-letter.ts): reason, original subject, delivery count,
// stream, stream sequence and consumer.
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { JetStreamManager, MsgRequest, StoredMsg } from '@nats-io/jetstream';
import { BUS_HEADERS, subjectCovers } from '@shopmind/bus';
import { isConcreteSubject, logicalSubject, prefixStream, prefixSubject, Streams } from '@shopmind/contracts';
import type { CommandContext } from '../command-context.js';
import { CommandFailure, UsageError } from '../exit-codes.js';
import { decodeForDisplay, schemaOfSubject } from '../subject-schema.js';

export interface DlqFilter {
  service?: string;
  /** NATS subject pattern on the original subject. */
  subject?: string;
  /** Case-insensitive substring of the reason. */
  reason?: string;
  limit?: number;
}

export interface DeadLetterRecord {
  seq: number;
  time: string;
  /** The dead letter's own (logical) subject, `dlq.<service>.<original>`. */
  subject: string;
  service: string;
  originalSubject: string;
  reason: string;
  deliveryCount: number;
  stream: string;
  streamSequence: number;
  consumer: string;
  contentType?: string;
}

const DLQ_HEADERS = new Set(
  [
    BUS_HEADERS.dlqReason,
    BUS_HEADERS.dlqDeliveryCount,
    BUS_HEADERS.dlqOriginalSubject,
    BUS_HEADERS.dlqStream,
    BUS_HEADERS.dlqStreamSequence,
    BUS_HEADERS.dlqConsumer,
  ].map((h) => h.toLowerCase()),
);

function header(m: StoredMsg, name: string): string {
  return m.header?.get(name) ?? '';
}

function recordOf(m: StoredMsg, prefix: string): DeadLetterRecord {
  const subject = logicalSubject(prefix, m.subject);
  return {
    seq: m.seq,
    time: m.time.toISOString(),
    subject,
    service: subject.split('.')[1] ?? '',
    originalSubject: header(m, BUS_HEADERS.dlqOriginalSubject),
    reason: header(m, BUS_HEADERS.dlqReason),
    deliveryCount: Number(header(m, BUS_HEADERS.dlqDeliveryCount) || 0),
    stream: header(m, BUS_HEADERS.dlqStream),
    streamSequence: Number(header(m, BUS_HEADERS.dlqStreamSequence) || 0),
    consumer: header(m, BUS_HEADERS.dlqConsumer),
    contentType: m.header?.get(BUS_HEADERS.contentType) || undefined,
  };
}

function matches(r: DeadLetterRecord, f: DlqFilter): boolean {
  if (f.subject && !subjectCovers(f.subject, r.originalSubject)) return false;
  if (f.reason && !r.reason.toLowerCase().includes(f.reason.toLowerCase())) return false;
  return true;
}

export function deadLetterStream(prefix: string): string {
  return prefixStream(prefix, Streams.deadLetters.name);
}

/** The dead letters matching the filter, oldest first, with their stored messages. */
export async function findDeadLetters(
  jsm: JetStreamManager,
  prefix: string,
  filter: DlqFilter,
): Promise<{ record: DeadLetterRecord; msg: StoredMsg }[]> {
  const stream = deadLetterStream(prefix);
  await jsm.streams.info(stream).catch(() => {
    throw new CommandFailure(`stream ${stream} does not exist: run \`shopmind provision\``);
  });
  const bySubject = prefixSubject(prefix, filter.service ? `dlq.${filter.service}.>` : 'dlq.>');
  const found: { record: DeadLetterRecord; msg: StoredMsg }[] = [];
  for (let seq = 1; filter.limit === undefined || found.length < filter.limit;) {
    // The next stored message at or after `seq` on the subject (STREAM.MSG.GET next_by_subj).
    const request = { seq, next_by_subj: bySubject } as unknown as MsgRequest;
    const msg = await jsm.streams.getMessage(stream, request);
    if (!msg) break;
    const record = recordOf(msg, prefix);
    if (matches(record, filter)) found.push({ record, msg });
    seq = msg.seq + 1;
  }
  return found;
}

function describe(r: DeadLetterRecord): string {
  const reason = r.reason.length > 80 ? `${r.reason.slice(0, 79)}…` : r.reason;
  return `${String(r.seq).padStart(6)}  ${r.time}  ${r.service.padEnd(18)} ${r.originalSubject}  ${reason}`;
}

export async function dlqList(ctx: CommandContext, filter: DlqFilter): Promise<number> {
  const found = await findDeadLetters(await ctx.jsm(), ctx.prefix, filter);
  if (ctx.json) {
    for (const { record } of found) ctx.outJson(record);
    return 0;
  }
  if (found.length === 0) {
    ctx.io.out('no dead letters match');
    return 0;
  }
  ctx.io.out(`${'seq'.padStart(6)}  ${'time'.padEnd(24)}  ${'service'.padEnd(18)} original subject  reason`);
  for (const { record } of found) ctx.io.out(describe(record));
  ctx.io.out(`${found.length} dead letter(s)`);
  return 0;
}

export async function dlqShow(ctx: CommandContext, seq: number): Promise<number> {
  const jsm = await ctx.jsm();
  const stream = deadLetterStream(ctx.prefix);
  const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
  if (!msg) throw new CommandFailure(`no dead letter with sequence ${seq} on ${stream}`);
  const record = recordOf(msg, ctx.prefix);
  const headers: Record<string, string> = {};
  for (const [k, v] of msg.header ?? []) headers[k] = v.join(', ');
  const body = decodeForDisplay(schemaOfSubject(record.originalSubject), msg.data, record.contentType);
  if (ctx.json) {
    ctx.outJson({ ...record, headers, ...body });
    return 0;
  }
  ctx.io.out(describe(record));
  ctx.io.out(
    `consumer ${record.consumer}, ${record.deliveryCount} deliveries, from ${record.stream} #${record.streamSequence}`,
  );
  ctx.io.out(`reason: ${record.reason}`);
  ctx.io.out('headers:');
  for (const [k, v] of Object.entries(headers)) ctx.io.out(`  ${k}: ${v}`);
  ctx.io.out(body.type ? `body (${body.type}):` : `body (${body.error}):`);
  ctx.io.out(typeof body.data === 'string' ? body.data : JSON.stringify(body.data, null, 2));
  return 0;
}

/** The original message's headers: the dead letter's minus the dead-letter and control headers. */
export function replayHeaders(stored: MsgHdrs | undefined): MsgHdrs {
  const h = natsHeaders();
  for (const [k, values] of stored ?? []) {
    if (DLQ_HEADERS.has(k.toLowerCase()) || k.toLowerCase().startsWith('nats-')) continue;
    for (const v of values) h.append(k, v);
  }
  return h;
}

export interface ReplayOptions extends DlqFilter {
  dryRun?: boolean;
  /** Delete each dead letter once its republish was acknowledged. */
  delete?: boolean;
}

export async function dlqReplay(ctx: CommandContext, options: ReplayOptions): Promise<number> {
  const jsm = await ctx.jsm();
  const js = await ctx.js();
  const found = await findDeadLetters(jsm, ctx.prefix, options);
  const stream = deadLetterStream(ctx.prefix);
  const counts = { matched: found.length, replayed: 0, skipped: 0, failed: 0, deleted: 0 };
  const results: { seq: number; originalSubject: string; outcome: string; detail?: string }[] = [];
  for (const { record, msg } of found) {
    if (!isConcreteSubject(record.originalSubject)) {
      counts.skipped++;
      results.push({
        seq: record.seq,
        originalSubject: record.originalSubject,
        outcome: 'skipped',
        detail: 'not a concrete subject',
      });
      continue;
    }
    if (options.dryRun) {
      results.push({ seq: record.seq, originalSubject: record.originalSubject, outcome: 'would replay' });
      continue;
    }
    try {
      const ack = await js.publish(prefixSubject(ctx.prefix, record.originalSubject), msg.data, {
        headers: replayHeaders(msg.header),
        // Replaying the same dead letter twice within the duplicate window stores it once.
        msgID: `replay:${stream}:${record.seq}`,
      });
      counts.replayed++;
      results.push({
        seq: record.seq,
        originalSubject: record.originalSubject,
        outcome: 'replayed',
        detail: `${ack.stream} #${ack.seq}`,
      });
      if (options.delete && (await jsm.streams.deleteMessage(stream, record.seq, false))) counts.deleted++;
    } catch (err) {
      counts.failed++;
      results.push({
        seq: record.seq,
        originalSubject: record.originalSubject,
        outcome: 'failed',
        detail: (err as Error).message,
      });
    }
  }
  if (ctx.json) ctx.outJson({ dryRun: options.dryRun ?? false, ...counts, results });
  else {
    for (const r of results)
      ctx.io.out(
        `${String(r.seq).padStart(6)}  ${r.outcome.padEnd(12)} ${r.originalSubject}${r.detail ? `  (${r.detail})` : ''}`,
      );
    ctx.io.out(
      options.dryRun
        ? `dry run: ${counts.matched - counts.skipped} would be replayed, ${counts.skipped} skipped`
        : `replayed ${counts.replayed}, failed ${counts.failed}, skipped ${counts.skipped}${options.delete ? `, deleted ${counts.deleted}` : ''}`,
    );
  }
  return counts.failed > 0 ? 1 : 0;
}

export async function dlqPurge(ctx: CommandContext, options: DlqFilter & { yes?: boolean }): Promise<number> {
  const jsm = await ctx.jsm();
  const found = await findDeadLetters(jsm, ctx.prefix, options);
  const stream = deadLetterStream(ctx.prefix);
  let deleted = 0;
  if (options.yes) {
    for (const { record } of found) if (await jsm.streams.deleteMessage(stream, record.seq, false)) deleted++;
  }
  if (ctx.json) ctx.outJson({ dryRun: !options.yes, matched: found.length, deleted });
  else {
    for (const { record } of found) ctx.io.out(describe(record));
    ctx.io.out(
      options.yes
        ? `deleted ${deleted} dead letter(s)`
        : `dry run: ${found.length} dead letter(s) would be deleted; add --yes to delete them`,
    );
  }
  return 0;
}

export function parseSeq(raw: unknown): number {
  const seq = Number(raw);
  if (!Number.isInteger(seq) || seq < 1)
    throw new UsageError(`sequence ${String(raw)} is not a positive integer`);
  return seq;
}
