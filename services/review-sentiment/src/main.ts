// review-sentiment: analyses reviews, keeps per-product aggregates, answers review summaries.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/review-sentiment/src/main.js
import 'reflect-metadata';
import { createLogger } from '@shopmind/telemetry';
import { ConfigError, loadConfig } from './config.js';
import { startReviewSentiment } from './review-sentiment.app.js';

const log = createLogger('review-sentiment');

try {
  const config = loadConfig();
  await startReviewSentiment(config);
  log.info(
    {
      http_port: config.httpPort,
      llm: config.llm.providers.length ? config.llm.providers.map((p) => p.name) : 'local-only',
    },
    'review-sentiment started',
  );
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
