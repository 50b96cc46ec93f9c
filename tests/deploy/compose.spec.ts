// docker-compose.yml (the minimal core) and docker-compose.observability.yml (layered on it),
// checked without a Docker engine: parsed, merged the way `docker compose -f a -f b` merges, and
// held to what running them needs.
import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { asArray, asObject, isObject, type Json, type JsonObject } from './kustomize-renderer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const infra = new Set(['nats', 'redis']);

function readCompose(file: string): JsonObject {
  // merge: YAML merge keys (<<), which compose supports and the core uses for shared service settings.
  return asObject(parse(readFileSync(join(root, file), 'utf8'), { merge: true }) as Json, file);
}

/** Compose's merge of several files: mappings merge key by key, later files win. */
function mergeCompose(...files: JsonObject[]): JsonObject {
  return files.reduce<Json>((acc, f) => deepMerge(acc, f), {}) as JsonObject;
}
function deepMerge(a: Json, b: Json): Json {
  if (isObject(a) && isObject(b)) {
    const out: JsonObject = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in a ? deepMerge(a[k], v) : v;
    return out;
  }
  return b;
}

function servicesOf(compose: JsonObject): Record<string, JsonObject> {
  const services = asObject(compose.services, 'services');
  return Object.fromEntries(Object.entries(services).map(([k, v]) => [k, asObject(v, k)]));
}

function environmentOf(service: JsonObject): Record<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((e) => String(e).split(/=(.*)/s, 2) as [string, string]));
  }
  return Object.fromEntries(Object.entries(asObject(env, 'environment')).map(([k, v]) => [k, String(v)]));
}

/** Host files mounted into a container (bind mounts starting with ./). */
function boundFiles(service: JsonObject): string[] {
  return asArray(service.volumes, 'volumes')
    .map((v) => String(v).split(':')[0])
    .filter((src) => src.startsWith('./'));
}

const core = readCompose('docker-compose.yml');
const observability = readCompose('docker-compose.observability.yml');
const coreServices = servicesOf(core);
const appNames = Object.keys(coreServices).filter((n) => !infra.has(n));

