// deploy/k8s/nats-helm/values.yaml, the values for the official NATS Helm chart (nats-io/k8s), held
// to a JSON schema written from the chart's documented values keys (nats-helm-values.schema.json)
// and to what ShopMind needs: 3 clustered servers, JetStream on file storage with a volume,
// monitoring for KEDA, and the users of deploy/nats/auth.conf with their passwords from the Secret.
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { ServiceCatalogue } from '@shopmind/contracts';
import { asObject, type Json, type JsonObject } from './kustomize-renderer.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const services = Object.values(ServiceCatalogue).map((s) => s.name);
const schema = JSON.parse(
  readFileSync(join(root, 'tests/deploy/nats-helm-values.schema.json'), 'utf8'),
) as JsonObject;
const validate = new Ajv({ allErrors: true }).compile(schema);
const values = asObject(
  parse(readFileSync(join(root, 'deploy/k8s/nats-helm/values.yaml'), 'utf8')) as Json,
  'values',
);
const errors = (v: Json): string[] =>
  validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message ?? ''}`);
const at = (obj: Json, ...path: string[]): Json | undefined =>
  path.reduce<Json | undefined>(
    (o, k) => (o !== null && typeof o === 'object' && !Array.isArray(o) ? o[k] : undefined),
    obj,
  );

describe('deploy/k8s/nats-helm/values.yaml (official NATS chart)', () => {
  it("uses only the chart's documented keys, with their types", () => {
    expect(errors(values)).toEqual([]);
  });

  it('rejects a misspelt key or a wrong type, so the check above means something', () => {
    expect(errors({ ...values, cluster: { enabled: true } }).join('\n')).toMatch(/additional/);
    expect(errors({ config: { jetstream: { fileStore: { pvc: { size: 50 } } } } }).join('\n')).toMatch(
      /string/,
    );
    expect(errors({ config: { cluster: { replica: 3 } } }).join('\n')).toMatch(/additional/);
  });

  it('runs 3 clustered servers with JetStream on file storage, a volume each, and monitoring', () => {
    expect(at(values, 'config', 'cluster', 'enabled')).toBe(true);
    expect(at(values, 'config', 'cluster', 'replicas')).toBe(3);
    expect(at(values, 'config', 'jetstream', 'enabled')).toBe(true);
    expect(at(values, 'config', 'jetstream', 'fileStore', 'enabled')).toBe(true);
    expect(at(values, 'config', 'jetstream', 'fileStore', 'pvc', 'enabled')).toBe(true);
    expect(String(at(values, 'config', 'jetstream', 'fileStore', 'pvc', 'size'))).toMatch(/^\d+Gi$/);
    expect(at(values, 'config', 'monitor', 'enabled')).toBe(true);
    expect(at(values, 'config', 'monitor', 'port')).toBe(8222);
    expect(at(values, 'podDisruptionBudget', 'enabled')).toBe(true);
  });

  it("includes auth.conf from a mounted ConfigMap and gives the server every user's password from the Secret", () => {
    const include = String(at(values, 'config', 'merge', '$include'));
    const mount = asObject(
      asObject((at(values, 'container', 'patch') as Json[])[0], 'patch').value,
      'volumeMount',
    );
    // Paths are relative to the chart's /etc/nats-config/nats.conf.
    expect(join('/etc/nats-config', include)).toBe(join(String(mount.mountPath), 'auth.conf'));
    const volume = asObject(
      asObject((at(values, 'podTemplate', 'patch') as Json[])[0], 'patch').value,
      'volume',
    );
    expect(volume.name).toBe(mount.name);
    const env = asObject(at(values, 'container', 'env'), 'env');
    const keys = [
      'NATS_ADMIN_PASSWORD',
      'NATS_EDGE_PASSWORD',
      ...services.map((s) => `NATS_${s.toUpperCase().replace(/-/g, '_')}_PASSWORD`),
    ];
    expect(Object.keys(env).sort()).toEqual(keys.sort());
    for (const key of keys) {
      expect(at(env, key, 'valueFrom', 'secretKeyRef')).toEqual({ name: 'shopmind-nats-auth', key });
    }
  });

  it('runs the same nats-server version as the manifests', () => {
    const base = readFileSync(join(root, 'deploy/k8s/base/nats.yaml'), 'utf8');
    const tag = String(at(values, 'container', 'image', 'tag'));
    expect(base).toContain(`image: nats:${tag}`);
  });
});
