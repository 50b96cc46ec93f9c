// The example service's entry point: node --import <telemetry register> dist/.../example/main.js
import 'reflect-metadata';
import { runService } from '../index.js';
import { ratingTallyConfig } from './config.js';
import { ratingTally } from './rating-tally.module.js';

await runService(ratingTallyConfig, ratingTally);
