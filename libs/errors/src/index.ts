// @shopmind/errors — the error kinds the bus, the LLM gateway and the services share. Kept apart so
// that the gateway can raise a deferral without depending on the bus.
export {
  DeferError,
  HandlerTimeoutError,
  NotFoundError,
  PermanentError,
  TransientError,
} from './error-kinds.js';
