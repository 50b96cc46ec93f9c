// The HTTP API on real NATS and Redis: the edge started as it runs (startService, EDGE_TENANTS),
// a small responder answering the queries over the bus, and plain fetch as the shop's client.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { create } from '@bufbuild/protobuf';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import {
  BusModule,
  createBusApp,
  NotFoundError,
  OnQuery,
  PermanentError,
  TransientError,
  type QueryContext,
} from '@shopmind/bus';
import {
  Queries,
  ReviewSummaryReplySchema,
  GraphQueryReplySchema,
  prefixStream,
  type GraphQueryRequest,
  type ReviewSummaryRequest,
  type ReviewSummaryReply,
  type GraphQueryReply,
} from '@shopmind/contracts';
import { startService, type RunningService } from '@shopmind/service-kit';
import {
  aReviewSubmitted,
  jsonOf,
  provisionNamespace,
  startInfra,
  uniqueName,
  type Infra,
} from '@shopmind/testing';
import { ReviewSubmittedSchema } from '@shopmind/contracts';
import { Redis } from 'ioredis';
import { edgeConfig } from '../config.js';
import { edge } from '../edge.module.js';
import { QueriesController } from './queries.controller.js';
import { EventsController } from './events.controller.js';
import { rateKeyPrefix } from './api-rate-limiter.js';
import { apiEventKeyPrefix } from './event-ingest.js';

const KEYS = {
  acme: 'acme-key-0123456789abcdef',
  globex: 'globex-key-0123456789abcdef',
  initech: 'initech-key-0123456789abcdef',
};
const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');
const TENANTS = JSON.stringify(
  Object.fromEntries(Object.entries(KEYS).map(([tenant, key]) => [tenant, { apiKeys: [sha256(key)] }])),
);
const MAX_BYTES = 4096;
const QUERY_TIMEOUT_MS = 1500;

/** Answers queries over the bus as a service would; the graph query's `limit` picks the outcome. */
@Controller()
class TestResponder {
  @OnQuery(Queries.reviewSummary)
  summary(req: ReviewSummaryRequest, ctx: QueryContext): ReviewSummaryReply {
    // Says whose subject it was asked on, so a test sees which tenant the edge asked for.
    return create(ReviewSummaryReplySchema, {
      meta: { requestId: ctx.requestId, correlationId: ctx.correlationId },
      productId: req.productId,
      reviewCount: req.maxQuotes,
      summaryText: `asked on ${ctx.subject} for ${ctx.tenant}`,
    });
  }

  @OnQuery(Queries.graphQuery)
  async graph(req: GraphQueryRequest, ctx: QueryContext): Promise<GraphQueryReply> {
    switch (req.limit) {
      case 1:
        throw new PermanentError('the graph cannot answer this');
      case 2:
        throw new NotFoundError('no such node');
      case 3:
        throw new TransientError('the graph store is down');
      case 4:
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        throw new Error('unreachable: the deadline answered first');
      case 5:
        throw new Error('a bug');
      default:
        return create(GraphQueryReplySchema, { meta: { requestId: ctx.requestId }, truncated: true });
    }
  }
}

let infra: Infra;
let prefix: string;
let service: RunningService;
let limited: RunningService[] = [];
let responder: INestMicroservice;
let nc: NatsConnection;
let jsm: JetStreamManager;
let redis: Redis;
let base: string;

function edgeEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    SHOPMIND_SUBJECT_PREFIX: prefix,
    EDGE_TENANTS: TENANTS,
    EDGE_API_MAX_BYTES: String(MAX_BYTES),
    EDGE_API_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    EDGE_API_RATE_PER_SECOND: '1000',
    EDGE_API_RATE_BURST: '1000',
    HTTP_PORT: '0',
    ...extra,
  };
}

