// Start as shipped: each deployment target — compose core, compose with the observability overlay,
// compose's cluster profile, kustomize dev and production (the last two a 3-node NATS cluster and
// a Redis Cluster of 3 masters and 3 replicas) — run on this machine from its own files. The servers get the
// target's configuration (NATS users and permissions, the Redis password), the admin step
// provisions the streams, and every service starts from the built output with exactly the
// environment the target gives it (NODE_ENV=production from the image; secrets from
// `shopmind secrets dev`), logs in as its own NATS user, becomes ready and answers one query.
// Without a Docker engine this is as close to `docker compose up` / `kubectl apply -k` as it gets;
// it catches what the file-level specs cannot: a service that cannot start as configured.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ServiceCatalogue } from '@shopmind/contracts';
import { addTenantCredentials, captureIo, generateDevSecrets, runCli } from '@shopmind/cli';
import { eventually } from '@shopmind/testing';
import { sign } from '../../services/edge/src/tools.js';
import { ShippedStack } from './shipped-stack.js';
import { composeTarget, kustomizeTarget, type ShippedTarget } from './shipped-targets.js';

const secrets = generateDevSecrets();
const TENANT = 'shipped';
/** The edge's tenants file as `shopmind tenant key shipped --webhook generic` writes it. */
const edgeTenants = addTenantCredentials('', TENANT, { apiKey: true, webhooks: ['generic'] });
const API_KEY = edgeTenants.apiKey!;
const WEBHOOK_SECRET = edgeTenants.webhookSecrets.generic!;

/** An order to score (fraud-detection through the CLI, and through the edge's HTTP API). */
const order = {
  orderId: 'o-1',
  userId: 'u-1',
  currency: 'EUR',
  items: [{ productId: 'p-1', quantity: 1, unitPrice: { currency: 'EUR', amountMinor: 3499 } }],
  totals: { total: { currency: 'EUR', amountMinor: 3499 } },
  paymentMethod: 'PAYMENT_METHOD_CARD',
  card: { bin: '424242', last4: '4242', fingerprint: 'fp-1' },
  ip: '203.0.113.7',
  email: 'alex@example.com',
};

/** One query per service, through the ops CLI as `admin`: the reply must not be an error. */
const queries: Record<string, string[]> = {
  'review-sentiment': ['summary', '--product', 'p-1'],
  'product-copy': ['copy', '--product', 'p-1', '--channel', 'web'],
  'knowledge-graph': ['graph', '--product', 'p-1'],
  'fraud-detection': ['fraud', '--data', JSON.stringify({ order })],
  recommendation: ['top-k', '--product', 'p-1', '-k', '3'],
  'customer-service': [
    'support',
    '--conversation',
    'c-1',
    '--text',
    'What is your return policy?',
    '--user-id',
    'u-1',
  ],
};

const product = {
  envelope: {
    eventId: 'e-p-1',
    occurredAt: new Date().toISOString(),
    producer: 'shipped-test',
    tenantId: TENANT,
    schemaVersion: 1,
  },
  product: {
    id: 'p-1',
    title: 'Trail running shoe',
    description: 'A light trail running shoe with a grippy sole, made by Acme.',
    brand: 'Acme',
    categoryPath: ['Shoes', 'Running'],
    price: { currency: 'EUR', amountMinor: 8999 },
  },
};

