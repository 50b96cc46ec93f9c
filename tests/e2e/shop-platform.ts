// The three text services (product-copy, knowledge-graph, review-sentiment) booted in-process on one
// subject namespace of a real NATS (JetStream) and Redis — with `accounts: true` also fraud-detection
// and recommendation, the services that keep customer accounts, with `support: true` customer-service
// — so they feed each other through the bus as in production, plus what a shop system sees of them:
// publishing events, the results on `ai.>`, the graph and support chat queries, and whether every
// consumer has finished. The LLM provider is the fake
// OpenAI-compatible server, down (503) unless scripted.
import { create, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { context, trace, type Span } from '@opentelemetry/api';
import {
  decodeMessage,
  encodeMessage,
  prefixStream,
  Queries,
  Streams,
  type EventDefinition,
  type GraphQueryReply,
  type QueryDefinition,
  type SupportChatReply,
} from '@shopmind/contracts';
import { injectTraceContext } from '@shopmind/telemetry';
import {
  aRequestMeta,
  consumerSettled,
  eventually,
  publishEvent,
  ResultCollector,
  startFakeOpenAi,
  uniqueName,
  type FakeOpenAiServer,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import { loadFraudConfig } from '../../services/fraud-detection/src/config.js';
import { fraudDetection } from '../../services/fraud-detection/src/tools.js';
import { loadConfig as loadSupportConfig } from '../../services/customer-service/src/config.js';
import { customerService } from '../../services/customer-service/src/tools.js';
import { loadConfig as loadGraphConfig } from '../../services/knowledge-graph/src/config.js';
import { knowledgeGraph } from '../../services/knowledge-graph/src/tools.js';
import { loadConfig as loadCopyConfig } from '../../services/product-copy/src/config.js';
import { productCopy } from '../../services/product-copy/src/tools.js';
import { loadConfig as loadRecommendationConfig } from '../../services/recommendation/src/config.js';
import { recommendation } from '../../services/recommendation/src/tools.js';
import { loadConfig as loadSentimentConfig } from '../../services/review-sentiment/src/config.js';
import { reviewSentiment } from '../../services/review-sentiment/src/tools.js';
import { startService, type RunningService } from '@shopmind/service-kit';

export interface ShopPlatformOptions {
  /** Settings on top of the platform's own (e.g. FRAUD_HASH_SECRET, another REDIS_URL). */
  env?: Record<string, string>;
  /** Also start fraud-detection and recommendation. */
  accounts?: boolean;
  /** Also start customer-service. */
  support?: boolean;
}

export class ShopPlatform {
  private readonly collectors = new Map<string, ResultCollector<DescMessage>>();

  private constructor(
    readonly prefix: string,
    readonly llm: FakeOpenAiServer,
    private readonly apps: Pick<RunningService, 'close' | 'app'>[],
    private readonly nc: NatsConnection,
  ) {}

  static async start(infra: Infra, options: ShopPlatformOptions = {}): Promise<ShopPlatform> {
    const prefix = await provisionNamespace(
      infra.natsUrl,
      uniqueName('e2e')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
    );
    const llm = await startFakeOpenAi();
    // The provider is down unless a test scripts an answer.
    llm.setDefaultReply({ kind: 'error', status: 503, message: 'provider down' });
    const env = {
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      HTTP_PORT: '0',
      SHOPMIND_SUBJECT_PREFIX: prefix,
      LLM_PROVIDERS: JSON.stringify([
        { name: 'fake', kind: 'openai-compatible', baseURL: llm.baseURL, model: 'fake-model' },
      ]),
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '2000',
      // Keep the breaker closed so every call really reaches the failing provider.
      LLM_BREAKER_MIN_RPS: '1000',
      LLM_KEY_PREFIX: `llm-${prefix}`,
      ...options.env,
    };
    const apps: Pick<RunningService, 'close' | 'app'>[] = [];
    try {
      apps.push(await startService(productCopy, loadCopyConfig(env), { listenHttp: false }));
      // The graph's HTTP side (export) listens on a free port.
      apps.push(await startService(knowledgeGraph, loadGraphConfig(env), { listenHttp: true }));
      apps.push(
        await startService(
          reviewSentiment,
          loadSentimentConfig({ ...env, REVIEW_SUMMARY_DEBOUNCE_MS: '50' }),
          {
            listenHttp: false,
          },
        ),
      );
      if (options.accounts) {
        apps.push(await startService(fraudDetection, loadFraudConfig(env), { listenHttp: false }));
        apps.push(await startService(recommendation, loadRecommendationConfig(env), { listenHttp: false }));
      }
      if (options.support)
        apps.push(await startService(customerService, loadSupportConfig(env), { listenHttp: false }));
    } catch (err) {
      for (const app of apps) await app.close();
      await llm.stop();
      throw err;
    }
    const nc = await connect({ servers: infra.natsUrl, name: 'shop-system' });
    return new ShopPlatform(prefix, llm, apps, nc);
  }

  /** Starts collecting results of this kind; call before publishing what causes them. */
  results<D extends DescMessage>(def: EventDefinition<D>): ResultCollector<D> {
    let collector = this.collectors.get(def.key);
    if (!collector) {
      collector = new ResultCollector(this.nc, def as EventDefinition<DescMessage>, { prefix: this.prefix });
      this.collectors.set(def.key, collector);
    }
    return collector as unknown as ResultCollector<D>;
  }

  /** Publishes as a shop system does (proto3 JSON), inside `span`'s trace when given. */
  async publish<D extends DescMessage>(
    def: EventDefinition<D>,
    tenant: string,
    msg: MessageShape<D>,
    span?: Span,
  ): Promise<void> {
    const headers = natsHeaders();
    if (span) injectTraceContext(headers, trace.setSpan(context.active(), span));
    await publishEvent(this.nc, def, msg, { tenant, prefix: this.prefix, headers });
  }

  /** GET on the knowledge graph's HTTP port (health, readiness, export). */
  async graphHttp(path: string): Promise<Response> {
    const base = (await this.apps[1]!.app.getUrl()).replace('[::1]', '127.0.0.1');
    return fetch(`${base}${path}`);
  }

  /** Asks the graph query subject; the request's meta is made here for `tenant`. */
  graphQuery(
    tenant: string,
    init: MessageInitShape<typeof Queries.graphQuery.request>,
  ): Promise<GraphQueryReply> {
    return this.query(Queries.graphQuery, tenant, init);
  }

  /** One support chat turn (customer-service, `support: true`); the meta is made here for `tenant`. */
  supportChat(
    tenant: string,
    init: MessageInitShape<typeof Queries.supportChat.request>,
  ): Promise<SupportChatReply> {
    return this.query(Queries.supportChat, tenant, init);
  }

  private async query<Req extends DescMessage, Res extends DescMessage>(
    def: QueryDefinition<Req, Res>,
    tenant: string,
    init: MessageInitShape<Req>,
  ): Promise<MessageShape<Res>> {
    const req = create(def.request, {
      ...init,
      meta: aRequestMeta({ tenantId: tenant }),
    } as MessageInitShape<Req>);
    const { data, contentType } = encodeMessage(def.request, req, 'json');
    const h = natsHeaders();
    h.set('content-type', contentType);
    const reply = await this.nc.request(`${this.prefix}.${def.subject(tenant)}`, data, {
      headers: h,
      timeout: 10_000,
    });
    const error = reply.headers?.get('Shopmind-Error');
    if (error) throw new Error(`${def.key} query failed: ${error} ${reply.string()}`);
    return decodeMessage(def.reply, reply.data, reply.headers?.get('content-type'));
  }

  /**
   * Waits until every durable consumer of the namespace (every service's, on the inbound and the
   * results stream) has delivered and acknowledged everything, and no message arrived meanwhile: a
   * result one service published and another consumes is finished with too.
   */
  async settled(timeoutMs = 30_000): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const streams = [Streams.shopEvents.name, Streams.aiResults.name];
    const lastSeqs = async (): Promise<string> => {
      const seqs = [];
      for (const s of streams)
        seqs.push((await jsm.streams.info(prefixStream(this.prefix, s))).state.last_seq);
      return seqs.join(',');
    };
    await eventually(
      async () => {
        const before = await lastSeqs();
        const outstanding: string[] = [];
        for (const stream of streams) {
          for await (const c of jsm.consumers.list(prefixStream(this.prefix, stream))) {
            const s = await consumerSettled(jsm, stream, c.name, { prefix: this.prefix });
            if (!s.settled) outstanding.push(`${c.name}: ${s.outstanding.join(', ')}`);
          }
        }
        return { outstanding, quiet: (await lastSeqs()) === before };
      },
      (v) => v.outstanding.length === 0 && v.quiet,
      { timeoutMs, what: 'every consumer of the platform to settle' },
    );
  }

  async close(): Promise<void> {
    for (const app of this.apps) await app.close();
    for (const collector of this.collectors.values()) await collector.close();
    await this.nc.drain();
    await this.llm.stop();
  }
}
