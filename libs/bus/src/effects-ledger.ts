// The effects ledger lives in @shopmind/redis (with the scripts it runs on); the bus hands it out.
export {
  EffectsLedger,
  type ApplyOnce,
  type EffectsLedgerOptions,
  type EntityRef,
  type EntityWrite,
  type LedgerOp,
  type OnceScript,
  type RunOnce,
} from '@shopmind/redis';
