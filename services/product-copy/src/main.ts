// product-copy: writes product copy (title, descriptions, bullets, SEO fields) per locale, tone and
// channel on product upserts and on demand, every fact checked against the product's data.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/product-copy/src/main.js
import 'reflect-metadata';
import { runService } from '@shopmind/service-kit';
import { productCopyConfig } from './config.js';
import { productCopy } from './product-copy.module.js';

await runService(productCopyConfig, productCopy);
