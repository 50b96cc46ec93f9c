// knowledge-graph: builds the product knowledge graph from product upserts and analysed reviews,
// publishes graph updates and answers graph queries.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/knowledge-graph/src/main.js
import 'reflect-metadata';
import { createLogger } from '@shopmind/telemetry';
import { ConfigError, loadConfig } from './config.js';
import { startKnowledgeGraph } from './knowledge-graph.app.js';

const log = createLogger('knowledge-graph');

try {
  const config = loadConfig();
  await startKnowledgeGraph(config);
  log.info(
    {
      http_port: config.httpPort,
      llm: config.llm.providers.length ? config.llm.providers.map((p) => p.name) : 'local-only',
    },
    'knowledge-graph started',
  );
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
