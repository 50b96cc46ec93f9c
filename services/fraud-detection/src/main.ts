// fraud-detection: scores orders and checkouts, feeds chargebacks back, flags fake reviews.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/fraud-detection/src/main.js
import 'reflect-metadata';
import { runService } from '@shopmind/service-kit';
import { fraudConfig } from './config.js';
import { fraudDetection } from './fraud-detection.module.js';

await runService(fraudConfig, fraudDetection);
