// Answers one query over core NATS request/reply: queue group = service, so replicas share the
// load; replies in the request's wire format; failures become an ErrorReply with a code header.
import { create, fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  headers as natsHeaders,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import { BaseRpcContext, type MessageHandler } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode, context, trace, type Attributes, type Span } from '@opentelemetry/api';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  CONTENT_TYPES,
  ContractError,
  assertTenantMatches,
  ErrorReplySchema,
  decodeMessage,
  encodeMessage,
  tenantOfSubject,
  type QueryDefinition,
  type RequestMeta,
  RequestMetaSchema,
  type WireFormat,
} from '@shopmind/contracts';
import { extractTraceContext, tracer, type Logger, type ReadableHeaders } from '@shopmind/telemetry';
import type { ResolvedBusOptions } from './bus-options.js';
import { NotFoundError, PermanentError, TransientError } from '@shopmind/errors';
import { handlerError } from './handler-decorators.js';
import { PreEncodedReply } from './encoded-reply.js';
import type { QueryContext } from './message-context.js';
import { MESSAGING_SYSTEM_NATS, MessagingAttributes, MessagingOperation } from './messaging-attributes.js';
import { HEADER, headersToRecord } from './nats-headers.js';
import { logicalSubject, prefixSubject } from './naming.js';

// The codes ErrorReply allows (see common.proto).
export type QueryErrorCode =
  'invalid_request' | 'not_found' | 'unavailable' | 'deadline_exceeded' | 'internal';

class DeadlineExceeded extends Error {}

export function errorCodeOf(error: unknown): QueryErrorCode {
  if (error instanceof NotFoundError) return 'not_found';
  if (error instanceof ContractError || error instanceof PermanentError) return 'invalid_request';
  if (error instanceof DeadlineExceeded) return 'deadline_exceeded';
  if (error instanceof TransientError) return 'unavailable';
  return 'internal';
}

function formatOf(contentType: string | undefined): WireFormat {
  return contentType === CONTENT_TYPES.protobuf || contentType === 'application/x-protobuf'
    ? 'protobuf'
    : 'json';
}

/** Per NATS subject (one per tenant): what every request on it shares. */
interface SubjectFacts {
  /** The subject as the contracts name it (namespace prefix removed). */
  subject: string;
  spanName: string;
  attributes: Attributes;
  /** The subject's tenant token, once a request on it passed the tenant check. */
  tenant?: string;
}

/** Subjects remembered per responder (tenants); past this the memo starts again. */
const SUBJECTS_KEPT = 1024;

/** The headers of a reply never change: one instance per content type (and error code), encoded once. */
function fixedHeaders(entries: [string, string][]): MsgHdrs {
  const h = natsHeaders() as MsgHdrs & { encode(): Uint8Array };
  for (const [k, v] of entries) h.set(k, v);
  // nats.js encodes the headers of every publish; these are shared and never changed.
  const encoded = h.encode();
  h.encode = () => encoded;
  return h;
}

const REPLY_HEADERS: Record<WireFormat, MsgHdrs> = {
  json: fixedHeaders([[HEADER.contentType, CONTENT_TYPES.json]]),
  protobuf: fixedHeaders([[HEADER.contentType, CONTENT_TYPES.protobuf]]),
};
const errorHeaders = new Map<string, MsgHdrs>();
function errorHeadersOf(contentType: string, code: QueryErrorCode): MsgHdrs {
  const key = `${contentType} ${code}`;
  let h = errorHeaders.get(key);
  if (!h) {
    h = fixedHeaders([
      [HEADER.contentType, contentType],
      [HEADER.error, code],
    ]);
    errorHeaders.set(key, h);
  }
  return h;
}

const CONTENT_TYPE_LC = HEADER.contentType.toLowerCase();
const DEADLINE_LC = HEADER.deadline.toLowerCase();

interface RequestHeaders {
  contentType?: string;
  deadline?: string;
  /** The first value of each header by its exact name (as nats.js `get` answers), for trace context. */
  carrier?: ReadableHeaders;
}

/**
 * The headers of a request in one pass: the two the responder reads matched without regard to
 * case (as `shopHeader` does: the first matching name, its first value), and a carrier for the
 * trace context that answers without the arrays nats.js allocates for every look-up.
 */
function requestHeaders(headers: MsgHdrs | undefined): RequestHeaders {
  const out: RequestHeaders = {};
  if (!headers) return out;
  const first = new Map<string, string>();
  for (const [name, values] of headers) {
    first.set(name, values[0] ?? '');
    const lc = name.toLowerCase();
    if (lc === CONTENT_TYPE_LC) out.contentType ??= values[0];
    else if (lc === DEADLINE_LC) out.deadline ??= values[0];
  }
  out.carrier = { get: (k) => first.get(k), keys: () => first.keys() };
  return out;
}

