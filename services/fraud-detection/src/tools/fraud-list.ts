// Allow and deny lists for fraud analysts: puts a card fingerprint, e-mail, device id or IP on a
// tenant's allow or deny list (or takes it off). Stored as a keyed hash, like every identifier.
//   npm run build && REDIS_URL=redis://… (or REDIS_CLUSTER_NODES=…) FRAUD_HASH_SECRET=… node dist/services/fraud-detection/src/tools/fraud-list.js \
//     --tenant acme --kind card --value fp_3f9a… --list deny        (--list none removes the entry)
import { createRedisConnection } from '@shopmind/redis';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadFraudConfig } from '../config.js';
import { FraudFeatureStore } from '../stores/fraud-feature-store.js';
import { IdentifierHasher } from '../stores/identifier-hasher.js';

const argv = await yargs(hideBin(process.argv))
  .option('tenant', { type: 'string', demandOption: true })
  .option('kind', { choices: ['card', 'email', 'device', 'ip'] as const, demandOption: true })
  .option('value', { type: 'string', demandOption: true })
  .option('list', { choices: ['allow', 'deny', 'none'] as const, demandOption: true })
  .strict()
  .parse();

const config = loadFraudConfig();
if (config.usingDevSecret)
  console.error('warning: FRAUD_HASH_SECRET is not set; using the development secret');
const redis = createRedisConnection(config.redis); // REDIS_URL, or a Redis Cluster / Sentinels
try {
  const store = new FraudFeatureStore(redis, new IdentifierHasher(config.hashSecret));
  await store.setList(argv.tenant, argv.kind, argv.value, argv.list === 'none' ? null : argv.list);
  console.error(JSON.stringify({ tenant: argv.tenant, kind: argv.kind, list: argv.list }));
} finally {
  await redis.quit();
}
