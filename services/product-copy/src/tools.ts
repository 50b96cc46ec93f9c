// product-copy's way in for tests/, scripts/, the benches and the evals: the service definition they
// run in-process, copy generation, the local writer and the checks the evaluation applies. (main.ts
// starts the service when imported; config.ts is imported directly.)
export { productCopy } from './product-copy.module.js';
export { CopyGeneration } from './application/copy-generation.js';
export { copyProductOf, type CopyProduct } from './domain/copy-product.js';
export {
  CHANNEL_LIMITS,
  COPY_CHANNELS,
  copyTextSchema,
  lengthViolations,
  type CopyChannelName,
  type CopyRequest,
  type CopyText,
} from './domain/copy-text.js';
export { checkFaithfulness } from './domain/faithfulness-checker.js';
export { writeLocalCopy } from './tasks/local-copy-writer.js';