/**
 * The handler's QueryContext. The abort signal and the header record are made on first use: most
 * handlers read neither, and an AbortController per request was a few percent of a query's CPU.
 */
class ResponderQueryContext extends BaseRpcContext<[string]> implements QueryContext {
  private controller?: AbortController;
  private expiredWith?: Error;
  private headerRecord?: Record<string, string>;

  constructor(
    readonly subject: string,
    readonly tenant: string,
    readonly requestId: string,
    readonly correlationId: string,
    readonly deadline: number,
    private readonly msgHeaders: MsgHdrs | undefined,
  ) {
    super([subject]);
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.expiredWith) this.controller.abort(this.expiredWith);
    }
    return this.controller.signal;
  }

  get headers(): Record<string, string> {
    this.headerRecord ??= headersToRecord(this.msgHeaders);
    return this.headerRecord;
  }

  /** The deadline passed: aborts the signal (now, or as soon as someone asks for it). */
  expire(err: Error): void {
    this.expiredWith = err;
    this.controller?.abort(err);
  }
}

export class QueryResponder {
  private subscription?: Subscription;
  private inFlight = 0;
  private drained?: () => void;
  private readonly subjects = new Map<string, SubjectFacts>();

  constructor(
    private readonly definition: QueryDefinition,
    private readonly handler: MessageHandler,
    private readonly nc: NatsConnection,
    private readonly options: ResolvedBusOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.subscription = this.nc.subscribe(prefixSubject(this.options.subjectPrefix, this.definition.filter), {
      queue: this.options.service,
      callback: (err, msg) => {
        if (err) {
          this.log.error({ err, query: this.definition.key }, 'query subscription failed');
          return;
        }
        this.inFlight++;
        void this.respond(msg)
          .catch((err: unknown) => this.log.error({ err, query: this.definition.key }, 'could not reply'))
          .finally(() => {
            if (--this.inFlight === 0) this.drained?.();
          });
      },
    });
  }

  /** Stops taking requests and waits for the ones being answered. */
  async stop(): Promise<void> {
    await this.subscription?.drain();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
  }

  private factsOf(natsSubject: string): SubjectFacts {
    let facts = this.subjects.get(natsSubject);
    if (!facts) {
      const subject = logicalSubject(this.options.subjectPrefix, natsSubject);
      facts = {
        subject,
        spanName: `process ${subject}`,
        attributes: {
          [MessagingAttributes.system]: MESSAGING_SYSTEM_NATS,
          [MessagingAttributes.destinationName]: subject,
          [MessagingAttributes.operationType]: MessagingOperation.process,
          [MessagingAttributes.operationName]: MessagingOperation.process,
          [MessagingAttributes.consumerGroupName]: this.options.service,
        },
      };
      if (this.subjects.size >= SUBJECTS_KEPT) this.subjects.clear();
      this.subjects.set(natsSubject, facts);
    }
    return facts;
  }

  private respond(msg: Msg): Promise<void> {
    const facts = this.factsOf(msg.subject);
    const headers = requestHeaders(msg.headers);
    const parent = extractTraceContext(headers.carrier);
    const producer = trace.getSpanContext(parent);
    const span = tracer.startSpan(
      facts.spanName,
      {
        kind: SpanKind.SERVER,
        // The SDK copies links and attributes: the shared attributes object is never changed.
        links: producer ? [{ context: producer }] : undefined,
        attributes: facts.attributes,
      },
      parent,
    );
    return context.with(trace.setSpan(parent, span), () => this.answer(msg, headers, facts, span));
  }

