// The Kubernetes manifests (deploy/k8s), rendered per overlay with the spec's kustomize renderer and
// held to the official schemas and to what running ShopMind needs: probes, resources, a locked-down
// security context, pinned images, consistent selectors and ports, configuration that exists, a
// 3-node NATS cluster and KEDA scaling in production.
import { describe, it, expect } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  asArray,
  asObject,
  containersOf,
  isObject,
  podTemplateOf,
  readManifests,
  renderKustomization,
  strategicMerge,
  KustomizeError,
  type Json,
  type JsonObject,
  type Manifest,
} from './kustomize-renderer.js';
import { validateAgainstSchema } from './kubernetes-schemas.js';
import { consumerName, Events, type EventDefinition, ServiceCatalogue } from '@shopmind/contracts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const k8s = join(root, 'deploy', 'k8s');
const overlays = ['dev', 'production'];
const shopmindServices = Object.values(ServiceCatalogue).map((s) => s.name);
const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const natsPasswordKey = (service: string): string =>
  `NATS_${service.toUpperCase().replace(/-/g, '_')}_PASSWORD`;
/**
 * Memory requests from the measured figures (docs/decisions/service-memory.md): resident under the
 * platform load at 1,000 msgs/s, plus ~20 %.
 */
const memoryRequestMi: Record<string, number> = {
  'review-sentiment': 240, // 210 MB
  'product-copy': 224, // ≤ 196 MB
  'knowledge-graph': 240, // 206 MB
  'fraud-detection': 224, // ≤ 196 MB
  recommendation: 336, // 293 MB
  'customer-service': 224, // 195.8 MB
};

/** The events a service's handlers consume (`@OnEvent(Events.x)` in its sources). */
function handledEvents(service: string): EventDefinition[] {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return files(p);
      return p.endsWith('.ts') && !/spec\.ts$/.test(p) ? [p] : [];
    });
  const keys = new Set(
    files(join(root, 'services', service, 'src')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/@OnEvent\(Events\.(\w+)/g)].map((m) => m[1]),
    ),
  );
  return [...keys].map((k) => (Events as unknown as Record<string, EventDefinition>)[k]);
}

function mebibytes(quantity: Json | undefined): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  if (!m) throw new Error(`unexpected quantity ${String(quantity)}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

/** env entries of a container by name. */
function envEntries(container: JsonObject): Record<string, JsonObject> {
  return Object.fromEntries(
    asArray(container.env, 'env').map((e) => {
      const entry = asObject(e, 'env');
      return [String(entry.name), entry];
    }),
  );
}

function secretRefOf(entry: JsonObject | undefined): JsonObject {
  return asObject(asObject(entry?.valueFrom, 'valueFrom').secretKeyRef, 'secretKeyRef');
}

interface Rule {
  peers: JsonObject[];
  ports: JsonObject[];
}
function rulesOf(policy: Manifest, direction: 'ingress' | 'egress'): Rule[] {
  return asArray(asObject(policy.spec, 'spec')[direction], direction).map((r) => {
    const rule = asObject(r, 'rule');
    return {
      peers: asArray(rule[direction === 'ingress' ? 'from' : 'to'], 'peers').map((x) => asObject(x, 'peer')),
      ports: asArray(rule.ports, 'ports').map((x) => asObject(x, 'port')),
    };
  });
}
function policiesFor(manifests: Manifest[], labels: Record<string, string>): Manifest[] {
  return manifests
    .filter((m) => m.kind === 'NetworkPolicy')
    .filter((p) => {
      const selector = labelsOf(asObject(asObject(p.spec, 'spec').podSelector, 'podSelector').matchLabels);
      return Object.keys(selector).length > 0 && selects(selector, labels);
    });
}
/** Ports a set of pods may open (egress) or be reached on (ingress), by its own policies. */
function portsAllowed(
  manifests: Manifest[],
  labels: Record<string, string>,
  direction: 'ingress' | 'egress',
): number[] {
  return [
    ...new Set(
      policiesFor(manifests, labels).flatMap((p) =>
        rulesOf(p, direction).flatMap((r) => r.ports.map((x) => Number(x.port))),
      ),
    ),
  ].sort((a, b) => a - b);
}

function render(path: string): Manifest[] {
  return renderKustomization(join(k8s, path)).manifests;
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind}/${name}`);
  return m;
}

function labelsOf(value: Json | undefined): Record<string, string> {
  return isObject(value)
    ? (Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) as Record<string, string>)
    : {};
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

function templateLabels(m: Manifest): Record<string, string> {
  return labelsOf(asObject(podTemplateOf(m)?.metadata, 'template.metadata').labels);
}

function podSpecOf(m: Manifest): JsonObject {
  return asObject(podTemplateOf(m)?.spec, `${m.kind}/${m.metadata.name}: pod spec`);
}

function containersOfWorkload(m: Manifest): JsonObject[] {
  return asArray(podSpecOf(m).containers, 'containers').map((c) => asObject(c, 'container'));
}

function containerPorts(m: Manifest): JsonObject[] {
  return containersOfWorkload(m).flatMap((c) => asArray(c.ports, 'ports').map((p) => asObject(p, 'port')));
}

function envOf(manifests: Manifest[], container: JsonObject): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of asArray(container.envFrom, 'envFrom').map((e) => asObject(e, 'envFrom'))) {
    const ref = asObject(from.configMapRef, 'configMapRef');
    Object.assign(env, labelsOf(find(manifests, 'ConfigMap', String(ref.name)).data));
  }
  for (const e of asArray(container.env, 'env').map((x) => asObject(x, 'env'))) {
    if (typeof e.value === 'string') env[String(e.name)] = e.value;
  }
  return env;
}

const workloads = (manifests: Manifest[]): Manifest[] => manifests.filter((m) => workloadKinds.has(m.kind));

