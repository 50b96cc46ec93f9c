// The permission model (docs/decisions/permission-model.md) on a real nats-server running the
// shipped deploy/nats/nats.conf with the generated auth.conf: nobody anonymous, each service only
// its own subjects and consumers, each shop only its own events, queries and results, the edge.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import {
  connect,
  nkeyAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node';
import { EDGE_INBOX_PREFIX, serviceInboxPrefix, tenantConsumerNames, tenantInboxPrefix } from '@shopmind/bus';
import { consumerName, Events } from '@shopmind/contracts';
import { eventually, provisionNamespace } from '@shopmind/testing';
import { startShippedNats, type NatsAuthFixture } from './nats-auth-fixture.js';

const A = 'shop-a';
const B = 'shop-b';
const SERVICE = 'review-sentiment';

interface Client {
  nc: NatsConnection;
  /** Errors the server reported on this connection (permission violations). */
  errors: string[];
}

const clients: Client[] = [];

async function client(options: NodeConnectionOptions): Promise<Client> {
  const nc = await connect(options);
  const c: Client = { nc, errors: [] };
  void (async () => {
    for await (const s of nc.status()) if (s.type === 'error') c.errors.push(String(s.error));
  })();
  clients.push(c);
  return c;
}

/** Publishes on `subject` and waits for the server's permissions violation naming it. */
async function expectPublishDenied(c: Client, subject: string): Promise<void> {
  c.nc.publish(subject, 'x');
  await c.nc.flush();
  await eventually(() => c.errors.some((e) => /permissions violation/i.test(e) && e.includes(subject)), {
    what: `a permissions violation for publishing ${subject}`,
  });
}

/** Subscribes to `subject` and expects the server to refuse it. */
async function expectSubscribeDenied(c: Client, subject: string): Promise<void> {
  const sub = c.nc.subscribe(subject);
  const closed = await sub.closed;
  expect(String(closed)).toMatch(/permissions violation/i);
}

let fx: NatsAuthFixture;
let url: string;

const asService = (service: string) =>
  client({
    servers: url,
    user: service,
    pass: fx.password(service),
    inboxPrefix: serviceInboxPrefix(service),
  });
const asTenant = (tenant: string) =>
  client({
    servers: url,
    authenticator: nkeyAuthenticator(new TextEncoder().encode(fx.tenants[tenant]!.seed)),
    inboxPrefix: tenantInboxPrefix(tenant),
  });

beforeAll(async () => {
  fx = await startShippedNats([A, B]);
  url = fx.server.url;
  await provisionNamespace(url, '', { user: 'admin', password: fx.password('admin') });
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.nc.close().catch(() => undefined);
  await fx?.server.stop();
});

describe('the shipped NATS configuration', () => {
  it('refuses anonymous connections and wrong passwords', async () => {
    await expect(connect({ servers: url, reconnect: false })).rejects.toThrow(/authorization violation/i);
    await expect(connect({ servers: url, user: SERVICE, pass: 'wrong', reconnect: false })).rejects.toThrow(
      /authorization violation/i,
    );
  });

  it('lets the admin provision the streams (done in beforeAll) and read them', async () => {
    const admin = await client({ servers: url, user: 'admin', pass: fx.password('admin') });
    const jsm = await jetstreamManager(admin.nc);
    const names: string[] = [];
    for await (const s of jsm.streams.list()) names.push(s.config.name);
    expect(names.sort()).toEqual(['AI_RESULTS', 'DEAD_LETTERS', 'SHOP_EVENTS']);
  });
});

