// Start as shipped: each deployment target — compose core, compose with the observability overlay,
// kustomize dev and production — run on this machine from its own files. The servers get the
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
import { captureIo, generateDevSecrets, runCli } from '@shopmind/cli';
import { eventually } from '@shopmind/testing';
import { ShippedStack } from './shipped-stack.js';
import { composeTarget, kustomizeTarget, type ShippedTarget } from './shipped-targets.js';

const secrets = generateDevSecrets();
const TENANT = 'shipped';

/** One query per service, through the ops CLI as `admin`: the reply must not be an error. */
const queries: Record<string, string[]> = {
  'review-sentiment': ['summary', '--product', 'p-1'],
  'product-copy': ['copy', '--product', 'p-1', '--channel', 'web'],
  'knowledge-graph': ['graph', '--product', 'p-1'],
  'fraud-detection': [
    'fraud',
    '--data',
    JSON.stringify({
      order: {
        orderId: 'o-1',
        userId: 'u-1',
        currency: 'EUR',
        items: [{ productId: 'p-1', quantity: 1, unitPrice: { currency: 'EUR', amountMinor: 3499 } }],
        totals: { total: { currency: 'EUR', amountMinor: 3499 } },
        paymentMethod: 'PAYMENT_METHOD_CARD',
        card: { bin: '424242', last4: '4242', fingerprint: 'fp-1' },
        ip: '203.0.113.7',
        email: 'alex@example.com',
      },
    }),
  ],
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

const targets: (() => ShippedTarget)[] = [
  () => composeTarget('compose core', ['docker-compose.yml'], secrets),
  () =>
    composeTarget(
      'compose with the observability overlay',
      ['docker-compose.yml', 'docker-compose.observability.yml'],
      secrets,
    ),
  () => kustomizeTarget('kustomize dev', 'deploy/k8s/overlays/dev', secrets),
  () => kustomizeTarget('kustomize production', 'deploy/k8s/overlays/production', secrets),
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