async function startEdge(env: Record<string, string>): Promise<{ running: RunningService; base: string }> {
  const running = await startService(edge, edgeConfig.load(env));
  const port = (running.app.getHttpServer().address() as AddressInfo).port;
  return { running, base: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  infra = await startInfra();
  prefix = await provisionNamespace(
    infra.natsUrl,
    uniqueName('api')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  ({ running: service, base } = await startEdge(edgeEnv()));
  @Module({
    imports: [
      BusModule.forRoot({ service: 'api-test-responder', natsUrl: infra.natsUrl, subjectPrefix: prefix }),
    ],
    controllers: [TestResponder],
  })
  class ResponderModule {}
  responder = await createBusApp(
    ResponderModule,
    { service: 'api-test-responder', natsUrl: infra.natsUrl, subjectPrefix: prefix },
    { logger: false, shutdownHooks: false },
  );
  nc = await connect({ servers: infra.natsUrl });
  jsm = await jetstreamManager(nc);
  redis = new Redis(infra.redisUrl);
}, 60_000);

afterAll(async () => {
  for (const e of limited) await e.close();
  await service?.close();
  await responder?.close();
  await nc?.close();
  redis?.disconnect();
  await infra?.stop();
});

interface Call {
  method?: string;
  key?: string | null;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  at?: string;
}

/** What the tests read of an answer: an error body, a reply, an accepted event, the OpenAPI document. */
interface Answer {
  code?: string;
  message?: string;
  violations?: string[];
  summaryText?: string;
  truncated?: boolean;
  sequence?: number;
  paths?: Record<string, Record<string, { responses: Record<string, unknown> } | undefined> | undefined>;
  components?: { schemas: Record<string, unknown> };
  security?: Record<string, string[]>[];
}

async function call(
  path: string,
  opts: Call = {},
): Promise<{ status: number; body: Answer; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key !== null) headers.authorization = `Bearer ${opts.key ?? KEYS.acme}`;
  const data = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (data !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${opts.at ?? base}${path}`, {
    method: opts.method ?? (data === undefined ? 'GET' : 'POST'),
    headers,
    body: data,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Answer, headers: res.headers };
}

describe('API keys', () => {
  it('refuses a request without a key, and one with an unknown key, with 401', async () => {
    const none = await call('/api/v1/products/p-1/reviews/summary', { key: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ code: 'unauthorized', message: expect.any(String) });
    const wrong = await call('/api/v1/products/p-1/reviews/summary', { key: 'not-a-key-of-anyone' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('unauthorized');
  });

  it('accepts the key as X-API-Key too', async () => {
    const res = await call('/api/v1/products/p-1/reviews/summary', {
      key: null,
      headers: { 'x-api-key': KEYS.globex },
    });
    expect(res.status).toBe(200);
    expect(res.body.summaryText).toBe(`asked on q.globex.reviews.summary for globex`);
  });
});

describe('queries', () => {
  it('answers the reviews summary as proto3 JSON, asked on the key tenant’s subject with the caller’s request id', async () => {
    const res = await call('/api/v1/products/p-42/reviews/summary?maxQuotes=3', {
      headers: { 'x-request-id': 'req-1' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      meta: { requestId: 'req-1' },
      productId: 'p-42',
      reviewCount: 3,
      summaryText: 'asked on q.acme.reviews.summary for acme',
    });
  });

  it('never takes the tenant from the body: a body meta naming another shop is refused', async () => {
    const res = await call('/api/v1/graph/query', {
      body: { meta: { requestId: 'x', tenantId: 'globex' }, match: {} },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
  });

  it('checks the request against the contract before asking: 400 with the violations', async () => {
    const res = await call('/api/v1/products/p-42/reviews/summary?maxQuotes=99');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(res.body.violations!.join(' ')).toMatch(/max_quotes/);
  });

  it.each([
    [1, 400, 'invalid_request'],
    [2, 404, 'not_found'],
    [3, 503, 'unavailable'],
    [4, 504, 'deadline_exceeded'],
    [5, 500, 'internal'],
  ])('maps the bus error of a query (graph limit %i) to HTTP %i %s', async (limit, status, code) => {
    const res = await call('/api/v1/graph/query', {
      body: { neighbours: { node: { kind: 'NODE_KIND_PRODUCT', id: 'p-1' } }, limit },
    });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code, message: expect.any(String) });
    if (status === 503) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('answers 200 with the reply when the query succeeds', async () => {
    const res = await call('/api/v1/graph/query', {
      body: { neighbours: { node: { kind: 'NODE_KIND_PRODUCT', id: 'p-1' } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.truncated).toBe(true);
  });

  it('answers 503 with Retry-After when no service answers the query', async () => {
    const res = await call('/api/v1/recommendations/top-k', { body: { userId: 'u-1', k: 5 } });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('refuses a body larger than EDGE_API_MAX_BYTES with 413', async () => {
    const res = await call('/api/v1/support/turns', {
      body: { conversationId: 'c-1', text: 'x'.repeat(MAX_BYTES + 1) },
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('refuses a body that is not JSON with 415, and broken JSON with 400', async () => {
    const text = await call('/api/v1/support/turns', {
      raw: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const broken = await call('/api/v1/support/turns', { raw: '{"conversationId": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('invalid_request');
  });
});

describe('event ingestion', () => {
  const stream = () => prefixStream(prefix, 'SHOP_EVENTS');

  it('publishes an inbound event to JetStream with its event id as msg id, 202 after the PubAck; a retry is stored once', async () => {
    const review = aReviewSubmitted({ envelope: { tenantId: 'acme' }, productId: 'p-7', rating: 4 });
    const body = jsonOf(ReviewSubmittedSchema, review);
    const res = await call('/api/v1/events/review/submitted', { body });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ eventId: review.envelope!.eventId, stream: stream(), duplicate: false });
    const stored = await jsm.streams.getMessage(stream(), { seq: res.body.sequence! });
    expect(stored!.subject).toBe(`${prefix}.shop.acme.review.submitted`);
    expect(stored!.header.get('Nats-Msg-Id')).toBe(review.envelope!.eventId);
    expect(stored!.json<{ productId: string; rating: number }>()).toMatchObject({
      productId: 'p-7',
      rating: 4,
    });

    const again = await call('/api/v1/events/review/submitted', { body });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ sequence: res.body.sequence, duplicate: true });
  });

  it('remembers a delivered event id for 48 hours in Redis: a retry past the stream’s window is 202 duplicate, nothing published', async () => {
    const review = aReviewSubmitted({ envelope: { tenantId: 'acme' }, productId: 'p-8', rating: 5 });
    const eventId = review.envelope!.eventId;
    const body = jsonOf(ReviewSubmittedSchema, review);
    const first = await call('/api/v1/events/review/submitted', { body });
    expect(first.body).toMatchObject({ duplicate: false });
    const mark = `${apiEventKeyPrefix(prefix)}:acme:${eventId}`;
    expect(await redis.get(mark)).toBe(`${first.body.sequence}@${stream()}`);
    expect(await redis.ttl(mark)).toBeGreaterThan(47 * 3600);

    // An event the stream has long forgotten (delivered hours ago: only the mark is left).
    const late = aReviewSubmitted({ envelope: { tenantId: 'acme' }, productId: 'p-9' });
    const lateId = late.envelope!.eventId;
    await redis.set(`${apiEventKeyPrefix(prefix)}:acme:${lateId}`, `41@${stream()}`, 'EX', 3600);
    const before = (await jsm.streams.info(stream())).state.messages;
    const retry = await call('/api/v1/events/review/submitted', {
      body: jsonOf(ReviewSubmittedSchema, late),
    });
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ eventId: lateId, stream: stream(), sequence: 41, duplicate: true });
    expect((await jsm.streams.info(stream())).state.messages).toBe(before);
  });

  it('keeps each shop’s event ids apart: the same id from another shop is that shop’s own event', async () => {
    const shared = aReviewSubmitted({ envelope: { tenantId: 'acme' } }).envelope!.eventId;
    const acme = aReviewSubmitted({ envelope: { tenantId: 'acme', eventId: shared } });
    const globex = aReviewSubmitted({ envelope: { tenantId: 'globex', eventId: shared } });
    await redis.set(`${apiEventKeyPrefix(prefix)}:acme:${shared}`, `7@${stream()}`, 'EX', 3600);
    const res = await call('/api/v1/events/review/submitted', {
      key: KEYS.globex,
      body: jsonOf(ReviewSubmittedSchema, globex),
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ duplicate: false });
    const stored = await jsm.streams.getMessage(stream(), { seq: res.body.sequence! });
    expect(stored!.subject).toBe(`${prefix}.shop.globex.review.submitted`);
    expect(
      (await call('/api/v1/events/review/submitted', { body: jsonOf(ReviewSubmittedSchema, acme) })).body,
    ).toMatchObject({ duplicate: true, sequence: 7 });
  });

  it('refuses an envelope of another tenant with 403 and publishes nothing', async () => {
    const before = (await jsm.streams.info(stream(), { subjects_filter: '>' })).state.messages;
    const review = aReviewSubmitted({ envelope: { tenantId: 'globex' } });
    const res = await call('/api/v1/events/review/submitted', {
      body: jsonOf(ReviewSubmittedSchema, review),
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect((await jsm.streams.info(stream())).state.messages).toBe(before);
  });

  it('refuses an invalid event with 400 and its violations, and an event that is not inbound with 404', async () => {
    const review = aReviewSubmitted({ envelope: { tenantId: 'acme' } });
    const invalid = { ...(jsonOf(ReviewSubmittedSchema, review) as object), rating: 9 };
    const res = await call('/api/v1/events/review/submitted', { body: invalid });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(res.body.violations!.join(' ')).toMatch(/rating/);
    expect((await call('/api/v1/events/review/analysed', { body: {} })).status).toBe(404);
    expect((await call('/api/v1/events/review/deleted', { body: {} })).status).toBe(404);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the burst, counted in Redis under edge:* for every replica', async () => {
    const env = edgeEnv({ EDGE_API_RATE_PER_SECOND: '1', EDGE_API_RATE_BURST: '2' });
    const replicas = [await startEdge(env), await startEdge(env)];
    limited = replicas.map((r) => r.running);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call('/api/v1/events/review/deleted', { key: KEYS.initech, body: {}, at: replicas[i % 2]!.base }),
      ),
    );
    const refused = responses.filter((r) => r.status === 429);
    // 1 a second plus a burst of 2, shared: at most a few of 12 get through, whichever replica they reach.
    expect(refused.length).toBeGreaterThanOrEqual(6);
    for (const r of refused) {
      expect(r.body.code).toBe('rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const keys = await redis.keys(`${rateKeyPrefix(prefix)}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.startsWith('edge:')).toBe(true);
    // The key itself is never stored, only a hash of it.
    expect(keys.some((k) => k.includes(KEYS.initech))).toBe(false);
  });
});