describe('a service user (review-sentiment)', () => {
  let svc: Client;
  let jsm: JetStreamManager;
  beforeAll(async () => {
    svc = await asService(SERVICE);
    jsm = await jetstreamManager(svc.nc);
  });

  it('binds its consumer, pulls and acks an event a shop published, and publishes its result', async () => {
    const durable = consumerName(SERVICE, Events.reviewSubmitted);
    await jsm.consumers.add('SHOP_EVENTS', {
      durable_name: durable,
      filter_subject: Events.reviewSubmitted.filter,
      ack_policy: AckPolicy.Explicit,
    });
    const shop = await asTenant(A);
    const ack = await jetstream(shop.nc).publish(Events.reviewSubmitted.subject(A), '{}');
    expect(ack.stream).toBe('SHOP_EVENTS');
    const consumer = await jetstream(svc.nc).consumers.get('SHOP_EVENTS', durable);
    const m = await consumer.next({ expires: 5000 });
    expect(m?.subject).toBe(Events.reviewSubmitted.subject(A));
    expect(await m!.ackAck()).toBe(true);
    const result = await jetstream(svc.nc).publish(Events.reviewAnalysed.subject(A), '{}');
    expect(result.stream).toBe('AI_RESULTS');
    expect(svc.errors).toEqual([]);
  });

  it('answers its own query for a shop', async () => {
    const sub = svc.nc.subscribe('q.*.reviews.summary', {
      queue: SERVICE,
      callback: (_err, msg) => void msg.respond('summary'),
    });
    await svc.nc.flush();
    const shop = await asTenant(A);
    const reply = await shop.nc.request(`q.${A}.reviews.summary`, '{}', { timeout: 5000 });
    expect(reply.string()).toBe('summary');
    sub.unsubscribe();
  });

  it("cannot publish another service's results or subscribe to subjects it does not use", async () => {
    await expectPublishDenied(svc, Events.copyGenerated.subject(A));
    await expectPublishDenied(svc, Events.orderScored.subject(B));
    await expectPublishDenied(svc, Events.reviewSubmitted.subject(A));
    await expectSubscribeDenied(svc, 'ai.>');
    await expectSubscribeDenied(svc, 'shop.*.review.submitted');
    await expectSubscribeDenied(svc, '_INBOX.>');
  });

  it('cannot update or delete a stream, nor touch another service consumer', async () => {
    await expect(jsm.streams.delete('SHOP_EVENTS')).rejects.toThrow(/permissions violation/i);
    await expect(jsm.streams.update('AI_RESULTS', { subjects: ['ai.>', 'x.>'] })).rejects.toThrow(
      /permissions violation/i,
    );
    await expect(
      jsm.consumers.info('SHOP_EVENTS', consumerName('fraud-detection', Events.orderPlaced)),
    ).rejects.toThrow(/permissions violation/i);
  });
});

describe('shops (tenants) with nkeys', () => {
  let a: Client;
  let b: Client;
  let svc: Client;
  beforeAll(async () => {
    a = await asTenant(A);
    b = await asTenant(B);
    svc = await asService(SERVICE);
  });

  it('publish their own events with a pub ack, not another shop’s', async () => {
    const ack = await jetstream(a.nc).publish(Events.productUpserted.subject(A), '{}');
    expect(ack.stream).toBe('SHOP_EVENTS');
    await expectPublishDenied(a, Events.productUpserted.subject(B));
  });

  it('ask their own queries, not another shop’s', async () => {
    const sub = svc.nc.subscribe('q.*.reviews.summary', {
      queue: SERVICE,
      callback: (_e, m) => void m.respond('ok'),
    });
    await svc.nc.flush();
    expect((await a.nc.request(`q.${A}.reviews.summary`, '{}', { timeout: 5000 })).string()).toBe('ok');
    await expect(a.nc.request(`q.${B}.reviews.summary`, '{}', { timeout: 5000 })).rejects.toThrow(
      /permissions violation/i,
    );
    sub.unsubscribe();
  });

  it('read their results through their own filtered consumer; another shop can neither create, inspect nor pull it', async () => {
    const jsmA = await jetstreamManager(a.nc);
    const [own] = tenantConsumerNames(A);
    await jsmA.consumers.add('AI_RESULTS', {
      durable_name: own,
      filter_subject: `ai.${A}.>`,
      ack_policy: AckPolicy.Explicit,
    });
    await jetstream(svc.nc).publish(Events.reviewAnalysed.subject(A), 'for-a');
    await jetstream(svc.nc).publish(Events.reviewAnalysed.subject(B), 'for-b');
    const m = await (await jetstream(a.nc).consumers.get('AI_RESULTS', own)).next({ expires: 5000 });
    expect(m?.subject).toBe(Events.reviewAnalysed.subject(A));
    m!.ack();

    const jsmB = await jetstreamManager(b.nc);
    const [ownB] = tenantConsumerNames(B);
    await expect(
      jsmB.consumers.add('AI_RESULTS', {
        durable_name: ownB,
        filter_subject: `ai.${A}.>`,
        ack_policy: AckPolicy.Explicit,
      }),
    ).rejects.toThrow(/permissions violation/i);
    await expect(jsmB.consumers.info('AI_RESULTS', own!)).rejects.toThrow(/permissions violation/i);
    await expect(
      b.nc.request(`$JS.API.CONSUMER.MSG.NEXT.AI_RESULTS.${own}`, JSON.stringify({ batch: 1 }), {
        timeout: 5000,
      }),
    ).rejects.toThrow(/permissions violation/i);
    await expectSubscribeDenied(b, `ai.${A}.>`);
  });

  it('cannot create a consumer with another name, without the filter, or with a filter other than the one in the subject', async () => {
    const jsmA = await jetstreamManager(a.nc);
    await expect(
      jsmA.consumers.add('AI_RESULTS', {
        durable_name: 'other',
        filter_subject: `ai.${A}.>`,
        ack_policy: AckPolicy.Explicit,
      }),
    ).rejects.toThrow(/permissions violation/i);
    await expect(
      jsmA.consumers.add('AI_RESULTS', { durable_name: `${A}_1`, ack_policy: AckPolicy.Explicit }),
    ).rejects.toThrow(/permissions violation/i);
    // The subject names A's filter, the configuration B's: nats-server refuses the mismatch.
    const reply = await a.nc.request(
      `$JS.API.CONSUMER.CREATE.AI_RESULTS.${A}_2.ai.${A}.>`,
      JSON.stringify({
        stream_name: 'AI_RESULTS',
        config: {
          durable_name: `${A}_2`,
          name: `${A}_2`,
          filter_subject: `ai.${B}.>`,
          ack_policy: 'explicit',
        },
      }),
      { timeout: 5000 },
    );
    expect((reply.json() as { error?: { code: number } }).error?.code).toBe(400);
  });
});

