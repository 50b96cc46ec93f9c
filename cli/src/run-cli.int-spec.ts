// The ops CLI against a real nats-server and Redis, run in-process through runCli: each test in its
// own subject namespace (--prefix), as an operator would use it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, toJson } from '@bufbuild/protobuf';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { BUS_HEADERS } from '@shopmind/bus';
import {
  consumerName,
  decodeMessage,
  encodeMessage,
  ErrorReplySchema,
  Events,
  prefixStream,
  prefixSubject,
  Queries,
  ReviewSummaryReplySchema,
  ServiceCatalogue,
  Streams,
} from '@shopmind/contracts';
import {
  aReview,
  aReviewAnalysed,
  eventually,
  provisionNamespace,
  startInfra,
  uniqueName,
  type Infra,
} from '@shopmind/testing';
import { captureIo, type CapturedIo } from './capture-io.js';
import { runCli } from './run-cli.js';

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'cli-spec' });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await nc?.drain();
  await infra?.stop();
});

const newPrefix = () =>
  uniqueName('cli')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** runCli against the test servers in namespace `prefix`. */
async function cli(
  prefix: string,
  args: string[],
  io: CapturedIo = captureIo(),
): Promise<{ code: number; io: CapturedIo }> {
  const code = await runCli(
    [...args, '--nats-url', infra.natsUrl, '--redis-url', infra.redisUrl, '--prefix', prefix],
    io,
  );
  return { code, io };
}

const reviewJson = (tenant: string, rating = 4) =>
  toJson(Events.reviewSubmitted.schema, aReview(tenant, { rating }));

describe('provision and doctor', () => {
  it('doctor names each missing stream with its fix, exit 1; after provision and the consumers, exit 0', async () => {
    const prefix = newPrefix();
    const before = await cli(prefix, ['doctor', '--json']);
    expect(before.code).toBe(1);
    const report = before.io.json<{
      ok: boolean;
      checks: { check: string; status: string; fix?: string }[];
    }>()[0]!;
    const missing = report.checks.filter((c) => c.check.startsWith('stream ') && c.status === 'problem');
    expect(missing.map((c) => c.check).sort()).toEqual(
      ['AI_RESULTS', 'DEAD_LETTERS', 'SHOP_EVENTS'].map((s) => `stream ${prefixStream(prefix, s)}`).sort(),
    );
    for (const c of missing) expect(c.fix).toBe('run `shopmind provision`');

    const provisioned = await cli(prefix, ['provision', '--json']);
    expect(provisioned.code).toBe(0);
    expect(provisioned.io.json<{ streams: { action: string }[] }>()[0]!.streams.map((s) => s.action)).toEqual(
      ['created', 'created', 'created'],
    );
    const again = await cli(prefix, ['provision']);
    expect(again.code).toBe(0);
    expect(again.io.stdout.join('\n')).toMatch(/SHOP_EVENTS\s+unchanged/);

    // Streams there, no service started yet: every service's consumers are missing.
    const noServices = await cli(prefix, ['doctor']);
    expect(noServices.code).toBe(1);
    expect(noServices.io.stdout.join('\n')).toContain(
      `consumer ${consumerName('review-sentiment', Events.reviewSubmitted)}: missing`,
    );

    // What the services create at start-up.
    for (const service of Object.values(ServiceCatalogue)) {
      for (const def of service.consumes) {
        await jsm.consumers.add(prefixStream(prefix, def.stream), {
          durable_name: consumerName(service.name, def),
          filter_subject: prefixSubject(prefix, def.filter),
          ack_policy: AckPolicy.Explicit,
        });
      }
    }
    const clean = await cli(prefix, ['doctor']);
    expect(clean.io.stdout.join('\n')).toMatch(/no problems found/);
    expect(clean.code).toBe(0);
  });

  it('doctor reports a stream that lacks a consumed subject, lag above --max-lag and dead letters', async () => {
    const prefix = await provisionNamespace(infra.natsUrl, newPrefix());
    const shop = prefixStream(prefix, Streams.shopEvents.name);
    const info = await jsm.streams.info(shop);
    await jsm.streams.update(shop, {
      ...info.config,
      subjects: info.config.subjects!.filter((s) => !s.endsWith('review.submitted')),
    });
    const durable = consumerName('fraud-detection', Events.orderPlaced);
    await jsm.consumers.add(shop, {
      durable_name: durable,
      filter_subject: prefixSubject(prefix, Events.orderPlaced.filter),
      ack_policy: AckPolicy.Explicit,
    });
    const js = jetstream(nc);
    for (let i = 0; i < 3; i++) await js.publish(prefixSubject(prefix, 'shop.acme.order.placed'), '{}');
    await js.publish(prefixSubject(prefix, 'dlq.product-copy.shop.acme.catalog.product_upserted'), '{}');

    const { code, io } = await cli(prefix, ['doctor', '--max-lag', '2']);
    expect(code).toBe(1);
    const text = io.stdout.join('\n');
    expect(text).toContain(`does not capture ${prefix}.shop.*.review.submitted`);
    expect(text).toContain(`consumer ${durable}: 3 message(s) not yet delivered (more than 2)`);
    expect(text).toMatch(/dead letters: 1 \(product-copy: 1\)\n\s+→ inspect with `shopmind dlq list`/);
  });

  it('doctor and provision exit as documented when NATS cannot be reached', async () => {
    const provision = captureIo();
    expect(await runCli(['provision', '--nats-url', 'nats://127.0.0.1:1'], provision)).toBe(3);
    expect(provision.stderr.join('\n')).toMatch(/cannot connect to NATS/);
  });
});

