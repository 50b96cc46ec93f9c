// What each deployment target ships, read from its files: the NATS and Redis servers' commands,
// configuration and environment, the admin step that provisions the streams, and every service's
// command and environment — as Docker Compose and Kubernetes would compute them, with the dev
// secrets `shopmind secrets dev` generates standing in for the operator's.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderK8sSecrets } from '@shopmind/cli';
import { repoRoot } from '@shopmind/testing';
import { mergeCompose, readCompose } from './compose-files.js';
import { execForm, parseDockerfile } from './dockerfile-parser.js';
import {
  asArray,
  asObject,
  isObject,
  podTemplateOf,
  renderKustomization,
  type Json,
  type JsonObject,
  type Manifest,
} from './kustomize-renderer.js';
import { composeEnvironment, kubernetesEnvironment, type KubernetesSources } from './shipped-environment.js';

/** Files a container sees under a path: container path → file content. */
export type Mounted = Map<string, string>;

export interface ContainerSpec {
  /** The argv the container runs (entrypoint and command resolved). */
  argv: string[];
  env: Record<string, string>;
  /** Files mounted into the container (configuration), by their path inside it. */
  files: Mounted;
}

/** A server of the target, by the host name clients reach it at (a compose service, a pod). */
export type ServerSpec = ContainerSpec & { host: string };

export interface ShippedTarget {
  name: string;
  /** One entry per NATS server (three for a cluster). */
  nats: ServerSpec[];
  /** One Redis, or the six nodes of a Redis Cluster. */
  redis: ServerSpec[];
  /** A Redis Cluster's one-shot create step (compose's `redis-cluster-create`, the Job). */
  redisCreate?: ContainerSpec;
  provision: ContainerSpec;
  services: (ContainerSpec & { service: string })[];
  /** The HTTP edge (webhooks and the HTTP API): not a catalogue service, started beside them. */
  edge: ContainerSpec;
}

/**
 * Files an operator creates that git does not hold (the edge's tenants file), by their path in the
 * repository: compose's bind mounts see them as if they were there.
 */
export type OperatorFiles = Record<string, string>;

const root = repoRoot();
const infraNames = new Set(['nats', 'redis', 'provision']);
const EDGE = 'edge';

/** The image's runtime ENV and CMD (deploy/Dockerfile), which every ShopMind container starts from. */
export function imageDefaults(): { env: Record<string, string>; cmd: string[] } {
  const file = parseDockerfile(readFileSync(join(root, 'deploy/Dockerfile'), 'utf8'));
  const runtime = file.stages.at(-1)!;
  const env: Record<string, string> = {};
  for (const ins of runtime.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const [, key, value] of ins.args.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g))
      if (!value!.includes('${')) env[key!] = value!.replace(/^"|"$/g, '');
  }
  const cmd = runtime.instructions.filter((i) => i.keyword === 'CMD').at(-1);
  if (!cmd) throw new Error('deploy/Dockerfile: the runtime stage has no CMD');
  return { env, cmd: execForm(cmd) };
}

function filesUnder(hostDir: string, containerDir: string, into: Mounted): void {
  for (const name of readdirSync(hostDir)) {
    const p = join(hostDir, name);
    if (statSync(p).isDirectory()) filesUnder(p, posix.join(containerDir, name), into);
    else into.set(posix.join(containerDir, name), readFileSync(p, 'utf8'));
  }
}

// ---------------------------------------------------------------------------------------------
// Docker Compose

function composeMounts(service: JsonObject, operatorFiles: OperatorFiles): Mounted {
  const files: Mounted = new Map();
  for (const v of asArray(service.volumes ?? [], 'volumes')) {
    const [source, target] = String(v).split(':');
    if (!source?.startsWith('./') || !target) continue;
    const host = join(root, source);
    const relativeSource = posix.normalize(source);
    if (operatorFiles[relativeSource] !== undefined) {
      files.set(target, operatorFiles[relativeSource]);
      continue;
    }
    if (statSync(host).isDirectory()) {
      filesUnder(host, target, files);
      for (const [path, content] of Object.entries(operatorFiles))
        if (path.startsWith(`${relativeSource}/`))
          files.set(posix.join(target, path.slice(relativeSource.length + 1)), content);
    } else files.set(target, readFileSync(host, 'utf8'));
  }
  return files;
}

function commandOf(value: Json | undefined): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  return String(value).split(/\s+/).filter(Boolean);
}

/**
 * The compose files merged as `docker compose -f a -f b` merges them, with `.env` holding `vars`
 * (the secrets), and the services of no profile (what `docker compose up` starts). With
 * `cluster: true`, `.env` also holds the compose file's `x-cluster-settings` (the `cluster` profile
 * on, the services pointed at it) and the target is the profile's NATS servers and Redis nodes.
 */
