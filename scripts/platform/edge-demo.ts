// The demo shop's credentials for the HTTP edge under `npm start`: an API key and a generic webhook
// secret, generated once per data directory and tenant and kept there (edge-demo.json, mode 0600),
// so the key printed at the end stays the same from one run to the next. The edge gets only the
// key's SHA-256 (EDGE_TENANTS), as in a deployment.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EdgeDemoCredentials {
  apiKey: string;
  webhookSecret: string;
}

export const EDGE_DEMO_FILE = 'edge-demo.json';

/** The tenant's credentials from the data directory, made and kept there on first use. */
export function edgeDemoCredentials(dataDir: string, tenant: string): EdgeDemoCredentials {
  const path = join(dataDir, EDGE_DEMO_FILE);
  const all = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, EdgeDemoCredentials>)
    : {};
  const existing = all[tenant];
  if (existing?.apiKey && existing.webhookSecret) return existing;
  const made = {
    apiKey: `smk_${randomBytes(24).toString('hex')}`,
    webhookSecret: randomBytes(24).toString('hex'),
  };
  writeFileSync(path, `${JSON.stringify({ ...all, [tenant]: made }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return made;
}

/** EDGE_TENANTS for the edge: the tenant with its key's hash and its generic webhook secret. */
export function edgeTenantsJson(tenant: string, credentials: EdgeDemoCredentials): string {
  const hash = createHash('sha256').update(credentials.apiKey, 'utf8').digest('hex');
  return JSON.stringify({ [tenant]: { apiKeys: [hash], webhook: { secret: credentials.webhookSecret } } });
}