describe('docker-compose.yml (core)', () => {
  it('runs NATS, Redis and at least the implemented ShopMind services', () => {
    expect(Object.keys(coreServices)).toEqual(expect.arrayContaining(['nats', 'redis']));
    expect(appNames).toEqual(
      expect.arrayContaining([
        'review-sentiment',
        'product-copy',
        'knowledge-graph',
        'fraud-detection',
        'recommendation',
      ]),
    );
  });

  it('gives every container an image or a build, and every one a healthcheck', () => {
    for (const [name, service] of Object.entries(coreServices)) {
      expect([name, 'image' in service || 'build' in service]).toEqual([name, true]);
      const test = asArray(
        asObject(service.healthcheck, `${name}: healthcheck`).test,
        `${name}: healthcheck.test`,
      );
      expect([name, test.length > 1]).toEqual([name, true]);
    }
  });

  it('builds the ShopMind services from deploy/Dockerfile into one shared image', () => {
    const images = new Set<string>();
    for (const name of appNames) {
      const service = coreServices[name];
      const build = asObject(service.build, `${name}: build`);
      const context = join(root, String(build.context));
      expect(existsSync(join(context, String(build.dockerfile)))).toBe(true);
      images.add(String(service.image));
    }
    expect(images.size).toBe(1);
    expect([...images][0]).not.toMatch(/:latest$/);
  });

  it('starts each service by name, wired to NATS and Redis, on the port its healthcheck probes', () => {
    for (const name of appNames) {
      const service = coreServices[name];
      const env = environmentOf(service);
      expect(env.SERVICE).toBe(name);
      // The image runs dist/services/$SERVICE/...: the name must be a real service folder.
      expect(existsSync(join(root, 'services', name, 'package.json'))).toBe(true);
      expect(env.NATS_URL).toBe('nats://nats:4222');
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      const probe = asArray(asObject(service.healthcheck, 'healthcheck').test, 'test').join(' ');
      expect(probe).toContain(`:${env.HTTP_PORT}/healthz`);
      // No provider key baked in: it comes from the caller's environment or stays empty (local models).
      expect(env.OPENAI_API_KEY).toMatch(/^(\$\{OPENAI_API_KEY(:-)?\})?$/);
    }
  });

  it('starts the services only once NATS and Redis are healthy', () => {
    for (const name of appNames) {
      const deps = asObject(coreServices[name].depends_on, `${name}: depends_on`);
      for (const dep of ['nats', 'redis']) {
        expect([name, dep, asObject(deps[dep], dep).condition]).toEqual([name, dep, 'service_healthy']);
      }
    }
  });

  it('runs NATS with JetStream on a volume and Redis with append-only persistence', () => {
    const natsFiles = boundFiles(coreServices.nats);
    expect(natsFiles).toContain('./deploy/nats/nats.conf');
    const natsConf = readFileSync(join(root, 'deploy/nats/nats.conf'), 'utf8');
    expect(natsConf).toMatch(/^jetstream\s*\{[^}]*store_dir:\s*\/data\//m);
    expect(asArray(coreServices.nats.volumes, 'volumes').map(String)).toContain('nats-data:/data');

    const redisFiles = boundFiles(coreServices.redis);
    expect(redisFiles).toContain('./deploy/redis/redis.conf');
    expect(readFileSync(join(root, 'deploy/redis/redis.conf'), 'utf8')).toMatch(/^appendonly yes$/m);
    expect(asArray(coreServices.redis.volumes, 'volumes').map(String)).toContain('redis-data:/data');
  });

  it('mounts only files that exist and declares every named volume it uses', () => {
    const declared = Object.keys(asObject(core.volumes, 'volumes'));
    for (const service of Object.values(coreServices)) {
      for (const file of boundFiles(service))
        expect([file, existsSync(join(root, file))]).toEqual([file, true]);
      for (const v of asArray(service.volumes, 'volumes').map(String)) {
        if (!v.startsWith('.') && !v.startsWith('/')) expect(declared).toContain(v.split(':')[0]);
      }
    }
  });
});

describe('docker-compose.observability.yml (overlay)', () => {
  const merged = servicesOf(mergeCompose(core, observability));
  const overlayServices = servicesOf(observability);

  it('only extends services the core defines, besides the ones it adds whole', () => {
    for (const [name, service] of Object.entries(overlayServices)) {
      const complete = 'image' in service || 'build' in service;
      expect([name, complete || name in coreServices]).toEqual([name, true]);
    }
  });

  it('adds a collector and a tracing backend, each with a healthcheck', () => {
    expect(merged['otel-collector']).toBeDefined();
    expect(merged.jaeger).toBeDefined();
    for (const [name, service] of Object.entries(merged)) {
      expect([name, isObject(service.healthcheck)]).toEqual([name, true]);
    }
  });

  it('points every ShopMind service at the collector over OTLP/HTTP while keeping the core settings', () => {
    const collectorPorts = asArray(merged['otel-collector'].ports, 'ports').map(String);
    for (const name of appNames) {
      const env = environmentOf(merged[name]);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
      expect(env.NATS_URL).toBe('nats://nats:4222');
      const deps = Object.keys(asObject(merged[name].depends_on, 'depends_on'));
      expect(deps).toEqual(expect.arrayContaining(['nats', 'redis', 'otel-collector']));
    }
    expect(collectorPorts).toContain('127.0.0.1:4318:4318');
  });

  it('loads a collector configuration whose pipelines use only components it defines', () => {
    expect(boundFiles(merged['otel-collector'])).toContain('./deploy/otel/collector.yaml');
    const config = asObject(
      parse(readFileSync(join(root, 'deploy/otel/collector.yaml'), 'utf8')) as Json,
      'collector',
    );
    const pipelines = asObject(asObject(config.service, 'service').pipelines, 'pipelines');
    expect(Object.keys(pipelines)).toEqual(expect.arrayContaining(['traces', 'metrics']));
    for (const [name, p] of Object.entries(pipelines)) {
      const pipeline = asObject(p, name);
      for (const section of ['receivers', 'processors', 'exporters'] as const) {
        const defined = Object.keys(asObject(config[section], section));
        for (const used of asArray(pipeline[section], section).map(String)) {
          expect([name, section, used, defined.includes(used)]).toEqual([name, section, used, true]);
        }
      }
    }
    const http = asObject(
      asObject(asObject(config.receivers, 'receivers').otlp, 'otlp').protocols,
      'protocols',
    ).http;
    expect(String(asObject(http, 'http').endpoint)).toMatch(/:4318$/);
  });
});
