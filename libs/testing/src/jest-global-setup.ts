// Jest globalSetup: one NATS (JetStream) and one Redis for the whole test run, handed to the
// workers as NATS_URL / REDIS_URL (workers inherit the environment), unless those are already set.
import { registerHooks } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Infra } from './infra.js';

// Jest loads this file outside its module registry, compiled to CommonJS and without the
// moduleNameMapper, so Node itself must resolve our `./x.js` imports to the `./x.ts` sources
// (which Jest's transform then compiles). Only missing `.js` files next to an existing `.ts` are redirected.
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (/^\.{1,2}\/.*\.js$/.test(specifier) && context.parentURL?.endsWith('.ts')) {
      const js = new URL(specifier, context.parentURL);
      const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (!existsSync(fileURLToPath(js)) && existsSync(fileURLToPath(ts)))
        return nextResolve(specifier.replace(/\.js$/, '.ts'), context);
    }
    return nextResolve(specifier, context);
  },
});

export const GLOBAL_INFRA_KEY = '__shopmindTestInfra';

export default async function globalSetup(): Promise<void> {
  // SHOPMIND_TEST_REDIS=cluster: the shared Redis is a local Redis Cluster, handed over as REDIS_CLUSTER_NODES.
  const redisCluster = process.env.SHOPMIND_TEST_REDIS?.trim() === 'cluster';
  if (process.env.NATS_URL && (redisCluster ? process.env.REDIS_CLUSTER_NODES : process.env.REDIS_URL))
    return;
  const { startInfra } = await import('./infra.js');
  let infra: Infra;
  try {
    infra = await startInfra();
  } catch (err) {
    // Unit tests still run; each integration test then fails with this same message from startInfra().
    process.stderr.write(
      `\n[@shopmind/testing] no shared test servers: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return;
  }
  process.env.NATS_URL = infra.natsUrl;
  process.env.REDIS_URL = infra.redisUrl;
  if (infra.redis.mode === 'cluster')
    process.env.REDIS_CLUSTER_NODES = infra.redis.nodes.map((n) => `${n.host}:${n.port}`).join(',');
  // globalTeardown runs in this same process and finds it here.
  (globalThis as Record<string, unknown>)[GLOBAL_INFRA_KEY] = infra;
}