/** The Redis StatefulSets of a rendering: the single `redis` (base, dev) or `redis-cluster` (production). */
function redisSets(manifests: Manifest[]): Manifest[] {
  const sets = manifests.filter(
    (m) => m.kind === 'StatefulSet' && ['redis', 'redis-cluster'].includes(m.metadata.name),
  );
  if (sets.length !== 1) throw new Error(`expected one Redis StatefulSet, found ${sets.length}`);
  return sets;
}

/** `<set>-0.<service>`, … : the stable DNS names of a StatefulSet's pods. */
function podNames(set: Manifest): string[] {
  const spec = asObject(set.spec, 'spec');
  return Array.from(
    { length: Number(spec.replicas) },
    (_, i) => `${set.metadata.name}-${i}.${String(spec.serviceName)}`,
  );
}

/**
 * The connection settings a ShopMind process must get from the topology the rendering runs: one
 * NATS server by its Service, or every server of the cluster; the single Redis by URL, or the
 * Redis Cluster's nodes (and then no REDIS_URL).
 */
function connectionsFor(manifests: Manifest[]): Record<string, string | undefined> {
  const nats = find(manifests, 'StatefulSet', 'nats');
  const [redis] = redisSets(manifests);
  const natsUrl =
    Number(asObject(nats.spec, 'spec').replicas) === 1
      ? 'nats://nats:4222'
      : podNames(nats)
          .map((n) => `nats://${n}:4222`)
          .join(',');
  return redis!.metadata.name === 'redis'
    ? { NATS_URL: natsUrl, REDIS_URL: 'redis://redis:6379', REDIS_CLUSTER_NODES: undefined }
    : {
        NATS_URL: natsUrl,
        REDIS_URL: undefined,
        REDIS_CLUSTER_NODES: podNames(redis!)
          .map((n) => `${n}:6379`)
          .join(','),
      };
}

function connectionsOf(env: Record<string, string>): Record<string, string | undefined> {
  return { NATS_URL: env.NATS_URL, REDIS_URL: env.REDIS_URL, REDIS_CLUSTER_NODES: env.REDIS_CLUSTER_NODES };
}

describe('the spec renderer', () => {
  it('merges lists of named items by name and replaces other lists, as strategic merge does', () => {
    const merged = strategicMerge(
      { containers: [{ name: 'a', image: 'x:1', args: ['p'] }, { name: 'b' }], tags: ['1'] },
      { containers: [{ name: 'a', image: 'x:2' }], tags: ['2'] },
    );
    expect(merged).toEqual({
      containers: [{ name: 'a', image: 'x:2', args: ['p'] }, { name: 'b' }],
      tags: ['2'],
    });
  });

  it('removes a key patched to null, and an object patched with $patch: delete', () => {
    expect(strategicMerge({ data: { A: '1', B: '2' } }, { data: { A: null, C: '3' } })).toEqual({
      data: { B: '2', C: '3' },
    });
    const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
    try {
      writeFileSync(
        join(dir, 'objects.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n',
      );
      writeFileSync(
        join(dir, 'drop.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n$patch: delete\n',
      );
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        'resources:\n  - objects.yaml\npatches:\n  - path: drop.yaml\n',
      );
      expect(renderKustomization(dir).manifests.map((m) => m.metadata.name)).toEqual(['b']);
      writeFileSync(
        join(dir, 'drop.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n$patch: replace\n',
      );
      expect(() => renderKustomization(dir)).toThrow(/does not support \$patch: replace/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an object that breaks its schema, and a kind it has no schema for', async () => {
    const deployment = readManifests(join(k8s, 'base', 'services', 'review-sentiment.yaml')).find(
      (m) => m.kind === 'Deployment',
    );
    if (!deployment) throw new Error('no Deployment');
    await expect(validateAgainstSchema(deployment)).resolves.toBeUndefined();
    const broken = strategicMerge(deployment, {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'review-sentiment', ports: [{ name: 'http', containerPort: 'eighty' }] }],
          },
        },
      },
    }) as Manifest;
    await expect(validateAgainstSchema(broken)).rejects.toThrow(/containerPort/);
    await expect(validateAgainstSchema({ ...deployment, apiVersion: 'apps/v2' })).rejects.toThrow(
      /no schema/,
    );
  });

  it('fails on a kustomization that references a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
    try {
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - deployment.yaml\n');
      expect(() => renderKustomization(dir)).toThrow(KustomizeError);
      expect(() => renderKustomization(dir)).toThrow(/"deployment.yaml" does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('every kustomization under deploy/', () => {
  function kustomizationDirs(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return kustomizationDirs(p);
      return name === 'kustomization.yaml' ? [dir] : [];
    });
  }
  const dirs = kustomizationDirs(join(root, 'deploy'));

  it('renders, with every file it references present', () => {
    expect(dirs.map((d) => relative(root, d))).toEqual(
      expect.arrayContaining([
        'deploy/k8s/base',
        'deploy/k8s/overlays/dev',
        'deploy/k8s/overlays/production',
      ]),
    );
    for (const dir of dirs) expect(() => renderKustomization(dir)).not.toThrow();
  });

  it('leaves no manifest in deploy/k8s unused, except the planned services', () => {
    const used = new Set(dirs.flatMap((d) => renderKustomization(d).files));
    const yamlFiles = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const p = join(dir, name);
        return statSync(p).isDirectory() ? yamlFiles(p) : name.endsWith('.yaml') ? [p] : [];
      });
    // nats-helm/ holds Helm values, not manifests (tests/deploy/nats-helm.spec.ts checks them).
    const unused = yamlFiles(k8s)
      .filter((f) => !used.has(f) && !f.startsWith(join(k8s, 'nats-helm')))
      .map((f) => relative(k8s, f));
    expect(unused).toEqual([]);
  });
});