export function composeTarget(
  name: string,
  files: string[],
  secrets: Record<string, string>,
  operatorFiles: OperatorFiles = {},
  options: { cluster?: boolean } = {},
): ShippedTarget {
  const merged = mergeCompose(...files.map(readCompose));
  const clusterSettings = options.cluster
    ? Object.fromEntries(
        Object.entries(asObject(merged['x-cluster-settings'], 'x-cluster-settings')).map(([k, v]) => [
          k,
          String(v),
        ]),
      )
    : {};
  const vars = { ...secrets, ...clusterSettings };
  const profiles = (clusterSettings.COMPOSE_PROFILES ?? '').split(',').filter(Boolean);
  const services = Object.entries(asObject(merged.services, 'services'))
    .map(([n, s]) => [n, asObject(s, n)] as const)
    .filter(
      ([, s]) =>
        s.profiles === undefined || asArray(s.profiles, 'profiles').some((p) => profiles.includes(String(p))),
    );
  const image = imageDefaults();
  const spec = (n: string, s: JsonObject, defaultArgv: string[] = image.cmd): ContainerSpec => ({
    argv: commandOf(s.command) ?? defaultArgv,
    env: { ...(String(s.image ?? '').includes('shopmind') ? image.env : {}), ...composeEnvironment(s, vars) },
    files: composeMounts(s, operatorFiles),
  });
  const byName = new Map(services);
  const need = (n: string) => {
    const s = byName.get(n);
    if (!s) throw new Error(`${name}: no compose service ${n}`);
    return s;
  };
  // The profile's servers when it is on (the single `nats` and `redis` then run unused).
  const natsNames = options.cluster ? ['nats-0', 'nats-1', 'nats-2'] : ['nats'];
  const redisNames = options.cluster ? [0, 1, 2, 3, 4, 5].map((i) => `redis-node-${i}`) : ['redis'];
  return {
    name,
    // The nats image's entrypoint runs nats-server with the command's flags.
    nats: natsNames.map((n) => {
      const c = spec(n, need(n), []);
      return { ...c, host: n, argv: ['nats-server', ...c.argv] };
    }),
    redis: redisNames.map((n) => ({ ...spec(n, need(n)), host: n })),
    ...(options.cluster ? { redisCreate: spec('redis-cluster-create', need('redis-cluster-create')) } : {}),
    provision: spec('provision', need('provision')),
    services: services
      .filter(([n, s]) => !infraNames.has(n) && n !== EDGE && String(s.image ?? '').includes('shopmind'))
      .map(([n, s]) => ({ service: n, ...spec(n, s) })),
    edge: spec(EDGE, need(EDGE)),
  };
}

// ---------------------------------------------------------------------------------------------
// Kubernetes (kustomize)

/** The Secrets `shopmind secrets dev --format k8s` creates, as the cluster would hold them. */
function devSecretsInCluster(secrets: Record<string, string>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const doc of parseAllDocuments(renderK8sSecrets(secrets))) {
    const m = doc.toJS() as {
      metadata: { name: string };
      stringData?: Record<string, string>;
      data?: Record<string, string>;
    };
    if (!m) continue;
    out[m.metadata.name] = {
      ...Object.fromEntries(
        Object.entries(m.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      ),
      ...(m.stringData ?? {}),
    };
  }
  return out;
}

function k8sMounts(
  pod: JsonObject,
  container: JsonObject,
  manifests: Manifest[],
  secrets: KubernetesSources['secrets'],
): Mounted {
  const files: Mounted = new Map();
  const volumes = new Map(
    asArray(pod.volumes ?? [], 'volumes').map((v) => [
      String(asObject(v, 'volume').name),
      asObject(v, 'volume'),
    ]),
  );
  for (const m of asArray(container.volumeMounts ?? [], 'volumeMounts')) {
    const mount = asObject(m, 'volumeMount');
    const volume = volumes.get(String(mount.name));
    if (volume && isObject(volume.secret)) {
      // A Secret volume: its keys as files, from the Secret the cluster holds.
      const secretName = String(volume.secret.secretName);
      const data = secrets[secretName];
      if (!data) throw new Error(`volume ${String(mount.name)}: Secret ${secretName} is not in the cluster`);
      for (const [key, value] of Object.entries(data))
        files.set(posix.join(String(mount.mountPath), key), value);
      continue;
    }
    if (!volume || !isObject(volume.configMap)) continue;
    const cmName = String(volume.configMap.name);
    const cm = manifests.find((x) => x.kind === 'ConfigMap' && x.metadata.name === cmName);
    if (!cm) throw new Error(`volume ${String(mount.name)}: ConfigMap ${cmName} is not in the rendering`);
    const data = asObject(cm.data ?? {}, cmName);
    const items =
      isObject(volume.configMap) && Array.isArray(volume.configMap.items)
        ? volume.configMap.items
        : undefined;
    const entries = items
      ? items.map((i) => [String(asObject(i, 'item').key), String(asObject(i, 'item').path)] as const)
      : Object.keys(data).map((k) => [k, k] as const);
    for (const [key, path] of entries) {
      if (typeof mount.subPath === 'string') {
        if (mount.subPath === path) files.set(String(mount.mountPath), String(data[key]));
      } else files.set(posix.join(String(mount.mountPath), path), String(data[key]));
    }
  }
  return files;
}

