// The query responder on a real nats-server: pre-encoded replies, the deadline's abort signal and
// the request headers handed to the handler on first use, the server span of every query, and reply
// validation switched by its bus option.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, fromBinary, fromJson, type JsonValue } from '@bufbuild/protobuf';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { Controller } from '@nestjs/common';
import { SpanKind, context, trace } from '@opentelemetry/api';
import {
  ErrorReplySchema,
  Queries,
  ReplyMetaSchema,
  ReviewSummaryReplySchema,
  ReviewSummaryRequestSchema,
  SourceTier,
  encodeMessage,
  type ReviewSummaryReply,
  type ReviewSummaryRequest,
  type WireFormat,
} from '@shopmind/contracts';
import { injectTraceContext, tracer } from '@shopmind/telemetry';
import { installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';
import { BusProbe, provisionNamespace, startInfra, uniqueName, type Infra } from '@shopmind/testing';
import { startBusTestApp, type RunningBusTestApp } from './bus-test-app.js';
import { EncodedReplyBody, PreEncodedReply } from './encoded-reply.js';
import { OnQuery } from './handler-decorators.js';
import type { QueryContext } from './message-context.js';

const SUMMARY = create(ReviewSummaryReplySchema, {
  productId: 'p-1',
  reviewCount: 12,
  averageRating: 4.5,
  quotes: [{ reviewId: 'r-1', text: 'Très solide — “sturdy”', rating: 5 }],
  summaryText: 'Customers like it.',
});
const BODY = new EncodedReplyBody(ReviewSummaryReplySchema, SUMMARY);
// Breaks the reply's rules (average_rating ≤ 5): while replies are validated it must never be sent.
const INVALID_BODY = new EncodedReplyBody(
  ReviewSummaryReplySchema,
  create(ReviewSummaryReplySchema, { productId: 'p-bad', averageRating: 7 }),
);

/** What the handler saw of its context, per request id. */
const seen = new Map<
  string,
  { abortedAtDeadline?: boolean; reason?: unknown; headers?: Record<string, string> }
>();

@Controller()
class SummaryHandlers {
  @OnQuery(Queries.reviewSummary)
  async summary(
    req: ReviewSummaryRequest,
    ctx: QueryContext,
  ): Promise<ReviewSummaryReply | PreEncodedReply<typeof ReviewSummaryReplySchema>> {
    const meta = {
      requestId: ctx.requestId,
      correlationId: ctx.correlationId,
      source: { tier: SourceTier.STORE },
    };
    if (req.productId === 'headers') seen.set(ctx.requestId, { headers: ctx.headers });
    if (req.productId === 'late-signal') {
      // Asks for the signal only after the deadline has passed: it is already aborted.
      await new Promise((r) => setTimeout(r, 400));
      seen.set(ctx.requestId, { abortedAtDeadline: ctx.signal.aborted, reason: ctx.signal.reason });
    }
    if (req.productId === 'early-signal') {
      const signal = ctx.signal;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      seen.set(ctx.requestId, { abortedAtDeadline: Date.now() >= ctx.deadline, reason: signal.reason });
    }
    if (req.productId === 'invalid') return new PreEncodedReply(meta, INVALID_BODY);
    if (req.productId === 'invalid-message')
      return create(ReviewSummaryReplySchema, {
        productId: 'p-bad',
        averageRating: 7,
        meta: create(ReplyMetaSchema, meta),
      });
    if (req.productId === 'message')
      return create(ReviewSummaryReplySchema, { ...SUMMARY, meta: create(ReplyMetaSchema, meta) });
    return new PreEncodedReply(meta, BODY);
  }
}

let infra: Infra;
let telemetry: TestTelemetry;
let app: RunningBusTestApp;
let probe: BusProbe;
let subject: string;

beforeAll(async () => {
  infra = await startInfra();
  telemetry = installTestTelemetry();
  const prefix = await provisionNamespace(infra.natsUrl, uniqueName('responder'));
  app = await startBusTestApp(
    { service: 'responder-test', natsUrl: infra.natsUrl, subjectPrefix: prefix },
    SummaryHandlers,
  );
  probe = await BusProbe.connect(infra.natsUrl, prefix);
  subject = `${prefix}.${Queries.reviewSummary.subject('acme')}`;
});

afterAll(async () => {
  await app?.close();
  await probe?.close();
  await telemetry?.shutdown();
  await infra?.stop();
});

function request(productId: string, requestId: string, format: WireFormat): Uint8Array {
  return encodeMessage(
    ReviewSummaryRequestSchema,
    create(ReviewSummaryRequestSchema, {
      meta: { requestId, tenantId: 'acme', correlationId: `c-${requestId}` },
      productId,
    }),
    format,
  ).data;
}

function headersFor(format: WireFormat, extra: Record<string, string> = {}): MsgHdrs {
  const h = natsHeaders();
  h.set('content-type', format === 'json' ? 'application/json' : 'application/protobuf');
  for (const [k, v] of Object.entries(extra)) h.set(k, v);
  return h;
}

describe('QueryResponder', () => {
  it('sends a pre-encoded reply byte for byte as the whole reply would have been encoded, in both formats', async () => {
    for (const format of ['json', 'protobuf'] as const) {
      for (const productId of ['p-1', 'message']) {
        const requestId = `${format}-${productId}`;
        const reply = await probe.nc.request(subject, request(productId, requestId, format), {
          timeout: 5000,
          headers: headersFor(format),
        });
        expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
        expect(reply.headers?.get('content-type')).toBe(
          format === 'json' ? 'application/json' : 'application/protobuf',
        );
        const whole = create(ReviewSummaryReplySchema, {
          ...SUMMARY,
          meta: create(ReplyMetaSchema, {
            requestId,
            correlationId: `c-${requestId}`,
            source: { tier: SourceTier.STORE },
          }),
        });
        expect(Buffer.from(reply.data)).toEqual(
          Buffer.from(encodeMessage(ReviewSummaryReplySchema, whole, format).data),
        );
      }
    }
    const decoded = fromBinary(
      ReviewSummaryReplySchema,
      (
        await probe.nc.request(subject, request('p-1', 'bin', 'protobuf'), {
          timeout: 5000,
          headers: headersFor('protobuf'),
        })
      ).data,
    );
    expect(decoded.meta?.requestId).toBe('bin');
    expect(decoded.quotes[0]?.text).toBe('Très solide — “sturdy”');
  });

  it('never sends a pre-encoded reply that breaks its contract (replies validated, the default): internal error', async () => {
    const reply = await probe.nc.request(subject, request('invalid', 'bad-1', 'json'), {
      timeout: 5000,
      headers: headersFor('json'),
    });
    expect(reply.headers?.get('Shopmind-Error')).toBe('internal');
    const error = fromJson(ErrorReplySchema, JSON.parse(new TextDecoder().decode(reply.data)) as JsonValue);
    expect(error).toMatchObject({ requestId: 'bad-1', code: 'internal', message: 'internal error' });
  });

  it("aborts the handler's signal at the deadline, whether it asked for the signal before or after", async () => {
    for (const productId of ['early-signal', 'late-signal']) {
      const reply = await probe.nc.request(subject, request(productId, productId, 'json'), {
        timeout: 5000,
        headers: headersFor('json', { 'Shopmind-Deadline': String(Date.now() + 200) }),
      });
      expect(reply.headers?.get('Shopmind-Error')).toBe('deadline_exceeded');
      await new Promise((r) => setTimeout(r, 450));
      const what = seen.get(productId);
      expect(what?.abortedAtDeadline).toBe(true);
      expect((what?.reason as Error).message).toBe('no answer within the deadline');
    }
  });

  it('hands the handler the request headers, whatever their case', async () => {
    await probe.nc.request(subject, request('headers', 'h-1', 'json'), {
      timeout: 5000,
      headers: headersFor('json', { 'X-Shop-Trace': 'abc' }),
    });
    expect(seen.get('h-1')?.headers).toMatchObject({
      'content-type': 'application/json',
      'X-Shop-Trace': 'abc',
    });
    // A Content-Type in other letters still picks the wire format.
    const h = natsHeaders();
    h.set('Content-Type', 'application/protobuf');
    const reply = await probe.nc.request(subject, request('p-1', 'h-2', 'protobuf'), {
      timeout: 5000,
      headers: h,
    });
    expect(reply.headers?.get('content-type')).toBe('application/protobuf');
    expect(fromBinary(ReviewSummaryReplySchema, reply.data).meta?.requestId).toBe('h-2');
  });

  it("answers each query in a server span under the caller's span, linked to it, with the messaging attributes", async () => {
    telemetry.reset();
    const caller = tracer.startSpan('shop asks', { kind: SpanKind.CLIENT });
    const h = headersFor('json');
    injectTraceContext(h, trace.setSpan(context.active(), caller));
    await probe.nc.request(subject, request('p-1', 'traced-1', 'json'), { timeout: 5000, headers: h });
    await probe.nc.request(subject, request('p-1', 'untraced-1', 'json'), {
      timeout: 5000,
      headers: headersFor('json'),
    });
    caller.end();
    const servers = telemetry.spans().filter((s) => s.kind === SpanKind.SERVER);
    expect(servers).toHaveLength(2);
    const [traced, untraced] = servers;
    expect(traced?.name).toBe('process q.acme.reviews.summary');
    expect(traced?.spanContext().traceId).toBe(caller.spanContext().traceId);
    expect(traced?.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
    expect(traced?.links.map((l) => l.context.spanId)).toEqual([caller.spanContext().spanId]);
    for (const [span, id] of [
      [traced, 'traced-1'],
      [untraced, 'untraced-1'],
    ] as const) {
      expect(span?.attributes).toEqual({
        'messaging.system': 'nats',
        'messaging.destination.name': 'q.acme.reviews.summary',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.consumer.group.name': 'responder-test',
        'messaging.message.id': id,
      });
    }
    expect(untraced?.links).toEqual([]);
    expect(untraced?.parentSpanContext).toBeUndefined();
  });
});

describe('reply validation', () => {
  it('is switched by the validateReplies bus option, not by NODE_ENV: on, an invalid reply is an internal error; off, it is sent as the handler made it', async () => {
    // Jest runs with NODE_ENV=test, which this test leaves alone: only the option differs.
    expect(process.env.NODE_ENV).toBe('test');
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('unchecked'));
    const unchecked = await startBusTestApp(
      {
        service: 'responder-unchecked',
        natsUrl: infra.natsUrl,
        subjectPrefix: prefix,
        validateReplies: false,
      },
      SummaryHandlers,
    );
    try {
      const ask = (to: string, productId: string) =>
        probe.nc.request(to, request(productId, `${productId}-req`, 'json'), {
          timeout: 5000,
          headers: headersFor('json'),
        });
      // Both reply paths: the pre-encoded one and the message the responder encodes.
      for (const productId of ['invalid', 'invalid-message']) {
        const checked = await ask(subject, productId);
        expect([productId, checked.headers?.get('Shopmind-Error')]).toEqual([productId, 'internal']);

        const sent = await ask(`${prefix}.${Queries.reviewSummary.subject('acme')}`, productId);
        expect([productId, sent.headers?.get('Shopmind-Error') ?? '']).toEqual([productId, '']);
        const json = JSON.parse(new TextDecoder().decode(sent.data)) as JsonValue;
        expect(json).toMatchObject({ productId: 'p-bad', averageRating: 7 });
        expect(json).toMatchObject({ meta: { requestId: `${productId}-req` } });
      }
    } finally {
      await unchecked.close();
    }
  });
});