describe('OpenAPI document', () => {
  it('is served at /api/openapi.json and lists every API route with its responses', async () => {
    const res = await call('/api/openapi.json', { key: null });
    expect(res.status).toBe(200);
    const doc = res.body;
    const routes = routesOf(QueriesController, 'api/v1').concat(routesOf(EventsController, 'api/v1/events'));
    expect(routes.length).toBe(8);
    for (const { method, path } of routes) {
      const op = doc.paths![path]?.[method];
      expect({ path, method, found: op !== undefined }).toEqual({ path, method, found: true });
      const statuses = Object.keys(op!.responses);
      expect(statuses).toEqual(expect.arrayContaining(['400', '401', '413', '429']));
      expect(statuses.some((s) => s === '200' || s === '202')).toBe(true);
    }
    // Every $ref resolves in the components.
    const refs = new Set<string>();
    JSON.stringify(doc, (k, v) => (k === '$ref' ? (refs.add(v as string), v) : v));
    for (const ref of refs)
      expect(doc.components!.schemas[ref.replace('#/components/schemas/', '')]).toBeDefined();
    // Built from the real app, limited to the API's module: no webhook or health route.
    expect(Object.keys(doc.paths!).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    // Either scheme authorises every operation (what Swagger UI's "Authorize" sends).
    expect(doc.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
  });

  it('is browsable as Swagger UI at /api/docs, which loads this same document', async () => {
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    // The page's scripts, resolved as a browser resolves them against /api/docs.
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map(
      (m) => new URL(m[1]!, `${base}/api/docs`),
    );
    expect(scripts.map((u) => u.pathname)).toEqual(
      expect.arrayContaining(['/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui-init.js']),
    );
    for (const url of scripts) {
      const res = await fetch(url);
      expect({ url: url.pathname, status: res.status }).toEqual({ url: url.pathname, status: 200 });
      if (url.pathname.endsWith('swagger-ui-init.js')) {
        const init = await res.text();
        for (const path of Object.keys((await call('/api/openapi.json', { key: null })).body.paths!))
          expect(init).toContain(JSON.stringify(path));
      } else await res.arrayBuffer();
    }
    // No key needed, and the API's key guard does not stand in front of it.
    expect((await fetch(`${base}/api/docs/`)).status).toBe(200);
  });
});

/** The routes a controller declares, as the OpenAPI document names them. */
function routesOf(
  controller: new (...args: never[]) => unknown,
  base: string,
): { method: string; path: string }[] {
  const methods = ['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head'];
  return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
    const handler = (controller.prototype as Record<string, unknown>)[name];
    const path = Reflect.getMetadata('path', handler as object) as string | undefined;
    const method = Reflect.getMetadata('method', handler as object) as number | undefined;
    if (path === undefined || method === undefined || name === 'constructor') return [];
    const full = `/${base}/${path}`
      .replace(/\/+/g, '/')
      .replace(/\/$/, '')
      .replace(/:(\w+)/g, '{$1}');
    return [{ method: methods[method]!, path: full }];
  });
}
