// knowledge-graph: builds the product knowledge graph from product upserts and analysed reviews,
// publishes graph updates, answers graph queries and exports a tenant's graph over HTTP.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/knowledge-graph/src/main.js
import 'reflect-metadata';
import { runService } from '@shopmind/service-kit';
import { knowledgeGraphConfig } from './config.js';
import { knowledgeGraph } from './knowledge-graph.module.js';

await runService(knowledgeGraphConfig, knowledgeGraph);
