// recommendation: learns from catalogue, interaction and order events; answers top-k requests.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/recommendation/src/main.js
import 'reflect-metadata';
import { runService } from '@shopmind/service-kit';
import { recommendationConfig } from './config.js';
import { recommendation } from './recommendation.module.js';

await runService(recommendationConfig, recommendation);
