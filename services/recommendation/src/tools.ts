// recommendation's way in for tests/, scripts/, the benches and the evals: the service definition
// they run in-process and the shopping guide's slot task the evaluation scores. (main.ts starts the
// service when imported; config.ts is imported directly.)
export { recommendation } from './recommendation.module.js';
export { interestKey } from './domain/guide/interest-key.js';
export { guideProfileMessage } from './messages/guide-profile-message.js';
export type { GuideSlotsOutput } from './tasks/guide-slots/guide-slots-schema.js';
export { guideSlotsTask, slotsOf } from './tasks/guide-slots/guide-slots-task.js';
export { hasCjk } from './tasks/guide-slots/shopper-text.js';
