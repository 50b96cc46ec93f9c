// customer-service: answers support chat turns and support messages from the shop's own order
// events and policy, or hands the conversation to a person.
// Run with the telemetry bootstrap first: node --import ./dist/libs/telemetry/src/register.js dist/services/customer-service/src/main.js
import 'reflect-metadata';
import { runService } from '@shopmind/service-kit';
import { customerServiceConfig } from './config.js';
import { customerService } from './customer-service.module.js';

await runService(customerServiceConfig, customerService);
