// `shopmind ask <query> --tenant <t>`: builds a query request from flags (or --data), asks
// q.<tenant>.<query> with a deadline and prints the reply; an error reply exits 1.
import { randomUUID } from 'node:crypto';
import { fromJson, toJson, type JsonObject, type JsonValue } from '@bufbuild/protobuf';
import { headers as natsHeaders, NoRespondersError, TimeoutError } from '@nats-io/transport-node';
import { BUS_HEADERS } from '@shopmind/bus';
import {
  decodeMessage,
  encodeMessage,
  ErrorReplySchema,
  prefixSubject,
  Queries,
  validateMessage,
  type QueryDefinition,
} from '@shopmind/contracts';
import type { CommandContext } from '../command-context.js';
import { CommandFailure, UsageError } from '../exit-codes.js';

/** The flags an ask takes besides --tenant, --data and --timeout. */
export interface AskFlags {
  product?: string;
  userId?: string;
  conversation?: string;
  text?: string;
  orderId?: string;
  locale?: string;
  k?: number;
  channel?: string;
  tone?: string;
  maxQuotes?: number;
}

interface AskKind {
  query: QueryDefinition;
  describe: string;
  /** The request fields (proto3 JSON names) the flags give. */
  fields(f: AskFlags): JsonObject;
}

const compact = (o: Record<string, JsonValue | undefined>): JsonObject =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, JsonValue] => e[1] !== undefined));

export const ASK_KINDS: Record<string, AskKind> = {
  summary: {
    query: Queries.reviewSummary,
    describe: "a product's review summary (--product, --max-quotes, --locale)",
    fields: (f) => compact({ productId: f.product, maxQuotes: f.maxQuotes, locale: f.locale }),
  },
  fraud: {
    query: Queries.fraudScore,
    describe: 'score an order (--data \'{"order": {...}}\')',
    fields: () => ({}),
  },
  graph: {
    query: Queries.graphQuery,
    describe: "a product's neighbours in the knowledge graph (--product), or any query with --data",
    fields: (f): JsonObject =>
      f.product ? { neighbours: { node: { kind: 'NODE_KIND_PRODUCT', id: f.product } } } : {},
  },
  copy: {
    query: Queries.generateCopy,
    describe: 'product copy (--product, --channel web|marketplace|mobile_app|social|email, --locale, --tone)',
    fields: (f) =>
      compact({
        productId: f.product,
        channel: `COPY_CHANNEL_${(f.channel ?? 'web').toUpperCase()}`,
        locale: f.locale ?? 'en',
        tone: f.tone,
      }),
  },
  'top-k': {
    query: Queries.recommendTopK,
    describe: 'recommendations for a user (--user-id) or a product (--product), --k',
    fields: (f) => compact({ userId: f.userId, productId: f.userId ? undefined : f.product, k: f.k ?? 10 }),
  },
  guide: {
    query: Queries.shoppingGuide,
    describe: 'one turn of the shopping guide (--conversation, --text, --user-id, --k)',
    fields: (f) =>
      compact({
        conversationId: f.conversation ?? randomUUID(),
        text: f.text,
        userId: f.userId,
        k: f.k,
        locale: f.locale,
      }),
  },
  support: {
    query: Queries.supportChat,
    describe: 'one support chat turn (--conversation, --text, --user-id, --order-id)',
    fields: (f) =>
      compact({
        conversationId: f.conversation ?? randomUUID(),
        text: f.text,
        userId: f.userId,
        orderId: f.orderId,
        locale: f.locale,
      }),
  },
};

/** nats.js wraps request failures (RequestError with the reason as its cause). */
function causedBy(err: unknown, kind: abstract new (...args: never[]) => Error): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as Error).cause) if (e instanceof kind) return true;
  return false;
}

/** The request as proto3 JSON: meta, the flags' fields, then --data on top. */
export function askRequestJson(kind: AskKind, tenant: string, flags: AskFlags, data?: string): JsonObject {
  let extra: JsonObject = {};
  if (data !== undefined) {
    try {
      extra = JSON.parse(data) as JsonObject;
    } catch (err) {
      throw new UsageError(`--data is not JSON: ${(err as Error).message}`);
    }
  }
  return { meta: { requestId: randomUUID(), tenantId: tenant }, ...kind.fields(flags), ...extra };
}

export async function askCommand(
  ctx: CommandContext,
  options: { kind: string; tenant?: string; flags: AskFlags; data?: string; timeoutMs: number },
): Promise<number> {
  const kind = ASK_KINDS[options.kind];
  if (!kind) throw new UsageError(`unknown query ${options.kind}`);
  const tenant = options.tenant;
  if (!tenant) throw new UsageError('ask needs --tenant <id>: queries are asked for one shop');
  const q = kind.query;
  const json = askRequestJson(kind, tenant, options.flags, options.data);
  let request;
  try {
    request = validateMessage(q.request, fromJson(q.request, json));
  } catch (err) {
    throw new CommandFailure(`invalid ${q.key} request: ${(err as Error).message}`);
  }
  const { data, contentType } = encodeMessage(q.request, request, 'json');
  const headers = natsHeaders();
  headers.set(BUS_HEADERS.contentType, contentType);
  headers.set(BUS_HEADERS.deadline, String(Date.now() + options.timeoutMs));
  const subject = q.subject(tenant);
  const nc = await ctx.nats();
  let reply;
  try {
    reply = await nc.request(prefixSubject(ctx.prefix, subject), data, {
      timeout: options.timeoutMs,
      headers,
    });
  } catch (err) {
    if (causedBy(err, NoRespondersError))
      throw new CommandFailure(`no service answers ${subject}: is the service running (shopmind doctor)?`);
    if (causedBy(err, TimeoutError))
      throw new CommandFailure(`no reply to ${subject} within ${options.timeoutMs} ms`);
    throw new CommandFailure(`${subject}: ${(err as Error).message}`);
  }
  const replyType = reply.headers?.get(BUS_HEADERS.contentType) || undefined;
  const errorCode = reply.headers?.get(BUS_HEADERS.error);
  if (errorCode) {
    const error = toJson(ErrorReplySchema, decodeMessage(ErrorReplySchema, reply.data, replyType));
    if (ctx.json) ctx.outJson({ subject, error });
    else ctx.io.err(`${subject}: ${errorCode}: ${JSON.stringify(error, null, 2)}`);
    return 1;
  }
  const answer = toJson(q.reply, decodeMessage(q.reply, reply.data, replyType));
  if (ctx.json) ctx.outJson({ subject, reply: answer });
  else ctx.io.out(JSON.stringify(answer, null, 2));
  return 0;
}
