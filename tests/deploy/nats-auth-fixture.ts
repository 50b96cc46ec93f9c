// The shipped NATS configuration (deploy/nats/nats.conf + auth.conf) run by a test: passwords for
// every user in nats-server's environment, shops added as `shopmind tenant add` would.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADMIN_USER,
  EDGE_USER,
  addTenantToAuthConfig,
  createTenantCredentials,
  passwordVariable,
  type TenantCredentials,
} from '@shopmind/bus';
import { ServiceCatalogue } from '@shopmind/contracts';
import { repoRoot, startNatsServer, type LocalNatsServer } from '@shopmind/testing';

export interface NatsAuthFixture {
  server: LocalNatsServer;
  /** The password nats-server knows for `user`. */
  password(user: string): string;
  tenants: Record<string, TenantCredentials>;
}

export const shippedNatsConf = (): string => readFileSync(join(repoRoot(), 'deploy/nats/nats.conf'), 'utf8');
export const shippedAuthConf = (): string => readFileSync(join(repoRoot(), 'deploy/nats/auth.conf'), 'utf8');

/** nats-server with the shipped configuration, the given shops, and `extraConfig` appended. */
export async function startShippedNats(tenants: string[], extraConfig = ''): Promise<NatsAuthFixture> {
  const users = [ADMIN_USER, EDGE_USER, ...Object.values(ServiceCatalogue).map((s) => s.name)];
  // nats-server parses a variable's value as a configuration value: a password starting with a
  // digit fails to parse (or becomes a number), so each starts with a letter.
  const passwords = new Map(users.map((u) => [u, `p${randomBytes(12).toString('hex')}`]));
  const env = Object.fromEntries(users.map((u) => [passwordVariable(u), passwords.get(u)!]));
  const credentials: Record<string, TenantCredentials> = {};
  let auth = shippedAuthConf();
  for (const tenant of tenants) {
    credentials[tenant] = createTenantCredentials(tenant);
    auth = addTenantToAuthConfig(auth, tenant, credentials[tenant].publicKey);
  }
  const server = await startNatsServer({
    config: `${shippedNatsConf()}\n${extraConfig}\n`,
    files: { 'auth.conf': auth },
    env,
  });
  return {
    server,
    password: (user) => {
      const p = passwords.get(user);
      if (p === undefined) throw new Error(`no NATS user ${user}`);
      return p;
    },
    tenants: credentials,
  };
}
