// review-sentiment: analyses reviews, keeps per-product aggregates, answers review summaries.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/review-sentiment/src/main.js
import 'reflect-metadata';
import { runService } from '@shopmind/service-kit';
import { reviewSentimentConfig } from './config.js';
import { reviewSentiment } from './review-sentiment.module.js';

await runService(reviewSentimentConfig, reviewSentiment);
