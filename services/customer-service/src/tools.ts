// customer-service's way in for tests/, scripts/, the benches and the evals: the service definition
// they run in-process, the intent classifier and its evaluation metrics. (main.ts starts the
// service when imported; config.ts is imported directly.)
export { customerService } from './customer-service.module.js';
export { intentFigures, parseIntentTsv, perIntentF1 } from './evaluation/intent-metrics.js';
export {
  classifySupportMessage,
  loadIntentClassifier,
  loadIntentClassifiers,
} from './tasks/support-intent/support-intent-task.js';
export { scanForInstructions } from './domain/instruction-detector.js';
export { IntentClassifiers } from './tasks/support-intent/intent-model.js';