describe.each(['base', ...overlays.map((o) => `overlays/${o}`)])('deploy/k8s/%s', (path) => {
  const manifests = render(path);

  it('holds only objects that are valid against the official Kubernetes (and KEDA) schemas', async () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const m of manifests) await validateAgainstSchema(m);
  });

  it('puts every namespaced object in the one namespace the overlay creates', () => {
    const namespaces = manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name);
    expect(namespaces).toHaveLength(1);
    for (const m of manifests.filter((x) => x.kind !== 'Namespace')) {
      expect([m.kind, m.metadata.name, m.metadata.namespace]).toEqual([
        m.kind,
        m.metadata.name,
        namespaces[0],
      ]);
    }
  });

  it('names each object once per kind', () => {
    const keys = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('deploys every ShopMind service', () => {
    const deployments = manifests.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name);
    expect(deployments).toEqual(expect.arrayContaining(shopmindServices));
  });

  it('selects with labels that every workload template carries', () => {
    for (const m of workloads(manifests)) {
      const selector = labelsOf(asObject(asObject(m.spec, 'spec').selector, 'selector').matchLabels);
      expect([m.metadata.name, selects(selector, templateLabels(m))]).toEqual([m.metadata.name, true]);
    }
  });

  it('runs every container with a pinned image, liveness and readiness probes and resources', () => {
    for (const m of workloads(manifests)) {
      for (const c of containersOfWorkload(m)) {
        const id = `${m.metadata.name}/${String(c.name)}`;
        const image = String(c.image);
        // A tag that is not `latest`, or a digest.
        expect([id, /@sha256:[0-9a-f]{64}$/.test(image) || /:(?!latest$)[\w][\w.-]*$/.test(image)]).toEqual([
          id,
          true,
        ]);
        expect([id, isObject(c.livenessProbe), isObject(c.readinessProbe)]).toEqual([id, true, true]);
        const resources = asObject(c.resources, `${id}: resources`);
        const requests = asObject(resources.requests, `${id}: requests`);
        expect([id, 'cpu' in requests, 'memory' in requests]).toEqual([id, true, true]);
        expect([id, 'memory' in asObject(resources.limits, `${id}: limits`)]).toEqual([id, true]);
      }
    }
  });

  it('runs every pod as non-root with a read-only root filesystem and no privileges', () => {
    for (const m of workloads(manifests)) {
      const pod = podSpecOf(m);
      const podSecurity = asObject(pod.securityContext, `${m.metadata.name}: pod securityContext`);
      expect([m.metadata.name, podSecurity.runAsNonRoot]).toEqual([m.metadata.name, true]);
      expect(Number(podSecurity.runAsUser)).toBeGreaterThan(0);
      expect(asObject(podSecurity.seccompProfile, 'seccompProfile').type).toBe('RuntimeDefault');
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of containersOf([m])) {
        const sc = asObject(c.securityContext, `${m.metadata.name}: container securityContext`);
        expect([m.metadata.name, sc.readOnlyRootFilesystem, sc.allowPrivilegeEscalation]).toEqual([
          m.metadata.name,
          true,
          false,
        ]);
        expect(asArray(asObject(sc.capabilities, 'capabilities').drop, 'drop')).toContain('ALL');
      }
    }
  });

  it('routes every Service to pods it selects, on ports those pods expose', () => {
    for (const svc of manifests.filter((m) => m.kind === 'Service')) {
      const spec = asObject(svc.spec, 'spec');
      const selector = labelsOf(spec.selector);
      const targets = workloads(manifests).filter((w) => selects(selector, templateLabels(w)));
      expect([svc.metadata.name, targets.length]).toEqual([svc.metadata.name, 1]);
      const exposed = containerPorts(targets[0]);
      for (const p of asArray(spec.ports, 'ports').map((x) => asObject(x, 'port'))) {
        const target = p.targetPort ?? p.port;
        const match = exposed.some((c) => c.name === target || c.containerPort === target);
        expect([svc.metadata.name, target, match]).toEqual([svc.metadata.name, target, true]);
      }
    }
  });

  it('guards the services and NATS with disruption budgets that select them', () => {
    const pdbs = manifests.filter((m) => m.kind === 'PodDisruptionBudget');
    for (const name of [...shopmindServices, 'nats']) {
      const workload = workloads(manifests).find((w) => w.metadata.name === name);
      if (!workload) throw new Error(`no workload ${name}`);
      const guarded = pdbs.some((p) =>
        selects(
          labelsOf(asObject(asObject(p.spec, 'spec').selector, 'selector').matchLabels),
          templateLabels(workload),
        ),
      );
      expect([name, guarded]).toEqual([name, true]);
    }
  });

  it('probes each ShopMind service on /healthz and /readyz at the port HTTP_PORT names', () => {
    for (const name of shopmindServices) {
      const deployment = find(manifests, 'Deployment', name);
      const [c] = containersOfWorkload(deployment);
      const env = envOf(manifests, c);
      const [port] = asArray(c.ports, 'ports').map((p) => asObject(p, 'port'));
      expect(String(port.containerPort)).toBe(env.HTTP_PORT);
      const httpGet = (probe: Json | undefined): JsonObject =>
        asObject(asObject(probe, 'probe').httpGet, 'httpGet');
      expect(httpGet(c.livenessProbe).path).toBe('/healthz');
      expect(httpGet(c.readinessProbe).path).toBe('/readyz');
      expect(httpGet(c.livenessProbe).port).toBe(port.name);
    }
  });

  it('configures each ShopMind service from the ConfigMap, and the API key only from a Secret', () => {
    for (const name of shopmindServices) {
      const [c] = containersOfWorkload(find(manifests, 'Deployment', name));
      const env = envOf(manifests, c);
      expect(env.SERVICE).toBe(name);
      expect([name, connectionsOf(env)]).toEqual([name, connectionsFor(manifests)]);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
      const key = asArray(c.env, 'env')
        .map((e) => asObject(e, 'env'))
        .find((e) => e.name === 'OPENAI_API_KEY');
      const secretRef = asObject(asObject(key?.valueFrom, 'valueFrom').secretKeyRef, 'secretKeyRef');
      expect(key?.value).toBeUndefined();
      // Optional: without the Secret every LLM task runs on its local implementation.
      expect(secretRef.optional).toBe(true);
    }
  });

  it('mounts or references only ConfigMaps that the rendering contains', () => {
    const configMaps = new Set(manifests.filter((m) => m.kind === 'ConfigMap').map((m) => m.metadata.name));
    for (const m of workloads(manifests)) {
      const pod = podSpecOf(m);
      for (const v of asArray(pod.volumes, 'volumes').map((x) => asObject(x, 'volume'))) {
        if (isObject(v.configMap)) expect(configMaps.has(String(v.configMap.name))).toBe(true);
      }
      for (const c of containersOf([m])) {
        for (const from of asArray(c.envFrom, 'envFrom').map((e) => asObject(e, 'envFrom'))) {
          expect(configMaps.has(String(asObject(from.configMapRef, 'configMapRef').name))).toBe(true);
        }
      }
    }
  });

  it('runs NATS with JetStream on a persistent volume and Redis with append-only persistence', () => {
    const nats = find(manifests, 'StatefulSet', 'nats');
    const natsConfigName = asArray(podSpecOf(nats).volumes, 'volumes')
      .map((v) => asObject(v, 'volume'))
      .map((v) => (isObject(v.configMap) ? String(v.configMap.name) : ''))
      .find(Boolean);
    const natsConf = String(
      asObject(find(manifests, 'ConfigMap', String(natsConfigName)).data, 'data')['nats.conf'],
    );
    expect(natsConf).toMatch(/^jetstream\s*\{[^}]*store_dir:\s*\/data\//m);
    const claims = asArray(asObject(nats.spec, 'spec').volumeClaimTemplates, 'claims').map((c) =>
      asObject(c, 'claim'),
    );
    expect(claims.map((c) => asObject(c.metadata, 'metadata').name)).toContain('data');

    const redisConf = String(
      asObject(find(manifests, 'ConfigMap', 'redis-config').data, 'data')['redis.conf'],
    );
    expect(redisConf).toMatch(/^appendonly yes$/m);
    expect(redisConf).toMatch(/^maxmemory-policy volatile-/m);
  });

  it.each(['redis', 'redis-cluster'])(
    'lets only the ShopMind services reach Redis (%s, where it runs)',
    (set) => {
      const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
      const redis = redisSets(manifests).find((m) => m.metadata.name === set);
      if (!redis) return;
      const guarding = policies.filter((p) =>
        selects(
          labelsOf(asObject(asObject(p.spec, 'spec').podSelector, 'podSelector').matchLabels),
          templateLabels(redis),
        ),
      );
      expect(guarding).toHaveLength(1);
      const rules = asArray(asObject(guarding[0].spec, 'spec').ingress, 'ingress').map((r) =>
        asObject(r, 'rule'),
      );
      const admitted = (w: Manifest): boolean =>
        rules.some((r) =>
          asArray(r.from, 'from').some((f) =>
            selects(
              labelsOf(asObject(asObject(f, 'peer').podSelector, 'podSelector').matchLabels),
              templateLabels(w),
            ),
          ),
        );
      for (const name of shopmindServices)
        expect([name, admitted(find(manifests, 'Deployment', name))]).toEqual([name, true]);
      for (const other of ['nats', 'otel-collector']) {
        const w = workloads(manifests).find((x) => x.metadata.name === other);
        if (!w) throw new Error(`no workload ${other}`);
        expect([other, admitted(w)]).toEqual([other, false]);
      }
    },
  );

  it('gives each service its NATS user and every secret from shopmind-secrets, none as a literal', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    for (const name of shopmindServices) {
      const [c] = containersOfWorkload(find(manifests, 'Deployment', name));
      const env = envEntries(c);
      expect(env.NATS_USER?.value).toBe(name);
      const required = ['NATS_PASSWORD', 'REDIS_PASSWORD'];
      if (name === 'fraud-detection') required.push('FRAUD_HASH_SECRET');
      if (name === 'customer-service') required.push('SUPPORT_SUBJECT_SECRET');
      for (const key of required) {
        const ref = secretRefOf(env[key]);
        expect([name, key, ref.name, ref.key, ref.optional]).toEqual([
          name,
          key,
          'shopmind-secrets',
          key === 'NATS_PASSWORD' ? natsPasswordKey(name) : key,
          undefined,
        ]);
      }
      for (const key of ['OPENAI_API_KEY', 'LLM_PROVIDERS']) {
        const ref = secretRefOf(env[key]);
        expect([name, key, ref.name, ref.key, ref.optional]).toEqual([
          name,
          key,
          'shopmind-secrets',
          key,
          true,
        ]);
      }
      // The URL (or the cluster's node list) carries no password; the ConfigMap holds nothing secret.
      const connections = connectionsOf(envOf(manifests, c));
      expect(connections).toEqual(connectionsFor(manifests));
      for (const value of Object.values(connections)) expect(value ?? '').not.toMatch(/@/);
    }
    const config = labelsOf(find(manifests, 'ConfigMap', 'shopmind-config').data);
    for (const key of Object.keys(config))
      expect([key, /PASSWORD|SECRET|API_KEY/.test(key)]).toEqual([key, false]);
    for (const c of containersOf(manifests)) {
      for (const [key, entry] of Object.entries(envEntries(c))) {
        if (/PASSWORD|SECRET|API_KEY|LLM_PROVIDERS/.test(key))
          expect([key, entry.value]).toEqual([key, undefined]);
      }
    }
  });

  it('gives nats-server every user password from shopmind-nats-auth, and its ConfigMap every included file', () => {
    const nats = find(manifests, 'StatefulSet', 'nats');
    const env = envEntries(containersOfWorkload(nats)[0]);
    for (const key of [
      'NATS_ADMIN_PASSWORD',
      'NATS_EDGE_PASSWORD',
      ...shopmindServices.map(natsPasswordKey),
    ]) {
      const ref = secretRefOf(env[key]);
      expect([key, ref.name, ref.key]).toEqual([key, 'shopmind-nats-auth', key]);
    }
    const configName = asArray(podSpecOf(nats).volumes, 'volumes')
      .map((v) => asObject(v, 'volume'))
      .map((v) => (isObject(v.configMap) ? String(v.configMap.name) : ''))
      .find(Boolean);
    const data = asObject(find(manifests, 'ConfigMap', String(configName)).data, 'data');
    const conf = String(data['nats.conf']);
    for (const [, file] of conf.matchAll(/^\s*include\s+['"]?(?:\.\/)?([^'"\s]+)['"]?/gm)) {
      expect([file, typeof data[file]]).toEqual([file, 'string']);
    }
  });

  it('starts Redis with its passwords from shopmind-secrets and authenticated probes', () => {
    const [redis] = redisSets(manifests);
    const [c] = containersOfWorkload(redis!);
    expect(asArray(c.args, 'args').slice(0, 2)).toEqual(['sh', '/usr/local/etc/redis/start.sh']);
    const env = envEntries(c);
    for (const key of ['REDIS_PASSWORD', 'REDIS_EDGE_PASSWORD']) {
      expect([key, secretRefOf(env[key]).name, secretRefOf(env[key]).key]).toEqual([
        key,
        'shopmind-secrets',
        key,
      ]);
    }
    expect(typeof asObject(find(manifests, 'ConfigMap', 'redis-config').data, 'data')['start.sh']).toBe(
      'string',
    );
    for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) {
      const command = asArray(asObject(asObject(probe, 'probe').exec, 'exec').command, 'command').join(' ');
      // PING; a cluster node is ready only while the cluster serves every slot.
      expect(command).toMatch(
        /REDISCLI_AUTH="\$REDIS_PASSWORD" redis-cli (ping \| grep -q PONG|cluster info \| grep -q "\^cluster_state:ok")/,
      );
    }
  });

  it("provisions the streams with a Job running the CLI as admin, from the services' image", () => {
    const job = find(manifests, 'Job', 'shopmind-provision');
    const spec = asObject(job.spec, 'spec');
    expect(Number(spec.backoffLimit)).toBeGreaterThan(0);
    expect(Number(spec.ttlSecondsAfterFinished)).toBeGreaterThan(0);
    const [c] = containersOfWorkload(job);
    expect(c.command).toEqual(['node', 'dist/cli/src/main.js', 'provision']);
    const env = envEntries(c);
    expect(env.NATS_USER?.value).toBe('admin');
    expect([secretRefOf(env.NATS_PASSWORD).name, secretRefOf(env.NATS_PASSWORD).key]).toEqual([
      'shopmind-nats-auth',
      'NATS_ADMIN_PASSWORD',
    ]);
    // The NATS servers and the stream replicas the services get.
    const env2 = envOf(manifests, c);
    expect(env2.NATS_URL).toBe(connectionsFor(manifests).NATS_URL);
    expect(env2.SHOPMIND_STREAM_REPLICAS).toBe(
      labelsOf(find(manifests, 'ConfigMap', 'shopmind-config').data).SHOPMIND_STREAM_REPLICAS,
    );
    const [service] = containersOfWorkload(find(manifests, 'Deployment', 'review-sentiment'));
    expect(c.image).toBe(service.image);
    const pod = podSpecOf(job);
    expect(asObject(pod.securityContext, 'securityContext').runAsNonRoot).toBe(true);
    expect(asObject(c.securityContext, 'securityContext').readOnlyRootFilesystem).toBe(true);
    expect(asObject(asObject(c.resources, 'resources').limits, 'limits').memory).toBeDefined();
  });

  it('denies all traffic by default and opens only what each workload needs', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    const deny = policies.find((p) => {
      const spec = asObject(p.spec, 'spec');
      return (
        Object.keys(asObject(spec.podSelector, 'podSelector')).length === 0 &&
        asArray(spec.policyTypes, 'policyTypes').length === 2 &&
        spec.ingress === undefined &&
        spec.egress === undefined
      );
    });
    expect(deny).toBeDefined();
    // Every workload, the Jobs included, has a policy of its own.
    for (const m of [...workloads(manifests), ...manifests.filter((x) => x.kind === 'Job')]) {
      expect([m.metadata.name, policiesFor(manifests, templateLabels(m)).length > 0]).toEqual([
        m.metadata.name,
        true,
      ]);
    }
    const service = templateLabels(find(manifests, 'Deployment', 'review-sentiment'));
    expect(portsAllowed(manifests, service, 'egress')).toEqual([443, 4222, 4317, 4318, 6379]);
    expect(portsAllowed(manifests, service, 'ingress')).toEqual([8080]);
    // 443 only to addresses outside the private ranges (the LLM providers).
    const llm = policiesFor(manifests, service)
      .flatMap((p) => rulesOf(p, 'egress'))
      .find((r) => r.ports.some((x) => Number(x.port) === 443));
    const block = asObject(llm?.peers[0]?.ipBlock, 'ipBlock');
    expect(block.cidr).toBe('0.0.0.0/0');
    expect(asArray(block.except, 'except')).toEqual(
      expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
    );
    const job = templateLabels(find(manifests, 'Job', 'shopmind-provision'));
    expect(portsAllowed(manifests, job, 'egress')).toEqual([4222]);
    expect(portsAllowed(manifests, job, 'ingress')).toEqual([]);
    const nats = templateLabels(find(manifests, 'StatefulSet', 'nats'));
    expect(portsAllowed(manifests, nats, 'ingress')).toEqual([4222, 6222, 8222]);
    const [redisSet] = redisSets(manifests);
    const redis = templateLabels(redisSet!);
    if (redisSet!.metadata.name === 'redis') {
      expect(portsAllowed(manifests, redis, 'ingress')).toEqual([6379]);
      expect(portsAllowed(manifests, redis, 'egress')).toEqual([]);
    } else {
      // Replication and the cluster bus between the nodes, and nothing else out.
      expect(portsAllowed(manifests, redis, 'ingress')).toEqual([6379, 16379]);
      expect(portsAllowed(manifests, redis, 'egress')).toEqual([6379, 16379]);
      const create = templateLabels(find(manifests, 'Job', 'redis-cluster-create'));
      expect(portsAllowed(manifests, create, 'egress')).toEqual([6379]);
      expect(portsAllowed(manifests, create, 'ingress')).toEqual([]);
    }
    const collector = templateLabels(find(manifests, 'Deployment', 'otel-collector'));
    expect(portsAllowed(manifests, collector, 'ingress')).toEqual(expect.arrayContaining([4317, 4318]));
    // NATS clients: the services and the provision Job among them.
    const natsClients = policiesFor(manifests, nats)
      .flatMap((p) => rulesOf(p, 'ingress'))
      .filter((r) => r.ports.some((x) => Number(x.port) === 4222))
      .flatMap((r) => r.peers);
    for (const labels of [service, job]) {
      expect(
        natsClients.some(
          (peer) => isObject(peer.podSelector) && selects(labelsOf(peer.podSelector.matchLabels), labels),
        ),
      ).toBe(true);
    }
    // DNS for everyone.
    const dns = policies.filter((p) =>
      rulesOf(p, 'egress').some((r) => r.ports.some((x) => Number(x.port) === 53)),
    );
    expect(
      dns.some(
        (p) => Object.keys(asObject(asObject(p.spec, 'spec').podSelector, 'podSelector')).length === 0,
      ),
    ).toBe(true);
  });

  it('runs the edge as the NATS and Redis user edge, its shops from the Secret shopmind-edge-tenants, open on 8080 only', () => {
    const edge = find(manifests, 'Deployment', 'edge');
    const [c] = containersOfWorkload(edge);
    const env = envEntries(c);
    expect(env.NATS_USER?.value).toBe('edge');
    expect(env.REDIS_USERNAME?.value).toBe('edge');
    for (const [key, secretKey] of [
      ['NATS_PASSWORD', 'NATS_EDGE_PASSWORD'],
      ['REDIS_PASSWORD', 'REDIS_EDGE_PASSWORD'],
      ['EDGE_CARD_FINGERPRINT_SECRET', 'EDGE_CARD_FINGERPRINT_SECRET'],
    ] as const) {
      const ref = secretRefOf(env[key]);
      expect([key, ref.name, ref.key, ref.optional]).toEqual([key, 'shopmind-secrets', secretKey, undefined]);
    }
    const file = String(env.EDGE_TENANTS_FILE?.value);
    const mount = asArray(c.volumeMounts, 'volumeMounts')
      .map((m) => asObject(m, 'mount'))
      .find((m) => file.startsWith(`${String(m.mountPath)}/`));
    const volume = asArray(podSpecOf(edge).volumes, 'volumes')
      .map((v) => asObject(v, 'volume'))
      .find((v) => v.name === mount?.name);
    expect(asObject(volume?.secret, 'secret').secretName).toBe('shopmind-edge-tenants');
    expect(file).toBe(`${String(mount?.mountPath)}/tenants.yaml`);
    const labels = templateLabels(edge);
    expect(portsAllowed(manifests, labels, 'ingress')).toEqual([8080]);
    expect(portsAllowed(manifests, labels, 'egress')).toEqual([4222, 4317, 4318, 6379]);
    // NATS, Redis and the collector admit it.
    for (const [name, kind, port] of [
      ['nats', 'StatefulSet', 4222],
      [redisSets(manifests)[0]!.metadata.name, 'StatefulSet', 6379],
      ['otel-collector', 'Deployment', 4318],
    ] as const) {
      const admitted = policiesFor(manifests, templateLabels(find(manifests, kind, name)))
        .flatMap((p) => rulesOf(p, 'ingress'))
        .filter((r) => r.ports.some((x) => Number(x.port) === port))
        .some((r) =>
          r.peers.some(
            (peer) => isObject(peer.podSelector) && selects(labelsOf(peer.podSelector.matchLabels), labels),
          ),
        );
      expect([name, admitted]).toEqual([name, true]);
    }
  });

  it('guards every Deployment and StatefulSet with a disruption budget', () => {
    const pdbs = manifests.filter((m) => m.kind === 'PodDisruptionBudget');
    for (const w of workloads(manifests)) {
      const guarded = pdbs.some((p) =>
        selects(
          labelsOf(asObject(asObject(p.spec, 'spec').selector, 'selector').matchLabels),
          templateLabels(w),
        ),
      );
      expect([w.metadata.name, guarded]).toEqual([w.metadata.name, true]);
    }
  });

  it("sizes each service's memory from the measured figures, within the V8 heap limit", () => {
    for (const name of shopmindServices) {
      const [c] = containersOfWorkload(find(manifests, 'Deployment', name));
      const resources = asObject(c.resources, 'resources');
      const request = mebibytes(asObject(resources.requests, 'requests').memory);
      const limit = mebibytes(asObject(resources.limits, 'limits').memory);
      expect([name, request]).toEqual([name, memoryRequestMi[name]]);
      // 384 MB old space (NODE_OPTIONS) plus ~100 MB outside the heap.
      expect([name, limit >= 512, limit > request]).toEqual([name, true, true]);
    }
    expect(labelsOf(find(manifests, 'ConfigMap', 'shopmind-config').data).NODE_OPTIONS).toBe(
      '--max-semi-space-size=8 --max-old-space-size=384',
    );
  });

  it('never asks for more stream replicas than there are NATS servers', () => {
    const replicas = Number(asObject(find(manifests, 'StatefulSet', 'nats').spec, 'spec').replicas);
    const streamReplicas = Number(
      labelsOf(find(manifests, 'ConfigMap', 'shopmind-config').data).SHOPMIND_STREAM_REPLICAS,
    );
    expect(streamReplicas).toBeGreaterThanOrEqual(1);
    expect(streamReplicas).toBeLessThanOrEqual(replicas);
  });
});

