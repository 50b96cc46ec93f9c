// Validates Kubernetes objects offline against the official OpenAPI schemas, as packaged by
// kubernetes-models (and @kubernetes-models/keda for KEDA's ScaledObject).
import type { Manifest } from './kustomize-renderer.js';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: Manifest) => Validatable;

/** The module of each apiVersion's models: core `v1` has no group. */
function modulePath(apiVersion: string, kind: string): string {
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/**
 * Throws when `m` breaks its kind's schema (a missing required field, a wrong type, a bad enum);
 * also when no schema is known for its apiVersion/kind, so a typo in either does not pass unseen.
 */
export async function validateAgainstSchema(m: Manifest): Promise<void> {
  let model: ModelClass;
  try {
    const mod = (await import(modulePath(m.apiVersion, m.kind))) as Record<string, ModelClass>;
    model = mod[m.kind];
  } catch {
    throw new Error(
      `${m.kind}/${m.metadata.name}: no schema for apiVersion "${m.apiVersion}" kind "${m.kind}"`,
    );
  }
  try {
    new model(m).validate();
  } catch (e) {
    throw new Error(`${m.kind}/${m.metadata.name}: ${(e as Error).message}`);
  }
}
