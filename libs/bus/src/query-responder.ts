// Answers one query over core NATS request/reply: queue group = service, so replicas share the
// load; replies in the request's wire format; failures become an ErrorReply with a code header.
import { create, fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  headers as natsHeaders,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import type { MessageHandler } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode, context, trace, type Link } from '@opentelemetry/api';
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
import { extractTraceContext, tracer, type Logger } from '@shopmind/telemetry';
import type { ResolvedBusOptions } from './bus-options.js';
import { NotFoundError, PermanentError, TransientError } from '@shopmind/errors';
import { handlerError } from './handler-decorators.js';
import { NatsQueryContext } from './message-context.js';
import { HEADER, headersToRecord, shopHeader } from './nats-headers.js';
import { logicalSubject, prefixSubject } from './naming.js';

// The codes ErrorReply allows (see common.proto).
export type QueryErrorCode =
  'invalid_request' | 'not_found' | 'unavailable' | 'deadline_exceeded' | 'internal';

class DeadlineExceeded extends Error {}

// Checking our own replies against their contract catches handler bugs in development and tests;
// in production it cost about as much as validating the request, on every reply, to re-prove
// what the tests already prove. Requests are always validated: they come from outside.
const validateReplies = process.env.NODE_ENV !== 'production';

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

export class QueryResponder {
  private subscription?: Subscription;
  private inFlight = 0;
  private drained?: () => void;

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

  private async respond(msg: Msg): Promise<void> {
    const subject = logicalSubject(this.options.subjectPrefix, msg.subject);
    const parent = extractTraceContext(msg.headers);
    const producer = trace.getSpanContext(parent);
    const links: Link[] = producer ? [{ context: producer }] : [];
    const span = tracer.startSpan(
      `process ${subject}`,
      {
        kind: SpanKind.SERVER,
        links,
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': subject,
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'process',
          'messaging.consumer.group.name': this.options.service,
        },
      },
      parent,
    );
    await context.with(trace.setSpan(parent, span), async () => {
      const contentType = shopHeader(msg.headers, HEADER.contentType);
      const format = formatOf(contentType);
      let meta: RequestMeta | undefined;
      try {
        const request = decodeMessage(this.definition.request, msg.data, contentType);
        meta = (request as { meta?: RequestMeta }).meta;
        assertTenantMatches(request, subject);
        const tenant = tenantOfSubject(subject);
        if (meta?.requestId) span.setAttribute('messaging.message.id', meta.requestId);
        const deadline = this.deadlineOf(msg);
        const reply = await this.withDeadline(deadline, (signal) =>
          this.call(
            request,
            new NatsQueryContext(
              subject,
              tenant,
              meta?.requestId ?? '',
              meta?.correlationId ?? '',
              deadline,
              signal,
              headersToRecord(msg.headers),
            ),
          ),
        );
        const { data, contentType: replyType } = this.encodeReply(reply, format);
        const h = natsHeaders();
        h.set(HEADER.contentType, replyType);
        msg.respond(data, { headers: h });
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
        const h = natsHeaders();
        h.set(HEADER.contentType, replyType);
        h.set(HEADER.error, code);
        msg.respond(data, { headers: h });
      } finally {
        span.end();
      }
    });
  }

  /** A reply that breaks its own contract is our bug (internal), not the caller's (invalid_request). */
  private encodeReply(reply: unknown, format: WireFormat): { data: Uint8Array; contentType: string } {
    try {
      return encodeMessage(this.definition.reply, reply as MessageShape<DescMessage>, format, {
        validate: validateReplies,
      });
    } catch (err) {
      throw new Error(
        `handler returned an invalid ${this.definition.reply.typeName}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }

  private async call(request: unknown, ctx: NatsQueryContext): Promise<unknown> {
    const result: unknown = await this.handler(request, ctx);
    return isObservable(result) ? lastValueFrom(result) : result;
  }

  /**
   * The caller's deadline header (epoch ms) when present, else now + queryTimeoutMs; never later
   * than now + queryMaxDeadlineMs (past 2^31 ms a timer would fire at once).
   */
  private deadlineOf(msg: Msg): number {
    const now = Date.now();
    const raw = Number(shopHeader(msg.headers, HEADER.deadline) ?? NaN);
    const asked = Number.isFinite(raw) && raw > 0 ? raw : now + this.options.queryTimeoutMs;
    return Math.min(asked, now + this.options.queryMaxDeadlineMs);
  }

  private async withDeadline<T>(deadline: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      throw new DeadlineExceeded(`deadline passed ${-remaining} ms before the query started`);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new DeadlineExceeded(`no answer within the deadline`);
        controller.abort(err);
        reject(err);
      }, remaining);
    });
    try {
      return await Promise.race([run(controller.signal), expired]);
    } finally {
      clearTimeout(timer);
    }
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