describe('deploy/k8s/base and docker-compose.yml', () => {
  it('deploy the same ShopMind services and the edge, each a real service folder', () => {
    const compose = asObject(
      parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Json,
      'compose',
    );
    const composed = Object.entries(asObject(compose.services, 'services'))
      .filter(
        ([n, v]) => !['nats', 'redis', 'provision'].includes(n) && asObject(v, n).profiles === undefined,
      )
      .map(([n]) => n);
    const deployed = render('base')
      .filter(
        (m) =>
          m.kind === 'Deployment' &&
          ['service', 'edge'].includes(labelsOf(m.metadata.labels)['app.kubernetes.io/component']!),
      )
      .map((m) => m.metadata.name);
    expect(deployed.sort()).toEqual(composed.sort());
    for (const name of deployed)
      expect([name, existsSync(join(root, 'services', name, 'package.json'))]).toEqual([name, true]);
  });
});

describe('deploy/k8s/overlays/production', () => {
  const manifests = render('overlays/production');
  const nats = find(manifests, 'StatefulSet', 'nats');

  it('runs NATS as a 3-node cluster whose routes name every pod of the StatefulSet', () => {
    const spec = asObject(nats.spec, 'spec');
    expect(spec.replicas).toBe(3);
    const volume = asArray(podSpecOf(nats).volumes, 'volumes')
      .map((v) => asObject(v, 'volume'))
      .find((v) => v.name === 'config');
    const conf = String(
      asObject(
        find(manifests, 'ConfigMap', String(asObject(volume?.configMap, 'configMap').name)).data,
        'data',
      )['nats.conf'],
    );
    const routes = [...conf.matchAll(/nats:\/\/([\w.-]+):6222/g)].map((m) => m[1]);
    expect(routes).toEqual([0, 1, 2].map((i) => `${nats.metadata.name}-${i}.${String(spec.serviceName)}`));
    expect(conf).toMatch(/^server_name:\s*\$POD_NAME$/m);
    // The headless Service the routes go through exists and is headless.
    expect(asObject(find(manifests, 'Service', String(spec.serviceName)).spec, 'spec').clusterIP).toBe(
      'None',
    );
  });

  it('replicates every stream on all three servers', () => {
    expect(labelsOf(find(manifests, 'ConfigMap', 'shopmind-config').data).SHOPMIND_STREAM_REPLICAS).toBe('3');
  });

  it('scales every service with KEDA, one trigger per durable consumer its handlers bind', () => {
    const monitor = containerPorts(nats).find((p) => p.name === 'monitor');
    expect(monitor?.containerPort).toBe(8222);
    for (const service of shopmindServices) {
      const scaled = find(manifests, 'ScaledObject', service);
      const spec = asObject(scaled.spec, 'spec');
      expect(String(asObject(spec.scaleTargetRef, 'scaleTargetRef').name)).toBe(service);
      find(manifests, 'Deployment', service);
      expect(Number(spec.minReplicaCount)).toBeGreaterThanOrEqual(2);
      expect(Number(spec.maxReplicaCount)).toBeGreaterThan(Number(spec.minReplicaCount));
      const triggers = asArray(spec.triggers, 'triggers').map((t) =>
        labelsOf(asObject(t, 'trigger').metadata),
      );
      for (const t of triggers) {
        expect(t.natsServerMonitoringEndpoint).toBe(
          `${nats.metadata.name}.${String(scaled.metadata.namespace)}.svc.cluster.local:8222`,
        );
        expect(Number(t.lagThreshold)).toBeGreaterThan(0);
      }
      const expected = handledEvents(service)
        .map((def) => `${def.stream}/${consumerName(service, def)}`)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect([service, triggers.map((t) => `${t.stream}/${t.consumer}`).sort()]).toEqual([service, expected]);
    }
  });

  it('takes the image from the registry, with a tag', () => {
    for (const m of [...workloads(manifests), find(manifests, 'Job', 'shopmind-provision')]) {
      for (const c of containersOf([m]).filter((x) => String(x.image).includes('shopmind'))) {
        expect(String(c.image)).toMatch(/^registry\.example\.com\/shopmind\/shopmind:(?!latest$)[\w.-]+$/);
      }
    }
  });

  it('keeps NATS servers on different nodes and runs several replicas of each other service', () => {
    const anti = asObject(asObject(podSpecOf(nats).affinity, 'affinity').podAntiAffinity, 'podAntiAffinity');
    expect(asArray(anti.requiredDuringSchedulingIgnoredDuringExecution, 'required').length).toBeGreaterThan(
      0,
    );
    for (const name of ['product-copy', 'knowledge-graph', 'fraud-detection']) {
      expect(
        Number(asObject(find(manifests, 'Deployment', name).spec, 'spec').replicas),
      ).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('deploy/k8s/overlays/production: the Redis Cluster and every process pointed at both clusters', () => {
  const manifests = render('overlays/production');
  const cluster = find(manifests, 'StatefulSet', 'redis-cluster');
  const spec = asObject(cluster.spec, 'spec');
  const [node] = containersOfWorkload(cluster);

  it('runs six Redis nodes in cluster mode, each announcing its stable name under a headless Service', () => {
    expect(spec.replicas).toBe(6);
    expect(asObject(find(manifests, 'Service', String(spec.serviceName)).spec, 'spec').clusterIP).toBe(
      'None',
    );
    expect(asArray(node!.args, 'args')).toEqual(['sh', '/usr/local/etc/redis/start.sh']);
    const env = envEntries(node!);
    // start.sh turns cluster mode on when REDIS_CLUSTER_HOSTNAME is set.
    expect(env.REDIS_CLUSTER_HOSTNAME?.value).toBe(`$(POD_NAME).${String(spec.serviceName)}`);
    expect(asObject(asObject(env.POD_NAME?.valueFrom, 'valueFrom').fieldRef, 'fieldRef').fieldPath).toBe(
      'metadata.name',
    );
    const start = String(asObject(find(manifests, 'ConfigMap', 'redis-config').data, 'data')['start.sh']);
    expect(start).toMatch(/REDIS_CLUSTER_HOSTNAME[\s\S]*--cluster-enabled yes/);
    expect(start).toMatch(/--masterauth "\$REDIS_PASSWORD"/);
    expect(containerPorts(cluster).map((p) => [p.name, p.containerPort])).toEqual([
      ['redis', 6379],
      ['cluster-bus', 16379],
    ]);
    // The base's single Redis is not rendered.
    expect(manifests.filter((m) => m.metadata.name === 'redis')).toEqual([]);
  });

  it('creates the cluster with a Job naming all six nodes, one replica per master', () => {
    const job = find(manifests, 'Job', 'redis-cluster-create');
    const [c] = containersOfWorkload(job);
    const args = asArray(c!.args, 'args').map(String);
    expect(args.slice(0, 2)).toEqual(['sh', '/usr/local/etc/redis/cluster-create.sh']);
    expect(args.slice(2)).toEqual(podNames(cluster).map((n) => `${n}:6379`));
    const script = String(
      asObject(find(manifests, 'ConfigMap', 'redis-config').data, 'data')['cluster-create.sh'],
    );
    expect(script).toMatch(/--cluster create "\$@" --cluster-replicas 1 --cluster-yes/);
    const ref = secretRefOf(envEntries(c!).REDISCLI_AUTH);
    expect([ref.name, ref.key]).toEqual(['shopmind-secrets', 'REDIS_PASSWORD']);
    expect(c!.image).toBe(node!.image);
  });

  it('lets one Redis node and one NATS server go at a time, and spreads the nodes over hosts', () => {
    for (const name of ['redis-cluster', 'nats']) {
      const pdb = find(manifests, 'PodDisruptionBudget', name);
      expect([name, asObject(pdb.spec, 'spec').maxUnavailable]).toEqual([name, 1]);
    }
    const pod = podSpecOf(cluster);
    const anti = asObject(asObject(pod.affinity, 'affinity').podAntiAffinity, 'podAntiAffinity');
    expect(asArray(anti.preferredDuringSchedulingIgnoredDuringExecution, 'preferred').length).toBe(1);
    const spread = asArray(pod.topologySpreadConstraints, 'spread').map((x) => asObject(x, 'constraint'));
    expect(spread.map((x) => [x.topologyKey, x.maxSkew])).toEqual([['kubernetes.io/hostname', 1]]);
  });

  it('gives every service, the edge and provision all three NATS servers and the six Redis nodes', () => {
    const nats = find(manifests, 'StatefulSet', 'nats');
    const expected = {
      NATS_URL: podNames(nats)
        .map((n) => `nats://${n}:4222`)
        .join(','),
      REDIS_URL: undefined,
      REDIS_CLUSTER_NODES: podNames(cluster)
        .map((n) => `${n}:6379`)
        .join(','),
    };
    expect(expected.NATS_URL.split(',')).toHaveLength(3);
    expect(expected.REDIS_CLUSTER_NODES.split(',')).toHaveLength(6);
    for (const name of [...shopmindServices, 'edge']) {
      const [c] = containersOfWorkload(find(manifests, 'Deployment', name));
      expect([name, connectionsOf(envOf(manifests, c!))]).toEqual([name, expected]);
    }
    const [provision] = containersOfWorkload(find(manifests, 'Job', 'shopmind-provision'));
    const env = envOf(manifests, provision!);
    expect([env.NATS_URL, env.SHOPMIND_STREAM_REPLICAS]).toEqual([expected.NATS_URL, '3']);
  });
});

describe('deploy/k8s/overlays/dev', () => {
  const manifests = render('overlays/dev');

  it('runs a single NATS server with the single-node configuration', () => {
    const nats = find(manifests, 'StatefulSet', 'nats');
    expect(asObject(nats.spec, 'spec').replicas).toBe(1);
    const names = asArray(podSpecOf(nats).volumes, 'volumes').map(
      (v) => asObject(asObject(v, 'volume').configMap, 'configMap').name,
    );
    const conf = String(asObject(find(manifests, 'ConfigMap', String(names[0])).data, 'data')['nats.conf']);
    expect(conf).not.toMatch(/^cluster\s*\{/m);
  });

  it('runs the locally built image', () => {
    const [c] = containersOfWorkload(find(manifests, 'Deployment', 'review-sentiment'));
    expect(c.image).toBe('shopmind:local');
  });

  it('says how to create its Secrets without committing them', () => {
    const text = readFileSync(join(k8s, 'overlays/dev/kustomization.yaml'), 'utf8');
    expect(text).toContain('npx shopmind secrets dev --format k8s | kubectl apply -n shopmind-dev -f -');
  });
});
