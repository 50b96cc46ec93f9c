// The environment a deployment target gives a container, computed from its files the way Docker
// Compose and Kubernetes compute it, so a test can start the service with exactly that.
import {
  asArray,
  asObject,
  isObject,
  type Json,
  type JsonObject,
  type Manifest,
} from './kustomize-renderer.js';

export class EnvironmentError extends Error {}

/**
 * Compose's interpolation of `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alternative}`, `${VAR+alternative}` and `$$`, with
 * nested expressions in defaults (Compose Specification, "Interpolation").
 */
export function interpolateCompose(text: string, vars: Readonly<Record<string, string | undefined>>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      out += expandBraced(text.slice(i + 2, end), vars);
      i = end + 1;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
      if (!name) throw new EnvironmentError(`invalid interpolation at "${text.slice(i, i + 10)}"`);
      out += vars[name] ?? '';
      i += 1 + name.length;
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  throw new EnvironmentError(`unclosed "\${" in "${text}"`);
}

function expandBraced(expr: string, vars: Readonly<Record<string, string | undefined>>): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(expr);
  if (!m) throw new EnvironmentError(`invalid interpolation "\${${expr}}"`);
  const [, name, op, rest = ''] = m;
  const value = vars[name!];
  const unsetOrEmpty = value === undefined || value === '';
  const missing = op?.startsWith(':') ? unsetOrEmpty : value === undefined;
  switch (op?.replace(':', '')) {
    case undefined:
      return value ?? '';
    case '-':
      return missing ? interpolateCompose(rest, vars) : value!;
    case '?':
      if (missing) throw new EnvironmentError(`required variable ${name} is missing: ${rest}`);
      return value!;
    case '+':
      return missing ? '' : interpolateCompose(rest, vars);
    default:
      throw new EnvironmentError(`invalid interpolation "\${${expr}}"`);
  }
}

/** A compose service's `environment` (mapping or list) after interpolation. */
export function composeEnvironment(
  service: JsonObject,
  vars: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const env = service.environment;
  if (env === undefined) return {};
  const entries: [string, Json][] = Array.isArray(env)
    ? env.map((e) => {
        const [k, v] = String(e).split(/=(.*)/s, 2) as [string, string | undefined];
        return [k, v ?? vars[k] ?? null];
      })
    : Object.entries(asObject(env, 'environment'));
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    // A key without a value takes the variable from the shell; null when it is unset: not set.
    if (v === null) {
      if (vars[k] !== undefined) out[k] = vars[k];
      continue;
    }
    out[k] = interpolateCompose(String(v), vars);
  }
  return out;
}

export interface KubernetesSources {
  manifests: Manifest[];
  /** Secrets that exist in the cluster (created by the operator, never committed): name → data. */
  secrets: Record<string, Record<string, string>>;
  /** The pod's metadata for `fieldRef`. */
  pod: { name: string; namespace: string };
}

function configMapData(sources: KubernetesSources, name: string): Record<string, string> | undefined {
  const cm = sources.manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
  if (!cm) return undefined;
  return Object.fromEntries(
    Object.entries(asObject(cm.data ?? {}, `ConfigMap ${name}`)).map(([k, v]) => [k, String(v)]),
  );
}

/** Kubernetes' `$(VAR)` expansion against the variables defined before; `$$(VAR)` stays literal. */
export function expandKubernetes(value: string, defined: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return name !== undefined && name in defined ? defined[name]! : whole;
  });
}

/**
 * A container's environment as the kubelet builds it: `envFrom` first (ConfigMaps and Secrets,
 * with their prefix), then `env` in order (value with `$(VAR)` expansion, configMapKeyRef,
 * secretKeyRef, fieldRef). A required reference that does not resolve fails the pod's start, and
 * here the test.
 */
export function kubernetesEnvironment(
  container: JsonObject,
  sources: KubernetesSources,
): Record<string, string> {
  const out: Record<string, string> = {};
  const what = `container ${String(container.name)}`;
  for (const from of asArray(container.envFrom ?? [], `${what}: envFrom`)) {
    const f = asObject(from, `${what}: envFrom`);
    const prefix = typeof f.prefix === 'string' ? f.prefix : '';
    const ref = isObject(f.configMapRef) ? f.configMapRef : isObject(f.secretRef) ? f.secretRef : undefined;
    if (!ref) throw new EnvironmentError(`${what}: envFrom entry without configMapRef or secretRef`);
    const name = String(ref.name);
    const data = isObject(f.configMapRef) ? configMapData(sources, name) : sources.secrets[name];
    if (!data) {
      if (ref.optional === true) continue;
      throw new EnvironmentError(
        `${what}: envFrom ${isObject(f.configMapRef) ? 'ConfigMap' : 'Secret'} ${name} does not exist`,
      );
    }
    for (const [k, v] of Object.entries(data)) out[prefix + k] = v;
  }
  for (const entry of asArray(container.env ?? [], `${what}: env`)) {
    const e = asObject(entry, `${what}: env`);
    const name = String(e.name);
    if (typeof e.value === 'string') {
      out[name] = expandKubernetes(e.value, out);
      continue;
    }
    const from = isObject(e.valueFrom) ? e.valueFrom : undefined;
    if (!from) {
      out[name] = '';
      continue;
    }
    const keyRef = isObject(from.configMapKeyRef)
      ? from.configMapKeyRef
      : isObject(from.secretKeyRef)
        ? from.secretKeyRef
        : undefined;
    if (keyRef) {
      const source = isObject(from.configMapKeyRef) ? 'ConfigMap' : 'Secret';
      const data =
        source === 'ConfigMap'
          ? configMapData(sources, String(keyRef.name))
          : sources.secrets[String(keyRef.name)];
      const value = data?.[String(keyRef.key)];
      if (value === undefined) {
        if (keyRef.optional === true) continue;
        throw new EnvironmentError(
          `${what}: ${name} needs key ${String(keyRef.key)} of ${source} ${String(keyRef.name)}, which does not exist`,
        );
      }
      out[name] = value;
    } else if (isObject(from.fieldRef)) {
      const path = String(from.fieldRef.fieldPath);
      const fields: Record<string, string> = {
        'metadata.name': sources.pod.name,
        'metadata.namespace': sources.pod.namespace,
        'status.podIP': '127.0.0.1',
        'spec.nodeName': 'node-1',
      };
      if (!(path in fields))
        throw new EnvironmentError(`${what}: ${name}: fieldRef ${path} not supported here`);
      out[name] = fields[path]!;
    } else if (isObject(from.resourceFieldRef)) {
      // Only used for GOMAXPROCS-like hints; the value does not change how a service starts.
      out[name] = '1';
    } else {
      throw new EnvironmentError(`${what}: ${name}: unsupported valueFrom`);
    }
  }
  return out;
}
