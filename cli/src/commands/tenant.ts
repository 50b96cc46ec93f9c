// `shopmind tenant add <id>`: a shop's NATS identity — a user nkey whose public key and permissions
// go into auth.conf (between `# tenants:begin` and `# tenants:end`) and whose seed goes to the shop.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { addTenantToAuthConfig, createTenantCredentials, tenantConsumerNames } from '@shopmind/bus';
import { TENANT_PATTERN } from '@shopmind/contracts';
import type { CommandContext } from '../command-context.js';
import { CommandFailure, UsageError } from '../exit-codes.js';

export async function tenantAddCommand(
  ctx: CommandContext,
  options: { tenant: string; config: string; outDir: string; force?: boolean },
): Promise<number> {
  if (!TENANT_PATTERN.test(options.tenant))
    throw new UsageError(`tenant id ${JSON.stringify(options.tenant)} must match ${TENANT_PATTERN.source}`);
  const configPath = resolve(ctx.io.cwd, options.config);
  const config = await readFile(configPath, 'utf8').catch((err: Error) => {
    throw new CommandFailure(
      `cannot read ${options.config}: ${err.message} (generate it with \`npm run nats-auth -- --write\`)`,
    );
  });
  const seedPath = join(resolve(ctx.io.cwd, options.outDir), `${options.tenant}.nk`);
  if (existsSync(seedPath) && !options.force)
    throw new CommandFailure(`${seedPath} exists: the shop may be using it; pass --force to issue a new key`);
  const credentials = createTenantCredentials(options.tenant);
  const updated = addTenantToAuthConfig(config, options.tenant, credentials.publicKey, {
    prefix: ctx.prefix || undefined,
  });
  // The seed first: a config naming a key whose seed was never written would lock the shop out.
  await writeFile(seedPath, `${credentials.seed}\n`, { mode: 0o600 });
  await writeFile(configPath, updated);
  const consumers = tenantConsumerNames(options.tenant);
  if (ctx.json) {
    ctx.outJson({
      tenant: options.tenant,
      publicKey: credentials.publicKey,
      seedFile: seedPath,
      config: configPath,
      consumers,
    });
    return 0;
  }
  ctx.io.out(`tenant ${options.tenant}: public key ${credentials.publicKey}`);
  ctx.io.out(`  seed written to ${seedPath} (mode 0600): hand it to the shop, keep no copy`);
  ctx.io.out(`  ${options.config} updated; the shop's consumers on AI_RESULTS: ${consumers.join(', ')}`);
  ctx.io.out(
    '  reload nats-server: `nats-server --signal reload` (compose: `docker compose kill -s HUP nats`;',
  );
  ctx.io.out('  Kubernetes: re-apply the NATS ConfigMap, the config reloader picks it up)');
  ctx.io.out(`  the shop connects with: shopmind --nkey ${options.tenant}.nk --tenant ${options.tenant} ...`);
  return 0;
}
