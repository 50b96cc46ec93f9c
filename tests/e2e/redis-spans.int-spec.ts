// What a trace says about Redis when a service handles one event, as deployed (the service its own
// process under register.js): one span per logical Redis operation — a pipeline or a script — not
// one per command, and never the customer's words or ids in a span.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager, jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { consumerName, Events } from '@shopmind/contracts';
import type { SpanRecord } from '@shopmind/telemetry';
import {
  aReviewSubmitted,
  builtFile,
  eventually,
  expectConsumerIdle,
  freePort,
  publishEvent,
  repoRoot,
  startInfra,
  uniqueName,
  uniqueTenant,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';

let infra: Infra;
let nc: NatsConnection;
let service: ChildProcess;
let dir: string;
const prefix = uniqueName('spans')
  .toLowerCase()
  .replace(/[^a-z0-9]/g, '');

beforeAll(async () => {
  infra = await startInfra();
  await provisionNamespace(infra.natsUrl, prefix);
  dir = mkdtempSync(join(tmpdir(), 'shopmind-spans-'));
  const port = await freePort();
  service = spawn(
    process.execPath,
    [
      '--import',
      builtFile('dist/libs/telemetry/src/register.js'),
      builtFile('dist/services/fraud-detection/src/main.js'),
    ],
    {
      cwd: repoRoot(),
      env: {
        PATH: process.env.PATH,
        NATS_URL: infra.natsUrl,
        REDIS_URL: infra.redisUrl,
        HTTP_PORT: String(port),
        SHOPMIND_SUBJECT_PREFIX: prefix,
        SHOPMIND_TELEMETRY_SPAN_FILE: join(dir, 'spans.jsonl'),
        OTEL_SERVICE_NAME: 'fraud-detection',
        LOG_LEVEL: 'error',
      },
      stdio: 'ignore',
    },
  );
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: 'fraud-detection ready',
  });
  nc = await connect({ servers: infra.natsUrl });
}, 90_000);

afterAll(async () => {
  if (service && service.exitCode === null) {
    const exited = new Promise((r) => service.once('exit', r));
    service.kill('SIGTERM');
    await exited;
  }
  await nc?.drain();
  await infra?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Redis in a trace', () => {
  it('shows one span per pipeline or script when fraud-detection handles a review, and no customer data', async () => {
    const tenant = uniqueTenant('spans');
    const userId = uniqueName('reviewer');
    const body = 'Unmistakable words of a customer about a wobbly lid';
    const { seq } = await publishEvent(
      jetstream(nc),
      Events.reviewSubmitted,
      aReviewSubmitted({ envelope: { tenantId: tenant }, userId, body }),
      { prefix, tenant },
    );
    await expectConsumerIdle(
      await jetstreamManager(nc),
      Events.reviewSubmitted.stream,
      consumerName('fraud-detection', Events.reviewSubmitted),
      { prefix, streamSeq: seq },
    );
    const file = join(dir, 'spans.jsonl');
    const spans = await eventually(
      () => {
        if (!existsSync(file)) return undefined;
        const all = readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as SpanRecord);
        const handled = all.find((s) => s.name.endsWith(`${tenant}.review.submitted`) && s.kind !== 3);
        return handled ? all.filter((s) => s.traceId === handled.traceId) : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: 'the review handling trace' },
    );
    const redis = spans.filter((s) => s.attributes['db.system.name'] === 'redis');
    expect(redis.length).toBeGreaterThan(0);
    // Before pipelines were traced as one span, this review gave about 90 Redis spans.
    expect(redis.length).toBeLessThanOrEqual(12);
    expect(redis.some((s) => s.name === 'PIPELINE')).toBe(true);
    expect(JSON.stringify(spans)).not.toContain(body);
    expect(JSON.stringify(redis)).not.toContain(userId);
  }, 60_000);
});