  private async answer(msg: Msg, headers: RequestHeaders, facts: SubjectFacts, span: Span): Promise<void> {
    const { subject } = facts;
    const { contentType, deadline: deadlineHeader } = headers;
    const format = formatOf(contentType);
    let meta: RequestMeta | undefined;
    try {
      const request = decodeMessage(this.definition.request, msg.data, contentType);
      meta = (request as { meta?: RequestMeta }).meta;
      assertTenantMatches(request, subject);
      // A valid token now: the check above read it.
      facts.tenant ??= tenantOfSubject(subject);
      const requestId = meta?.requestId ?? '';
      if (requestId) span.setAttribute(MessagingAttributes.messageId, requestId);
      const now = Date.now();
      const deadline = this.deadlineOf(deadlineHeader, now);
      const ctx = new ResponderQueryContext(
        subject,
        facts.tenant,
        requestId,
        meta?.correlationId ?? '',
        deadline,
        msg.headers,
      );
      // Without a deadline header this is always queryTimeoutMs: one of Node's timer lists for all.
      const reply = await this.withDeadline(ctx, request, deadline - now);
      msg.respond(this.encodeReply(reply, format), { headers: REPLY_HEADERS[format] });
    } catch (thrown) {
      const error = handlerError(thrown);
      // An invalid request still names its request id when it can be read, so the caller can match the error.
      meta ??= readMetaLeniently(this.definition.request, msg.data, format);
      const code = errorCodeOf(error);
      const message = error instanceof Error ? error.message : String(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      if (error instanceof Error) span.recordException(error);
      if (code === 'internal') this.log.error({ err: error, query: this.definition.key }, 'query failed');
      const errorReply = create(ErrorReplySchema, {
        requestId: meta?.requestId ?? '',
        correlationId: meta?.correlationId ?? '',
        code,
        // Internal details stay in the logs; the caller learns the kind of failure.
        message: code === 'internal' ? 'internal error' : message.slice(0, 4000),
        violations: error instanceof ContractError ? error.violations : [],
      });
      const { data, contentType: replyType } = encodeMessage(ErrorReplySchema, errorReply, format);
      msg.respond(data, { headers: errorHeadersOf(replyType, code) });
    } finally {
      span.end();
    }
  }

  /**
   * A reply that breaks its own contract is our bug (internal), not the caller's (invalid_request).
   * Checking it (`validateReplies`) catches handler bugs in development and tests; in production it
   * cost about as much as validating the request, on every reply, to re-prove what the tests prove.
   */
  private encodeReply(reply: unknown, format: WireFormat): Uint8Array {
    const schema = this.definition.reply;
    const { validateReplies } = this.options;
    try {
      if (reply instanceof PreEncodedReply) {
        if (reply.body.schema.typeName !== schema.typeName)
          throw new Error(`a pre-encoded ${reply.body.schema.typeName} is no ${schema.typeName}`);
        const data = reply.encode(format);
        // When replies are checked, the joined bytes are decoded and checked like any other reply.
        if (validateReplies) decodeMessage(schema, data, CONTENT_TYPES[format]);
        return data;
      }
      return encodeMessage(schema, reply as MessageShape<DescMessage>, format, {
        validate: validateReplies,
      }).data;
    } catch (err) {
      throw new Error(`handler returned an invalid ${schema.typeName}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  /**
   * The caller's deadline header (epoch ms) when present, else now + queryTimeoutMs; never later
   * than now + queryMaxDeadlineMs (past 2^31 ms a timer would fire at once).
   */
  private deadlineOf(header: string | undefined, now: number): number {
    const raw = Number(header ?? NaN);
    const asked = Number.isFinite(raw) && raw > 0 ? raw : now + this.options.queryTimeoutMs;
    return Math.min(asked, now + this.options.queryMaxDeadlineMs);
  }

  /** Runs the handler; past the deadline the query fails with deadline_exceeded and its signal aborts. */
  private withDeadline(ctx: ResponderQueryContext, request: unknown, remaining: number): Promise<unknown> {
    if (remaining <= 0)
      return Promise.reject(
        new DeadlineExceeded(`deadline passed ${-remaining} ms before the query started`),
      );
    return new Promise<unknown>((resolve, reject) => {
      // Node's timers run on the event loop's cached clock, which can lag Date.now() by a
      // millisecond: a timer may fire just before the deadline by the wall clock. The signal must
      // never abort early (a handler may compare Date.now() with ctx.deadline), so wait out the rest.
      const expire = () => {
        const left = ctx.deadline - Date.now();
        if (left > 0) {
          timer = setTimeout(expire, left);
          return;
        }
        const err = new DeadlineExceeded(`no answer within the deadline`);
        ctx.expire(err);
        reject(err);
      };
      let timer = setTimeout(expire, remaining);
      this.call(request, ctx).then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  private async call(request: unknown, ctx: QueryContext): Promise<unknown> {
    const result: unknown = await this.handler(request, ctx);
    return isObservable(result) ? lastValueFrom(result) : result;
  }
}

/** Reads `meta` from a request that failed decoding or validation, without judging the rest. */
function readMetaLeniently(
  schema: DescMessage,
  data: Uint8Array,
  format: WireFormat,
): RequestMeta | undefined {
  try {
    if (format === 'protobuf') return (fromBinary(schema, data) as { meta?: RequestMeta }).meta;
    const json = JSON.parse(new TextDecoder().decode(data)) as { meta?: Record<string, unknown> };
    const meta = json.meta;
    if (!meta || typeof meta !== 'object') return undefined;
    const pick = (a: string, b: string): string => {
      const v = meta[a] ?? meta[b];
      return typeof v === 'string' ? v.slice(0, 128) : '';
    };
    return create(RequestMetaSchema, {
      requestId: pick('requestId', 'request_id'),
      correlationId: pick('correlationId', 'correlation_id'),
    });
  } catch {
    return undefined;
  }
}
