// Runs the review aggregate check against the Redis the service uses (docs/decisions/redis-cluster-19.md):
//   node dist/services/review-sentiment/src/tools/aggregate-check-main.js [--tenant acme] [--product p-1] [--json]
// Redis from the services' settings: REDIS_CLUSTER_NODES (a Redis Cluster), REDIS_SENTINELS or
// REDIS_URL, with REDIS_USERNAME and REDIS_PASSWORD. Exit codes as the ops CLI's: 0 consistent, 1 differences found, 2 usage, 3 cannot connect.
import { createRedisConnection, redisEndpointFromEnv } from '@shopmind/redis';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { checkReviewAggregates } from './aggregate-check.js';

const argv = await yargs(hideBin(process.argv))
  .option('tenant', { type: 'string', describe: 'only this shop' })
  .option('product', { type: 'string', describe: 'only this product (with --tenant)' })
  .option('json', { type: 'boolean', default: false, describe: 'one JSON object on stdout' })
  .strict()
  .fail((msg) => {
    process.stderr.write(`${msg}\n`);
    process.exit(2);
  })
  .parse();

// The services' own Redis settings and connection factory: a single server, Sentinel or a Cluster.
let endpoint;
try {
  endpoint = redisEndpointFromEnv(process.env);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
const redis = createRedisConnection(endpoint, {
  lazyConnect: true,
  maxRetriesPerRequest: 1,
  retryStrategy: () => null,
});
redis.on('error', () => undefined);

try {
  await redis.connect();
  await redis.ping();
} catch (err) {
  process.stderr.write(`cannot connect to Redis: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(3);
}

const report = await checkReviewAggregates(redis, { tenant: argv.tenant, product: argv.product });
redis.disconnect();
if (argv.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  for (const d of report.differences)
    process.stdout.write(`${d.tenant} ${d.product} ${d.field}: counter ${d.counter}, recount ${d.recount}\n`);
  process.stdout.write(
    `${report.products} products checked, ${report.differences.length} differences${report.differences.length ? ' (an aggregate counted twice, or a damaged record)' : ''}\n`,
  );
}
process.exit(report.differences.length > 0 ? 1 : 0);
