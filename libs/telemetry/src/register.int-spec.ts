// Automatic instrumentation cannot be observed inside Jest (its ESM loader bypasses Node's loader
// hooks), so these tests run small apps in child processes under `node --import register.js`.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { builtFile, startInfra, type Infra } from '@shopmind/testing';
import type { SpanRecord } from './span-file-exporter.js';

const repo = resolve(import.meta.dirname, '../../..');
const node = join(repo, 'node_modules/.bin/node');
const fixtures = join(import.meta.dirname, 'fixtures');

describe('register.js (node --import) in an ES-module app', () => {
  let infra: Infra;
  let dir: string;

  let registerJs: string;

  beforeAll(async () => {
    registerJs = builtFile('dist/libs/telemetry/src/register.js');
    infra = await startInfra();
    dir = mkdtempSync(join(tmpdir(), 'shopmind-telemetry-'));
  });

  afterAll(async () => {
    await infra?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function runApp(
    spanFile: string,
    extraEnv: Record<string, string> = {},
  ): Promise<Record<string, string>> {
    const { stdout } = await promisify(execFile)(
      node,
      ['--import', registerJs, join(fixtures, 'instrumented-app.mjs'), infra.redisUrl],
      {
        cwd: repo,
        env: {
          ...process.env,
          SHOPMIND_TELEMETRY_SPAN_FILE: spanFile,
          OTEL_SERVICE_NAME: 'instrumented-app',
          ...extraEnv,
        },
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, string>;
  }

  function readSpans(file: string): SpanRecord[] {
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as SpanRecord);
  }

  it('traces ioredis commands, http client and server calls and fetch without any code in the app', async () => {
    const file = join(dir, 'spans.jsonl');
    const out = await runApp(file);
    expect(out.value).toBe('hello');

    const spans = readSpans(file);
    const root = spans.find((s) => s.name === 'app work');
    expect(root).toBeDefined();
    const inTrace = spans.filter((s) => s.traceId === root?.traceId);

    const redisGet = inTrace.find(
      (s) => s.scope === '@opentelemetry/instrumentation-ioredis' && s.name === 'get',
    );
    expect(redisGet?.attributes).toMatchObject({
      'db.system.name': 'redis',
      'db.query.text': 'get greeting',
    });
    expect(redisGet?.parentSpanId).toBe(root?.spanId);
    // Values and the ids inside keys never reach the traces: only the command and the key's shape.
    const redisTexts = inTrace.filter((s) => s.attributes['db.query.text'] !== undefined);
    expect(redisTexts.map((s) => s.attributes['db.query.text'])).toEqual(
      expect.arrayContaining(['set greeting', 'hset {reviews:?:?:?}:aggregate']),
    );
    expect(JSON.stringify(spans)).not.toMatch(/hello|Jane Doe|wobbly|p-1/);
    // A pipeline of six commands is one span, under the app's span, naming what it carried.
    const pipelines = inTrace.filter((s) => s.name === 'PIPELINE');
    expect(pipelines).toHaveLength(2); // the pipeline and the MULTI
    expect(pipelines[0]?.parentSpanId).toBe(root?.spanId);
    expect(pipelines[0]?.attributes).toMatchObject({
      'db.operation.batch.size': 6,
      'db.query.text': 'hincrby {fraud:?:?:?}:?; expire {fraud:?:?:?}:?',
    });
    expect(pipelines[1]?.attributes['db.query.text']).toBe('multi; incr {fraud:?:?:?}:?; exec');
    expect(spans.filter((s) => /hincrby|expire|^incr$/i.test(s.name))).toEqual([]);

    const httpClient = inTrace.find((s) => s.scope === '@opentelemetry/instrumentation-http' && s.kind === 2);
    expect(httpClient?.attributes['url.full']).toMatch(/\/products\/1$/);
    const httpServer = inTrace.find((s) => s.kind === 1 && s.attributes['url.path'] === '/products/1');
    expect(httpServer?.parentSpanId).toBe(httpClient?.spanId);
    // The server saw the caller's traceparent: context crossed the wire.
    expect(out.viaHttp).toBe(`00-${root?.traceId}-${httpClient?.spanId}-01`);

    const fetchClient = inTrace.find((s) => s.scope === '@opentelemetry/instrumentation-undici');
    expect(fetchClient?.attributes['url.full']).toMatch(/\/products\/2$/);
    expect(out.viaFetch).toBe(`00-${root?.traceId}-${fetchClient?.spanId}-01`);

    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['instrumented-app']));
  });

  it('records nothing when the SDK is disabled, so the spans above come from register.js', async () => {
    const file = join(dir, 'disabled.jsonl');
    const out = await runApp(file, { OTEL_SDK_DISABLED: 'true' });
    expect(out.value).toBe('hello');
    expect(out.viaHttp).toBe('none');
    expect(readSpans(file)).toEqual([]);
  });

  describe('with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    let collector: Server;
    let endpoint = '';
    const received: Array<{ path: string; body: Buffer }> = [];

    beforeAll(async () => {
      // A stand-in OTLP/HTTP collector that records what it is sent.
      collector = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ path: req.url ?? '', body: Buffer.concat(chunks) });
          res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        });
      });
      await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
      const address = collector.address();
      endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });

    afterAll(() => new Promise<void>((r) => collector.close(() => r())));

    it('flushes buffered spans and metrics over OTLP on SIGTERM and then exits by that signal', async () => {
      const child = spawn(node, ['--import', registerJs, join(fixtures, 'waiting-app.mjs')], {
        cwd: repo,
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'waiting-app' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Its errors go to this test's log (shown if the test fails), not to the terminal.
      child.stderr.pipe(process.stderr, { end: false });
      const exited = new Promise<NodeJS.Signals | null>((r) =>
        child.once('exit', (_code, signal) => r(signal)),
      );
      await new Promise<void>((r) =>
        child.stdout.on('data', (c: Buffer) => c.toString().includes('ready') && r()),
      );
      child.kill('SIGTERM');

      expect(await exited).toBe('SIGTERM');
      const traces = received.filter((r) => r.path === '/v1/traces');
      expect(traces.length).toBeGreaterThan(0);
      const all = Buffer.concat(traces.map((t) => t.body));
      expect(all.includes('waiting app span')).toBe(true);
      expect(all.includes('waiting-app')).toBe(true);
      const metricExports = Buffer.concat(
        received.filter((r) => r.path === '/v1/metrics').map((m) => m.body),
      );
      expect(metricExports.includes('waiting_app.started')).toBe(true);
    });
  });
});