/** A dead letter as the bus writes it (libs/bus dead-letter.ts). */
async function deadLetter(
  prefix: string,
  service: string,
  original: string,
  reason: string,
  data: Uint8Array,
) {
  const h = natsHeaders();
  h.set('content-type', 'application/json');
  h.set('x-shop-trace', `t-${original}`);
  h.set(BUS_HEADERS.dlqReason, reason);
  h.set(BUS_HEADERS.dlqDeliveryCount, '5');
  h.set(BUS_HEADERS.dlqOriginalSubject, original);
  h.set(BUS_HEADERS.dlqStream, 'SHOP_EVENTS');
  h.set(BUS_HEADERS.dlqStreamSequence, '42');
  h.set(BUS_HEADERS.dlqConsumer, `${service}__x`);
  return jetstream(nc).publish(prefixSubject(prefix, `dlq.${service}.${original}`), data, { headers: h });
}

describe('dlq', () => {
  it('lists, shows, replays (dry run first) and purges dead letters by filter', async () => {
    const prefix = await provisionNamespace(infra.natsUrl, newPrefix());
    const review = (t: string, rating: number) =>
      new TextEncoder().encode(JSON.stringify(reviewJson(t, rating)));
    const first = await deadLetter(
      prefix,
      'review-sentiment',
      'shop.acme.review.submitted',
      'permanent: rating out of range',
      review('acme', 2),
    );
    await deadLetter(
      prefix,
      'review-sentiment',
      'shop.globex.review.submitted',
      'transient: redis down',
      review('globex', 5),
    );
    await deadLetter(
      prefix,
      'fraud-detection',
      'shop.acme.review.submitted',
      'permanent: bad order',
      review('acme', 1),
    );
    const shop = prefixStream(prefix, Streams.shopEvents.name);
    const dlq = prefixStream(prefix, Streams.deadLetters.name);

    const all = await cli(prefix, ['dlq', 'list', '--json']);
    expect(all.code).toBe(0);
    expect(all.io.json().map((r) => [r['service'], r['originalSubject']])).toEqual([
      ['review-sentiment', 'shop.acme.review.submitted'],
      ['review-sentiment', 'shop.globex.review.submitted'],
      ['fraud-detection', 'shop.acme.review.submitted'],
    ]);
    expect(
      (await cli(prefix, ['dlq', 'list', '--json', '--reason', 'REDIS'])).io.json().map((r) => r['seq']),
    ).toEqual([2]);
    expect(
      (
        await cli(prefix, [
          'dlq',
          'list',
          '--json',
          '--subject',
          'shop.acme.>',
          '--service',
          'review-sentiment',
        ])
      ).io.json(),
    ).toHaveLength(1);

    const shown = await cli(prefix, ['dlq', 'show', String(first.seq), '--json']);
    const letter = shown.io.json()[0]!;
    expect(letter['reason']).toBe('permanent: rating out of range');
    expect(letter['deliveryCount']).toBe(5);
    expect((letter['data'] as { rating: number }).rating).toBe(2);

    const dry = await cli(prefix, ['dlq', 'replay', '--service', 'review-sentiment', '--dry-run', '--json']);
    expect(dry.io.json()[0]).toMatchObject({ dryRun: true, matched: 2, replayed: 0 });
    expect((await jsm.streams.info(shop)).state.messages).toBe(0);

    const replayed = await cli(prefix, ['dlq', 'replay', '--service', 'review-sentiment', '--json']);
    expect(replayed.code).toBe(0);
    expect(replayed.io.json()[0]).toMatchObject({ matched: 2, replayed: 2, failed: 0 });
    const stored = await jsm.streams.getMessage(shop, { seq: 1 });
    expect(stored!.subject).toBe(prefixSubject(prefix, 'shop.acme.review.submitted'));
    expect(stored!.header.get('x-shop-trace')).toBe('t-shop.acme.review.submitted');
    expect(stored!.header.get('content-type')).toBe('application/json');
    expect([...stored!.header.keys()].filter((k) => k.startsWith('Shopmind-Dlq'))).toEqual([]);
    expect(decodeMessage(Events.reviewSubmitted.schema, stored!.data, 'application/json').rating).toBe(2);
    // The same replay again is de-duplicated by the stream.
    await cli(prefix, ['dlq', 'replay', '--service', 'review-sentiment']);
    expect((await jsm.streams.info(shop)).state.messages).toBe(2);

    const dryPurge = await cli(prefix, ['dlq', 'purge', '--service', 'fraud-detection']);
    expect(dryPurge.io.stdout.join('\n')).toMatch(/dry run: 1 dead letter\(s\) would be deleted; add --yes/);
    expect((await jsm.streams.info(dlq)).state.messages).toBe(3);
    const purged = await cli(prefix, ['dlq', 'purge', '--service', 'fraud-detection', '--yes', '--json']);
    expect(purged.io.json()[0]).toMatchObject({ matched: 1, deleted: 1 });
    expect((await jsm.streams.info(dlq)).state.messages).toBe(2);
  });
});

