// A small kustomize renderer for the deploy specs (no kubectl here): it follows `resources`, runs
// `configMapGenerator`, applies `namespace`, `labels`, `images`, `replicas` and strategic-merge
// `patches` the way kustomize does for the cases deploy/k8s uses. Generated names get no hash
// suffix, so references stay literal. Anything it does not understand is an error, not a guess.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export interface Manifest extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name: string };
}

export class KustomizeError extends Error {}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: Json | undefined, what: string): JsonObject {
  if (!isObject(value)) throw new KustomizeError(`${what}: expected a mapping`);
  return value;
}

export function asArray(value: Json | undefined, what: string): Json[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new KustomizeError(`${what}: expected a list`);
  return value;
}

function asString(value: Json | undefined, what: string): string {
  if (typeof value !== 'string') throw new KustomizeError(`${what}: expected a string`);
  return value;
}

/** Every YAML document in a file, as manifests (comments and empty documents dropped). */
export function readManifests(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const out: Manifest[] = [];
  for (const doc of docs) {
    if (doc.errors.length)
      throw new KustomizeError(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as Json;
    if (value === null || value === undefined) continue;
    out.push(toManifest(value, file));
  }
  return out;
}

export function toManifest(value: Json, where: string): Manifest {
  const obj = asObject(value, where);
  const metadata = asObject(obj.metadata, `${where}: metadata`);
  if (
    typeof obj.apiVersion !== 'string' ||
    typeof obj.kind !== 'string' ||
    typeof metadata.name !== 'string'
  ) {
    throw new KustomizeError(`${where}: every object needs apiVersion, kind and metadata.name`);
  }
  return obj as Manifest;
}

const clusterScoped = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
]);

export interface Rendered {
  manifests: Manifest[];
  /** Every file the rendering read, so a spec can tell which files a kustomization depends on. */
  files: string[];
}

const known = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'labels',
  'resources',
  'configMapGenerator',
  'images',
  'replicas',
  'patches',
]);

/** Renders the kustomization in `dir` (a folder holding kustomization.yaml). */
export function renderKustomization(dir: string): Rendered {
  const kfile = join(dir, 'kustomization.yaml');
  if (!existsSync(kfile)) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const k = asObject(parse(readFileSync(kfile, 'utf8')) as Json, kfile);
  for (const key of Object.keys(k)) {
    if (!known.has(key)) throw new KustomizeError(`${kfile}: the spec renderer does not support "${key}"`);
  }
  const files = [kfile];
  let manifests: Manifest[] = [];

  const fileIn = (ref: string, what: string): string => {
    const p = join(dir, ref);
    if (!existsSync(p)) throw new KustomizeError(`${kfile}: ${what} "${ref}" does not exist`);
    return p;
  };

  for (const ref of asArray(k.resources, `${kfile}: resources`)) {
    const p = fileIn(asString(ref, `${kfile}: resources`), 'resource');
    if (statSync(p).isDirectory()) {
      const sub = renderKustomization(p);
      manifests.push(...sub.manifests);
      files.push(...sub.files);
    } else {
      manifests.push(...readManifests(p));
      files.push(p);
    }
  }

  for (const gen of asArray(k.configMapGenerator, `${kfile}: configMapGenerator`)) {
    const g = asObject(gen, `${kfile}: configMapGenerator`);
    const data: JsonObject = {};
    for (const entry of asArray(g.files, `${kfile}: configMapGenerator.files`)) {
      const spec = asString(entry, `${kfile}: configMapGenerator.files`);
      const [key, path] = spec.includes('=') ? spec.split('=', 2) : [basename(spec), spec];
      const p = fileIn(path, 'configMapGenerator file');
      // kustomize refuses files outside the kustomization's folder (its load restrictor).
      if (relative(dir, p).startsWith('..'))
        throw new KustomizeError(`${kfile}: "${path}" is outside ${dir}`);
      data[key] = readFileSync(p, 'utf8');
      files.push(p);
    }
    for (const lit of asArray(g.literals, `${kfile}: configMapGenerator.literals`)) {
      const [key, ...rest] = asString(lit, `${kfile}: literal`).split('=');
      data[key] = rest.join('=');
    }
    manifests.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: asString(g.name, `${kfile}: configMapGenerator.name`) },
      data,
    });
  }

  for (const patch of asArray(k.patches, `${kfile}: patches`)) {
    const p = asObject(patch, `${kfile}: patches`);
    const path = fileIn(
      asString(p.path, `${kfile}: patches.path (inline patches are not supported)`),
      'patch',
    );
    files.push(path);
    for (const body of readManifests(path)) {
      const target = p.target === undefined ? undefined : asObject(p.target, `${kfile}: patches.target`);
      const matches = manifests.filter((m) => patchTargets(m, body, target));
      if (!matches.length) throw new KustomizeError(`${path}: the patch matches no resource`);
      // `$patch: delete` removes the object (strategic merge's directive); anything else merges.
      if (body.$patch === 'delete') manifests = manifests.filter((m) => !matches.includes(m));
      else if (body.$patch !== undefined)
        throw new KustomizeError(
          `${path}: the spec renderer does not support $patch: ${String(body.$patch)}`,
        );
      else manifests = manifests.map((m) => (matches.includes(m) ? patchManifest(m, body) : m));
    }
  }

  for (const r of asArray(k.replicas, `${kfile}: replicas`)) {
    const rep = asObject(r, `${kfile}: replicas`);
    const hits = manifests.filter(
      (m) => m.metadata.name === rep.name && isObject(m.spec) && 'replicas' in m.spec,
    );
    if (!hits.length)
      throw new KustomizeError(`${kfile}: replicas for "${String(rep.name)}" match no workload`);
    for (const m of hits) asObject(m.spec, 'spec').replicas = rep.count ?? null;
  }

  for (const i of asArray(k.images, `${kfile}: images`)) {
    const img = asObject(i, `${kfile}: images`);
    const name = asString(img.name, `${kfile}: images.name`);
    for (const c of containersOf(manifests)) {
      const image = asString(c.image, 'container image');
      const bare = image.split('@')[0].replace(/:[^/:]+$/, '');
      if (bare !== name) continue;
      const newName = typeof img.newName === 'string' ? img.newName : bare;
      c.image =
        typeof img.digest === 'string'
          ? `${newName}@${img.digest}`
          : `${newName}:${typeof img.newTag === 'string' ? img.newTag : (image.split(':')[1] ?? 'latest')}`;
    }
  }

  for (const l of asArray(k.labels, `${kfile}: labels`)) {
    const entry = asObject(l, `${kfile}: labels`);
    const pairs = asObject(entry.pairs, `${kfile}: labels.pairs`);
    if (entry.includeSelectors === true)
      throw new KustomizeError(`${kfile}: includeSelectors is not supported`);
    for (const m of manifests) {
      m.metadata.labels = { ...(isObject(m.metadata.labels) ? m.metadata.labels : {}), ...pairs };
      const template = podTemplateOf(m);
      if (entry.includeTemplates === true && template) {
        // Pod templates and, as kustomize does, a StatefulSet's volume claim templates.
        const claims = asArray(asObject(m.spec, 'spec').volumeClaimTemplates, 'volumeClaimTemplates');
        for (const t of [template, ...claims.map((c) => asObject(c, 'volumeClaimTemplate'))]) {
          const meta = isObject(t.metadata) ? t.metadata : (t.metadata = {});
          meta.labels = { ...(isObject(meta.labels) ? meta.labels : {}), ...pairs };
        }
      }
    }
  }

  if (typeof k.namespace === 'string') {
    const ns = k.namespace;
    for (const m of manifests) {
      if (m.kind === 'Namespace') m.metadata.name = ns;
      else if (!clusterScoped.has(m.kind)) m.metadata.namespace = ns;
    }
  }

  return { manifests, files };
}

