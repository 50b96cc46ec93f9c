// edge: the one HTTP door into ShopMind — shop-platform webhooks (and the HTTP API) in, the bus behind.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/edge/src/main.js
import 'reflect-metadata';
import { runService } from '@shopmind/service-kit';
import { edgeConfig } from './config.js';
import { edge } from './edge.module.js';

await runService(edgeConfig, edge);