describe('the edge user', () => {
  it('publishes any shop’s events, asks queries and reads the live feed; publishes no results', async () => {
    const edge = await client({
      servers: url,
      user: 'edge',
      pass: fx.password('edge'),
      inboxPrefix: EDGE_INBOX_PREFIX,
    });
    const feed = edge.nc.subscribe('ai.*.>', { max: 1 });
    await edge.nc.flush();
    expect((await jetstream(edge.nc).publish(Events.orderPlaced.subject(B), '{}')).stream).toBe(
      'SHOP_EVENTS',
    );
    const svc = await asService(SERVICE);
    await jetstream(svc.nc).publish(Events.reviewAnalysed.subject(B), 'live');
    for await (const m of feed) expect(m.subject).toBe(Events.reviewAnalysed.subject(B));
    await expectPublishDenied(edge, Events.reviewAnalysed.subject(B));
    await expectSubscribeDenied(edge, `${serviceInboxPrefix(SERVICE)}.>`);
  });
});

const run = promisify(execFile);

describe('TLS', () => {
  let dir: string;
  let tlsFx: NatsAuthFixture;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shopmind-nats-tls-'));
    const f = (name: string) => join(dir, name);
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=ShopMind test CA',
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.crt'),
    ]);
    await run('openssl', [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      f('server.key'),
      '-out',
      f('server.csr'),
    ]);
    writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      f('server.csr'),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      f('san.ext'),
      '-out',
      f('server.crt'),
    ]);
    tlsFx = await startShippedNats(
      [],
      `tls {\n  cert_file: ${JSON.stringify(f('server.crt'))}\n  key_file: ${JSON.stringify(f('server.key'))}\n}`,
    );
  }, 60_000);

  afterAll(async () => {
    await tlsFx?.server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a tls:// client that trusts the CA and refuses one that does not', async () => {
    const tlsUrl = tlsFx.server.url.replace('nats://', 'tls://');
    const nc = await connect({
      servers: tlsUrl,
      user: 'admin',
      pass: tlsFx.password('admin'),
      tls: { caFile: join(dir, 'ca.crt') },
    });
    expect(nc.info?.tls_required).toBe(true);
    await nc.close();
    await expect(
      connect({ servers: tlsUrl, user: 'admin', pass: tlsFx.password('admin'), tls: {}, reconnect: false }),
    ).rejects.toThrow();
  });
});