describe('tail, publish, replay', () => {
  it('tail decodes what passes on the pattern and stops after --count', async () => {
    const prefix = await provisionNamespace(infra.natsUrl, newPrefix());
    const io = captureIo();
    const running = cli(prefix, ['tail', 'ai.acme.>', '--count', '1', '--json'], io);
    await eventually(() => io.stderr.some((l) => l.startsWith('listening on ai.acme.>')), {
      what: 'tail to subscribe',
    });
    const analysed = aReviewAnalysed({ envelope: { tenantId: 'acme' } });
    const { data, contentType } = encodeMessage(Events.reviewAnalysed.schema, analysed, 'protobuf');
    const h = natsHeaders();
    h.set('content-type', contentType);
    await jetstream(nc).publish(prefixSubject(prefix, 'ai.acme.review.analysed'), data, { headers: h });
    const { code } = await running;
    expect(code).toBe(0);
    const [line] = io.json();
    expect(line).toMatchObject({
      subject: 'ai.acme.review.analysed',
      type: 'shopmind.review.v1.ReviewAnalysed',
    });
    expect(line!['data']).toEqual(toJson(Events.reviewAnalysed.schema, analysed));
  });

  it('publish validates against the contract, prints the stream sequence, and refuses invalid data', async () => {
    const prefix = await provisionNamespace(infra.natsUrl, newPrefix());
    const dir = mkdtempSync(join(tmpdir(), 'cli-publish-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(reviewJson('acme')));
    const ok = await cli(prefix, ['publish', 'shop.acme.review.submitted', join(dir, 'ok.json'), '--json']);
    expect(ok.code).toBe(0);
    expect(ok.io.json()[0]).toMatchObject({ stream: prefixStream(prefix, 'SHOP_EVENTS'), seq: 1 });

    const fromStdin = await cli(
      prefix,
      ['publish', 'shop.acme.review.submitted', '-'],
      captureIo({ stdin: JSON.stringify(reviewJson('acme', 5)) }),
    );
    expect(fromStdin.io.stderr).toEqual([]);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.io.stdout.join('')).toMatch(/#2$/);

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...(reviewJson('acme') as object), rating: 9 }));
    const bad = await cli(prefix, ['publish', 'shop.acme.review.submitted', join(dir, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.io.stderr.join('\n')).toMatch(/invalid review.submitted event: .*rating/);
    const otherShop = await cli(prefix, ['publish', 'shop.globex.review.submitted', join(dir, 'ok.json')]);
    expect(otherShop.code).toBe(1);
    expect(otherShop.io.stderr.join('\n')).toMatch(/does not match subject tenant/);
    expect((await cli(prefix, ['publish', 'shop.acme.review.deleted', join(dir, 'ok.json')])).code).toBe(2);
    expect((await jsm.streams.info(prefixStream(prefix, 'SHOP_EVENTS'))).state.messages).toBe(2);
  });

  it('replay publishes a JSON Lines file at a rate and counts what failed', async () => {
    const prefix = await provisionNamespace(infra.natsUrl, newPrefix());
    const dir = mkdtempSync(join(tmpdir(), 'cli-replay-'));
    const lines = [1, 2, 3, 4].map((r) =>
      JSON.stringify({ subject: 'shop.acme.review.submitted', data: reviewJson('acme', r) }),
    );
    lines.splice(
      2,
      0,
      JSON.stringify({ subject: 'shop.acme.review.submitted', data: { rating: 3 } }),
      'not json',
    );
    writeFileSync(join(dir, 'events.jsonl'), `${lines.join('\n')}\n`);
    const { code, io } = await cli(prefix, ['replay', join(dir, 'events.jsonl'), '--rate', '200', '--json']);
    expect(code).toBe(1);
    const summary = io.json()[0]!;
    expect(summary).toMatchObject({ published: 4, failed: 2 });
    expect((summary['errors'] as { line: number }[]).map((e) => e.line)).toEqual([3, 4]);
    const shop = prefixStream(prefix, 'SHOP_EVENTS');
    expect((await jsm.streams.info(shop)).state.messages).toBe(4);

    writeFileSync(join(dir, 'good.jsonl'), lines.filter((_, i) => i !== 2 && i !== 3).join('\n'));
    const good = await cli(prefix, ['replay', join(dir, 'good.jsonl')]);
    expect(good.code).toBe(0);
    expect(good.io.stdout.join('\n')).toMatch(/published 4, failed 0/);
  });
});

describe('ask', () => {
  it('sends the request built from the flags and prints the reply; an error reply exits 1', async () => {
    const prefix = newPrefix();
    const requests: unknown[] = [];
    const sub = nc.subscribe(prefixSubject(prefix, Queries.reviewSummary.filter));
    void (async () => {
      for await (const m of sub) {
        const req = decodeMessage(Queries.reviewSummary.request, m.data, m.headers?.get('content-type'));
        requests.push(toJson(Queries.reviewSummary.request, req));
        const h = natsHeaders();
        h.set('content-type', 'application/json');
        if (req.productId === 'missing') {
          h.set(BUS_HEADERS.error, 'not_found');
          const err = create(ErrorReplySchema, {
            requestId: req.meta!.requestId,
            code: 'not_found',
            message: 'no reviews',
          });
          m.respond(encodeMessage(ErrorReplySchema, err, 'json').data, { headers: h });
          continue;
        }
        const reply = create(ReviewSummaryReplySchema, {
          meta: { requestId: req.meta!.requestId },
          productId: req.productId,
          reviewCount: 3,
          averageRating: 4.5,
        });
        m.respond(encodeMessage(ReviewSummaryReplySchema, reply, 'json').data, { headers: h });
      }
    })();
    await nc.flush();

    const ok = await cli(prefix, [
      'ask',
      'summary',
      '--tenant',
      'acme',
      '--product',
      'p-1',
      '--max-quotes',
      '2',
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.io.json()[0]).toMatchObject({
      subject: 'q.acme.reviews.summary',
      reply: { productId: 'p-1', reviewCount: 3, averageRating: 4.5 },
    });
    expect(requests[0]).toMatchObject({ meta: { tenantId: 'acme' }, productId: 'p-1', maxQuotes: 2 });

    const notFound = await cli(prefix, ['ask', 'summary', '--tenant', 'acme', '--product', 'missing']);
    expect(notFound.code).toBe(1);
    expect(notFound.io.stderr.join('\n')).toMatch(/not_found/);
    sub.unsubscribe();

    const nobody = await cli(prefix, ['ask', 'top-k', '--tenant', 'acme', '--user-id', 'u-1']);
    expect(nobody.code).toBe(1);
    expect(nobody.io.stderr.join('\n')).toMatch(/no service answers q\.acme\.recommendation\.top_k/);
    const invalid = await cli(prefix, ['ask', 'summary', '--tenant', 'acme']);
    expect(invalid.code).toBe(1);
    expect(invalid.io.stderr.join('\n')).toMatch(/invalid reviews.summary request: .*product_id/);
  });
});
