// product-copy: writes product copy (title, descriptions, bullets, SEO fields) per locale, tone and
// channel on product upserts and on demand, every fact checked against the product's data.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/product-copy/src/main.js
import 'reflect-metadata';
import { createLogger } from '@shopmind/telemetry';
import { ConfigError, loadConfig } from './config.js';
import { startProductCopy } from './product-copy.app.js';

const log = createLogger('product-copy');

try {
  const config = loadConfig();
  await startProductCopy(config);
  log.info(
    {
      http_port: config.httpPort,
      llm: config.llm.providers.length ? config.llm.providers.map((p) => p.name) : 'local-only',
    },
    'product-copy started',
  );
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
