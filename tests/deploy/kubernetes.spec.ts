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

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const k8s = join(root, 'deploy', 'k8s');
const overlays = ['dev', 'production'];
const shopmindServices = [
  'review-sentiment',
  'product-copy',
  'knowledge-graph',
  'fraud-detection',
  'recommendation',
  'customer-service',
];
const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

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
    const unused = yamlFiles(k8s)
      .filter((f) => !used.has(f))
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
      expect(env.NATS_URL).toMatch(/^nats:\/\/nats:4222$/);
      expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:6379$/);
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

  it('lets only the ShopMind services reach Redis', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    const redis = find(manifests, 'StatefulSet', 'redis');
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
  it('deploy the same ShopMind services, each a real service folder', () => {
    const compose = asObject(
      parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Json,
      'compose',
    );
    const composed = Object.keys(asObject(compose.services, 'services')).filter(
      (n) => n !== 'nats' && n !== 'redis',
    );
    const deployed = render('base')
      .filter(
        (m) =>
          m.kind === 'Deployment' && labelsOf(m.metadata.labels)['app.kubernetes.io/component'] === 'service',
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

  it("scales review-sentiment with KEDA on its JetStream consumer's lag", () => {
    const scaled = find(manifests, 'ScaledObject', 'review-sentiment');
    const spec = asObject(scaled.spec, 'spec');
    const target = String(asObject(spec.scaleTargetRef, 'scaleTargetRef').name);
    find(manifests, 'Deployment', target);
    expect(Number(spec.minReplicaCount)).toBeGreaterThanOrEqual(2);
    expect(Number(spec.maxReplicaCount)).toBeGreaterThan(Number(spec.minReplicaCount));
    const [trigger] = asArray(spec.triggers, 'triggers').map((t) => asObject(t, 'trigger'));
    expect(trigger.type).toBe('nats-jetstream');
    const meta = labelsOf(trigger.metadata);
    expect(meta.stream).toBe('SHOP_EVENTS');
    // consumerName(service, def) in @shopmind/contracts: '<service>__<domain>_<event>'.
    expect(meta.consumer).toBe(`${target}__review_submitted`);
    expect(meta.natsServerMonitoringEndpoint).toBe(
      `${nats.metadata.name}.${String(scaled.metadata.namespace)}.svc.cluster.local:8222`,
    );
    const monitor = containerPorts(nats).find((p) => p.name === 'monitor');
    expect(monitor?.containerPort).toBe(8222);
    expect(Number(meta.lagThreshold)).toBeGreaterThan(0);
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
});
