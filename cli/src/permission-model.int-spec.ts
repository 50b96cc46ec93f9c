// The CLI on a nats-server running the shipped configuration (deploy/nats/nats.conf + auth.conf)
// with the permission model on: operators act as `admin`, a shop with the nkey `tenant add` gave it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, toJson } from '@bufbuild/protobuf';
import { jetstream } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { BUS_HEADERS } from '@shopmind/bus';
import { encodeMessage, Events, Queries, ReviewSummaryReplySchema } from '@shopmind/contracts';
import { aReview, repoRoot, startNatsServer, type LocalNatsServer } from '@shopmind/testing';
import { captureIo, type CapturedIo } from './capture-io.js';
import { generateDevSecrets } from './commands/secrets.js';
import { runCli } from './run-cli.js';

let server: LocalNatsServer;
let admin: NatsConnection;
let dir: string;
const secrets = generateDevSecrets();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-permissions-'));
  writeFileSync(join(dir, 'auth.conf'), readFileSync(join(repoRoot(), 'deploy/nats/auth.conf'), 'utf8'));
  for (const shop of ['acme', 'globex'])
    expect(await runCli(['tenant', 'add', shop, '--config', 'auth.conf'], captureIo({ cwd: dir }))).toBe(0);
  server = await startNatsServer({
    config: readFileSync(join(repoRoot(), 'deploy/nats/nats.conf'), 'utf8'),
    files: { 'auth.conf': readFileSync(join(dir, 'auth.conf'), 'utf8') },
    env: secrets,
  });
  admin = await connect({ servers: server.url, user: 'admin', pass: secrets.NATS_ADMIN_PASSWORD });
});

afterAll(async () => {
  await admin?.drain();
  await server?.stop();
});

const as = {
  admin: ['--user', 'admin', '--password', secrets.NATS_ADMIN_PASSWORD!],
  acme: ['--nkey', 'acme.nk', '--tenant', 'acme'],
};

async function cli(args: string[]): Promise<{ code: number; io: CapturedIo }> {
  const io = captureIo({ cwd: dir });
  return { code: await runCli([...args, '--nats-url', server.url], io), io };
}

describe('the CLI with the permission model on', () => {
  it('only admin provisions: anonymous cannot connect, a service user may not create streams', async () => {
    const anonymous = await cli(['provision']);
    expect(anonymous.code).toBe(3);
    expect(anonymous.io.stderr.join('\n')).toMatch(/cannot connect to NATS.*(authorization|auth)/i);
    const service = await cli([
      'provision',
      '--user',
      'review-sentiment',
      '--password',
      secrets.NATS_REVIEW_SENTIMENT_PASSWORD!,
    ]);
    expect(service.code).toBe(1);
    expect((await cli(['provision', ...as.admin])).code).toBe(0);
    const doctor = await cli(['doctor', ...as.admin, '--json', '--redis-url', 'redis://127.0.0.1:1']);
    const streams = doctor.io
      .json<{ checks: { check: string; status: string }[] }>()[0]!
      .checks.filter((c) => c.check.startsWith('stream '));
    expect(streams.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it("a shop publishes its own events and asks its own queries with its nkey, and nothing of another shop's", async () => {
    expect((await cli(['provision', ...as.admin])).code).toBe(0);
    writeFileSync(
      join(dir, 'acme.json'),
      JSON.stringify(toJson(Events.reviewSubmitted.schema, aReview('acme'))),
    );
    writeFileSync(
      join(dir, 'globex.json'),
      JSON.stringify(toJson(Events.reviewSubmitted.schema, aReview('globex'))),
    );
    const own = await cli(['publish', 'shop.acme.review.submitted', 'acme.json', ...as.acme, '--json']);
    expect(own.io.stderr).toEqual([]);
    expect(own.io.json()[0]).toMatchObject({ stream: 'SHOP_EVENTS' });
    const other = await cli(['publish', 'shop.globex.review.submitted', 'globex.json', ...as.acme]);
    expect(other.code).toBe(1);
    expect(other.io.stderr.join('\n')).toMatch(/permission/i);

    // A responder as the service would answer (admin here: any user may answer in this test).
    const sub = admin.subscribe(Queries.reviewSummary.filter, { max: 1 });
    void (async () => {
      for await (const m of sub) {
        const reply = create(ReviewSummaryReplySchema, {
          meta: { requestId: 'r' },
          productId: 'p-1',
          reviewCount: 1,
        });
        const h = natsHeaders();
        h.set('content-type', 'application/json');
        m.respond(encodeMessage(ReviewSummaryReplySchema, reply, 'json').data, { headers: h });
      }
    })();
    await admin.flush();
    const asked = await cli(['ask', 'summary', '--product', 'p-1', ...as.acme, '--json']);
    expect(asked.io.stderr).toEqual([]);
    expect(asked.io.json()[0]).toMatchObject({ reply: { productId: 'p-1', reviewCount: 1 } });
  });

  it('admin lists and replays dead letters', async () => {
    expect((await cli(['provision', ...as.admin])).code).toBe(0);
    const h = natsHeaders();
    h.set('content-type', 'application/json');
    h.set(BUS_HEADERS.dlqReason, 'permanent: test');
    h.set(BUS_HEADERS.dlqOriginalSubject, 'shop.acme.review.submitted');
    const body = encodeMessage(Events.reviewSubmitted.schema, aReview('acme'), 'json').data;
    await jetstream(admin).publish('dlq.review-sentiment.shop.acme.review.submitted', body, { headers: h });
    const listed = await cli(['dlq', 'list', ...as.admin, '--json', '--reason', 'permanent: test']);
    expect(listed.io.json()).toHaveLength(1);
    const replayed = await cli(['dlq', 'replay', ...as.admin, '--reason', 'permanent: test', '--json']);
    expect(replayed.code).toBe(0);
    expect(replayed.io.json()[0]).toMatchObject({ replayed: 1, failed: 0 });
  });
});
