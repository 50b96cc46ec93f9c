// fraud-detection: scores orders and checkouts, feeds chargebacks back, flags fake reviews.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/fraud-detection/src/main.js
import 'reflect-metadata';
import { createLogger } from '@shopmind/telemetry';
import { ConfigError, loadFraudConfig } from './fraud-config.js';
import { startFraudDetection } from './fraud-detection.app.js';
import { RuleSetError } from './domain/rule-set.js';

const log = createLogger('fraud-detection');

try {
  const config = loadFraudConfig();
  if (config.usingDevSecret)
    log.warn('FRAUD_HASH_SECRET is not set: using the development secret (set it outside development)');
  await startFraudDetection(config);
  log.info({ http_port: config.httpPort, rules: config.rulesFile }, 'fraud-detection started');
} catch (err) {
  if (err instanceof ConfigError || err instanceof RuleSetError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
