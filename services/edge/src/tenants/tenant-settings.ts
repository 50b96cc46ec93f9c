// The shops the edge serves, read from EDGE_TENANTS_FILE (YAML, mounted from a Secret) and/or
// EDGE_TENANTS (the same as JSON): per tenant its API keys' SHA-256 hashes and its webhook secrets.
import { readFileSync } from 'node:fs';
import { TENANT_PATTERN } from '@shopmind/contracts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const secret = z.object({ secret: z.string().min(16, 'must have at least 16 characters') }).strict();

export const tenantSettingsSchema = z
  .object({
    /** SHA-256 hashes (hex) of the tenant's API keys; the keys themselves are never configured. */
    apiKeys: z
      .array(z.string().regex(/^[0-9a-f]{64}$/i, 'must be the SHA-256 hex hash of a key, not the key'))
      .default([]),
    shopify: secret.optional(),
    woocommerce: secret.optional(),
    /** The generic signed JSON webhook's secret. */
    webhook: secret.optional(),
  })
  .strict();

export const tenantsSchema = z.record(
  z.string().regex(TENANT_PATTERN, `a tenant id must match ${TENANT_PATTERN.source}`),
  tenantSettingsSchema,
);

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;
export type TenantsSettings = Record<string, TenantSettings>;

/** The tenants of one source, or the problems that make it unusable (`VARIABLE: what`). */
function parseSource(variable: string, raw: unknown): { tenants: TenantsSettings; problems: string[] } {
  const parsed = tenantsSchema.safeParse(raw ?? {});
  if (parsed.success) return { tenants: parsed.data, problems: [] };
  return {
    tenants: {},
    problems: parsed.error.issues.map((i) => `${variable}: ${i.path.join('.') || '(top)'}: ${i.message}`),
  };
}

export interface TenantSources {
  /** EDGE_TENANTS_FILE: a YAML file path. */
  file?: string;
  /** EDGE_TENANTS: JSON text. */
  json?: string;
}

/** Reads and validates both sources; a tenant may be defined in one of them only. */
export function readTenants(sources: TenantSources): { tenants: TenantsSettings; problems: string[] } {
  const problems: string[] = [];
  let fromFile: TenantsSettings = {};
  let fromJson: TenantsSettings = {};
  if (sources.file !== undefined) {
    try {
      const r = parseSource('EDGE_TENANTS_FILE', parseYaml(readFileSync(sources.file, 'utf8')) as unknown);
      fromFile = r.tenants;
      problems.push(...r.problems);
    } catch (err) {
      problems.push(`EDGE_TENANTS_FILE: cannot read ${sources.file}: ${(err as Error).message}`);
    }
  }
  if (sources.json !== undefined) {
    try {
      const r = parseSource('EDGE_TENANTS', JSON.parse(sources.json) as unknown);
      fromJson = r.tenants;
      problems.push(...r.problems);
    } catch (err) {
      problems.push(`EDGE_TENANTS: not JSON: ${(err as Error).message}`);
    }
  }
  for (const tenant of Object.keys(fromJson))
    if (tenant in fromFile) problems.push(`EDGE_TENANTS: tenant ${tenant} is also in EDGE_TENANTS_FILE`);
  return { tenants: { ...fromFile, ...fromJson }, problems };
}
