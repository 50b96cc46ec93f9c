// `shopmind publish <subject> <file|->`: one contract event as proto3 JSON, validated, published
// with JetStream (the stream's acknowledgement names where it was stored).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fromJson, type DescMessage, type JsonValue, type MessageShape } from '@bufbuild/protobuf';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import {
  assertTenantMatches,
  encodeMessage,
  eventForSubject,
  prefixSubject,
  validateMessage,
  type EventDefinition,
} from '@shopmind/contracts';
import type { CommandContext } from '../command-context.js';
import { CommandFailure, UsageError } from '../exit-codes.js';

/** The contract event of a logical subject; UsageError naming what the subject should look like. */
export function eventDefinitionOf(subject: string): EventDefinition {
  const def = eventForSubject(subject);
  if (!def) {
    const hint = subject.startsWith('q.')
      ? 'queries are asked with `shopmind ask`'
      : 'expected shop.<tenant>.<domain>.<event> or ai.<tenant>.<domain>.<event> of the contract';
    throw new UsageError(`${subject} is no contract event subject: ${hint}`);
  }
  return def;
}

/** Builds and validates the event from proto3 JSON; CommandFailure listing what is wrong. */
export function eventFromJson(
  def: EventDefinition,
  subject: string,
  json: unknown,
): MessageShape<DescMessage> {
  try {
    const msg = fromJson(def.schema, json as JsonValue, { ignoreUnknownFields: false });
    validateMessage(def.schema, msg);
    assertTenantMatches(msg, subject);
    return msg;
  } catch (err) {
    throw new CommandFailure(`invalid ${def.key} event: ${(err as Error).message}`, { cause: err });
  }
}

export async function publishEventJson(
  js: JetStreamClient,
  prefix: string,
  subject: string,
  json: unknown,
  msgId?: string,
): Promise<PubAck> {
  const def = eventDefinitionOf(subject);
  const msg = eventFromJson(def, subject, json);
  const { data, contentType } = encodeMessage(def.schema, msg, 'json');
  const headers = natsHeaders();
  headers.set('content-type', contentType);
  try {
    return await js.publish(
      prefixSubject(prefix, subject),
      data,
      msgId ? { headers, msgID: msgId } : { headers },
    );
  } catch (err) {
    throw new CommandFailure(`publish to ${subject} failed: ${(err as Error).message}`, { cause: err });
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

export async function publishCommand(
  ctx: CommandContext,
  options: { subject: string; file: string; msgId?: string },
): Promise<number> {
  eventDefinitionOf(options.subject);
  const text =
    options.file === '-'
      ? await readAll(ctx.io.stdin)
      : await readFile(resolve(ctx.io.cwd, options.file), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CommandFailure(
      `${options.file === '-' ? 'standard input' : options.file} is not JSON: ${(err as Error).message}`,
    );
  }
  const ack = await publishEventJson(await ctx.js(), ctx.prefix, options.subject, json, options.msgId);
  if (ctx.json)
    ctx.outJson({ subject: options.subject, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate });
  else
    ctx.io.out(
      `published ${options.subject} → ${ack.stream} #${ack.seq}${ack.duplicate ? ' (duplicate, not stored again)' : ''}`,
    );
  return 0;
}