async function cli(stack: ShippedStack, argv: string[], stdin?: string) {
  const io = captureIo({ stdin });
  const code = await runCli(
    [
      ...argv,
      '--json',
      '--nats-url',
      stack.natsUrl,
      '--user',
      'admin',
      '--password',
      secrets.NATS_ADMIN_PASSWORD!,
    ],
    io,
  );
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

// The operator's part: compose's git-ignored deploy/edge/tenants.yaml, Kubernetes' Secret
// shopmind-edge-tenants (key tenants.yaml).
const tenantsFile = { 'deploy/edge/tenants.yaml': edgeTenants.text };
const tenantsSecret = { 'shopmind-edge-tenants': { 'tenants.yaml': edgeTenants.text } };

const targets: (() => ShippedTarget)[] = [
  () => composeTarget('compose core', ['docker-compose.yml'], secrets, tenantsFile),
  () =>
    composeTarget(
      'compose with the observability overlay',
      ['docker-compose.yml', 'docker-compose.observability.yml'],
      secrets,
      tenantsFile,
    ),
  // The `cluster` profile on (x-cluster-settings in .env): three NATS servers, a Redis Cluster.
  () =>
    composeTarget('compose cluster profile', ['docker-compose.yml'], secrets, tenantsFile, { cluster: true }),
  () => kustomizeTarget('kustomize dev', 'deploy/k8s/overlays/dev', secrets, tenantsSecret),
  () => kustomizeTarget('kustomize production', 'deploy/k8s/overlays/production', secrets, tenantsSecret),
];

describe.each(targets.map((t) => [t().name, t] as const))('%s, started as shipped', (_name, target) => {
  let stack: ShippedStack;

  beforeAll(async () => {
    stack = new ShippedStack(target());
    await stack.start();
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  it('gives every service of the catalogue its own NATS user, production mode and the secrets it needs', () => {
    const started = stack.target.services.map((s) => s.service).sort();
    expect(started).toEqual(
      Object.values(ServiceCatalogue)
        .map((s) => s.name)
        .sort(),
    );
    for (const s of stack.target.services) {
      expect(s.env).toMatchObject({ NODE_ENV: 'production', NATS_USER: s.service });
      expect(s.env.NATS_PASSWORD).toBeTruthy();
      expect(s.env.REDIS_PASSWORD).toBe(secrets.REDIS_PASSWORD);
    }
  });

  it('every service is ready, handles an event and answers a query as its own user', async () => {
    const published = await cli(
      stack,
      ['publish', `shop.${TENANT}.catalog.product_upserted`, '-'],
      JSON.stringify(product),
    );
    expect({ code: published.code, err: published.err }).toEqual({ code: 0, err: '' });
    for (const s of stack.services) {
      const query = queries[s.service];
      if (!query) throw new Error(`no query for ${s.service}`);
      const reply = await cli(stack, ['ask', query[0]!, '--tenant', TENANT, ...query.slice(1)]);
      expect({ service: s.service, code: reply.code, err: reply.err }).toEqual({
        service: s.service,
        code: 0,
        err: '',
      });
      expect(reply.out.length).toBeGreaterThan(2);
    }
    // The product event reached the services that consume it: the knowledge graph holds its brand.
    await eventually(
      () => cli(stack, ['ask', 'graph', '--tenant', TENANT, '--product', 'p-1']),
      (r) => r.code === 0 && /acme/i.test(r.out),
      { timeoutMs: 30_000, what: 'the knowledge graph holds the published product' },
    );
    for (const s of stack.services) {
      expect({
        service: s.service,
        violations: s.output.filter((l) => /permissions violation/i.test(l)),
      }).toEqual({
        service: s.service,
        violations: [],
      });
    }
  }, 120_000);

  it('runs the edge as the NATS and Redis user edge, answering an API query with the shop’s key and taking a signed webhook', async () => {
    expect(stack.target.edge.env).toMatchObject({
      NODE_ENV: 'production',
      NATS_USER: 'edge',
      NATS_PASSWORD: secrets.NATS_EDGE_PASSWORD,
      REDIS_USERNAME: 'edge',
      REDIS_PASSWORD: secrets.REDIS_EDGE_PASSWORD,
      EDGE_CARD_FINGERPRINT_SECRET: secrets.EDGE_CARD_FINGERPRINT_SECRET,
    });
    const edge = `http://127.0.0.1:${stack.edge!.httpPort}`;
    const scored = await fetch(`${edge}/api/v1/fraud/score`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ order }),
    });
    const score = (await scored.json()) as Record<string, unknown>;
    expect([scored.status, score]).toEqual([
      200,
      expect.objectContaining({ orderId: 'o-1', assessment: expect.any(Object) }),
    ]);
    const unknownKey = await fetch(`${edge}/api/v1/fraud/score`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-key', 'content-type': 'application/json' },
      body: JSON.stringify({ order }),
    });
    expect(unknownKey.status).toBe(401);

    const body = JSON.stringify({
      id: `${stack.target.name.replace(/\W+/g, '-')}-1`,
      type: 'review.submitted',
      data: { reviewId: 'r-edge-1', productId: 'p-1', userId: 'u-1', rating: 5, body: 'Light and grippy.' },
    });
    const webhook = await fetch(`${edge}/webhooks/generic/${TENANT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-ShopMind-Signature': sign.hex(WEBHOOK_SECRET, body) },
      body,
    });
    expect([webhook.status, await webhook.json()]).toEqual([
      200,
      expect.objectContaining({ status: 'published' }),
    ]);
    expect(stack.edge!.output.filter((l) => /permissions violation/i.test(l))).toEqual([]);
  }, 60_000);

  it('provisions the streams with the replicas the target configures, and the doctor finds nothing wrong', async () => {
    const replicas = Number(stack.target.provision.env.SHOPMIND_STREAM_REPLICAS ?? 1);
    expect(replicas).toBe(stack.target.nats.length);
    const nc = await connect({ servers: stack.natsUrl, user: 'admin', pass: secrets.NATS_ADMIN_PASSWORD! });
    try {
      const jsm = await jetstreamManager(nc);
      for (const stream of ['SHOP_EVENTS', 'AI_RESULTS', 'DEAD_LETTERS'])
        expect([stream, (await jsm.streams.info(stream)).config.num_replicas]).toEqual([stream, replicas]);
    } finally {
      await nc.close();
    }
    const redisUrl = new URL(stack.redisUrl);
    redisUrl.password = secrets.REDIS_PASSWORD!;
    const doctor = await cli(stack, ['doctor', '--redis-url', redisUrl.toString()]);
    expect({ code: doctor.code, out: doctor.out, err: doctor.err }).toMatchObject({ code: 0, err: '' });
  }, 60_000);

  it('exports telemetry where the target configures a collector', async () => {
    const configured = stack.target.services.every((s) => s.env.OTEL_EXPORTER_OTLP_ENDPOINT);
    if (!configured) {
      expect(stack.exports.size).toBe(0);
      return;
    }
    await eventually(() => (stack.exports.get('/v1/traces') ?? 0) > 0, {
      timeoutMs: 30_000,
      what: 'traces exported to the collector',
    });
  }, 60_000);
});