function patchTargets(m: Manifest, body: Manifest, target: JsonObject | undefined): boolean {
  if (!target) return m.kind === body.kind && m.metadata.name === body.metadata.name;
  if (typeof target.kind === 'string' && target.kind !== m.kind) return false;
  if (typeof target.name === 'string' && target.name !== m.metadata.name) return false;
  if (typeof target.labelSelector === 'string') {
    const labels = isObject(m.metadata.labels) ? m.metadata.labels : {};
    for (const term of target.labelSelector.split(',')) {
      const [key, value] = term.split('=');
      if (labels[key] !== value) return false;
    }
  }
  return true;
}

function patchManifest(m: Manifest, body: Manifest): Manifest {
  const { metadata: _ignored, ...rest } = body;
  return strategicMerge(m, rest) as Manifest;
}

/**
 * Strategic merge as kustomize applies it to the fields used here: mappings merge key by key, a key
 * patched to null is removed; lists of objects with a `name` (containers, volumes, env, ports) merge
 * item by item on that name; any other list is replaced.
 */
export function strategicMerge(base: Json, patch: Json): Json {
  if (isObject(base) && isObject(patch)) {
    const out: JsonObject = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? strategicMerge(base[key], value) : value;
    }
    return out;
  }
  if (
    Array.isArray(base) &&
    Array.isArray(patch) &&
    [...base, ...patch].every((i) => isObject(i) && typeof i.name === 'string')
  ) {
    const out = [...base];
    for (const item of patch as JsonObject[]) {
      const at = out.findIndex((b) => (b as JsonObject).name === item.name);
      if (at >= 0) out[at] = strategicMerge(out[at], item);
      else out.push(item);
    }
    return out;
  }
  return patch;
}

/** The pod template of a workload (Deployment, StatefulSet, ...), if it has one. */
export function podTemplateOf(m: Manifest): JsonObject | undefined {
  if (!isObject(m.spec) || !isObject(m.spec.template)) return undefined;
  const template = m.spec.template;
  template.metadata = isObject(template.metadata) ? template.metadata : {};
  return template;
}

export function containersOf(manifests: Manifest[]): JsonObject[] {
  return manifests.flatMap((m) => {
    const template = podTemplateOf(m);
    if (!template) return [];
    const spec = asObject(template.spec, `${m.kind}/${m.metadata.name}: template.spec`);
    return [...asArray(spec.initContainers, 'initContainers'), ...asArray(spec.containers, 'containers')].map(
      (c) => asObject(c, `${m.kind}/${m.metadata.name}: container`),
    );
  });
}