function workload(manifests: Manifest[], kind: string, name: string): Manifest {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in the rendering`);
  return m;
}

function k8sContainer(
  m: Manifest,
  manifests: Manifest[],
  secrets: KubernetesSources['secrets'],
  podName: string,
  image: { env: Record<string, string>; cmd: string[] } | undefined,
): ContainerSpec {
  const pod = podTemplateOf(m)!;
  const spec = asObject(pod.spec, 'pod spec');
  const container = asObject(asArray(spec.containers, 'containers')[0], 'container');
  const env = kubernetesEnvironment(container, {
    manifests,
    secrets,
    pod: { name: podName, namespace: String(m.metadata.namespace ?? 'default') },
  });
  const command = commandOf(container.command);
  const args = commandOf(container.args);
  // command replaces the image's entrypoint, args its CMD.
  const argv = command ? [...command, ...(args ?? [])] : (args ?? image?.cmd ?? []);
  return {
    argv,
    env: { ...(image?.env ?? {}), ...env },
    files: k8sMounts(spec, container, manifests, secrets),
  };
}

export function kustomizeTarget(
  name: string,
  overlay: string,
  secrets: Record<string, string>,
  /** Further Secrets the operator creates (e.g. shopmind-edge-tenants): name → key → value. */
  operatorSecrets: Record<string, Record<string, string>> = {},
): ShippedTarget {
  const { manifests } = renderKustomization(join(root, overlay));
  const inCluster = { ...devSecretsInCluster(secrets), ...operatorSecrets };
  const image = imageDefaults();
  const natsSet = workload(manifests, 'StatefulSet', 'nats');
  const natsReplicas = Number(asObject(natsSet.spec, 'spec').replicas ?? 1);
  const natsContainers = Array.from({ length: natsReplicas }, (_, i) => {
    const c = k8sContainer(natsSet, manifests, inCluster, `nats-${i}`, undefined);
    // The nats image's entrypoint runs nats-server with the container's args.
    return {
      ...c,
      host: `nats-${i}`,
      argv: c.argv[0] === 'nats-server' ? c.argv : ['nats-server', ...c.argv],
    };
  });
  // The single Redis (base, dev) or the Redis Cluster's StatefulSet (production), a pod each.
  const redisSet = manifests.find(
    (m) => m.kind === 'StatefulSet' && ['redis', 'redis-cluster'].includes(m.metadata.name),
  );
  if (!redisSet) throw new Error(`${overlay}: no Redis StatefulSet`);
  const redisReplicas = Number(asObject(redisSet.spec, 'spec').replicas ?? 1);
  const redisContainers = Array.from({ length: redisReplicas }, (_, i) => ({
    ...k8sContainer(redisSet, manifests, inCluster, `${redisSet.metadata.name}-${i}`, undefined),
    // The single Redis is reached through its Service `redis`; cluster nodes by their pod names.
    host: redisReplicas === 1 ? 'redis' : `${redisSet.metadata.name}-${i}`,
  }));
  const jobs = manifests.filter((m) => m.kind === 'Job');
  const provisionJobs = jobs.filter((j) =>
    asArray(asObject(podTemplateOf(j)!.spec, 'spec').containers, 'containers').some((c) =>
      String(asObject(c, 'c').image).includes('shopmind'),
    ),
  );
  if (provisionJobs.length !== 1)
    throw new Error(
      `${overlay}: expected one Job of the ShopMind image (provision), found ${provisionJobs.length}`,
    );
  const createJob = jobs.find((j) => j.metadata.name === 'redis-cluster-create');
  if (jobs.length !== provisionJobs.length + (createJob ? 1 : 0))
    throw new Error(
      `${overlay}: a Job the spec does not know: ${jobs.map((j) => j.metadata.name).join(', ')}`,
    );
  const deployments = manifests.filter(
    (m) =>
      m.kind === 'Deployment' &&
      asArray(asObject(podTemplateOf(m)!.spec, 'spec').containers, 'containers').some((c) =>
        String(asObject(c, 'c').image).includes('shopmind'),
      ),
  );
  return {
    name,
    nats: natsContainers,
    redis: redisContainers,
    ...(createJob
      ? { redisCreate: k8sContainer(createJob, manifests, inCluster, 'redis-cluster-create-x', undefined) }
      : {}),
    provision: k8sContainer(provisionJobs[0]!, manifests, inCluster, 'shopmind-provision-x', image),
    services: deployments
      .filter((d) => d.metadata.name !== EDGE)
      .map((d) => ({
        service: d.metadata.name,
        ...k8sContainer(d, manifests, inCluster, `${d.metadata.name}-0`, image),
      })),
    edge: k8sContainer(workload(manifests, 'Deployment', EDGE), manifests, inCluster, `${EDGE}-0`, image),
  };
}
