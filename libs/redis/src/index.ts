// @shopmind/redis — how ShopMind talks to Redis beyond single commands: scripts with declared keys
// (one hash slot per call, so Redis Cluster holds) and the one way to apply an event's effects once.
export { RedisScript, ScriptKeysError, type ScriptArg, type ScriptSpec } from './redis-script.js';
export {
  EffectsLedger,
  type ApplyOnce,
  type EffectsLedgerOptions,
  type EntityRef,
  type EntityWrite,
  type LedgerOp,
  type OnceScript,
  type RunOnce,
} from './effects-ledger.js';
export { COVER_ATTEMPTS, untilCovered } from './until-covered.js';
