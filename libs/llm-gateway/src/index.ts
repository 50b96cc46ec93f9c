// @shopmind/llm-gateway — every AI call in ShopMind goes through here.
export {
  LlmGateway,
  type RunOptions,
  type RunResult,
  type ResultSource,
  type Tier,
  type AttemptRecord,
  type EmbedResult,
  type LlmGatewayOptions,
} from './llm-gateway.js';
export {
  defineTask,
  type LlmTask,
  type PromptParts,
  type ModelPreferences,
  type OnUnavailable,
} from './task.js';
export {
  loadGatewayConfig,
  gatewayEnvSchema,
  DEFAULT_PRICES,
  type GatewayConfig,
  type ProviderConfig,
  type ProviderKind,
  type ResilienceSettings,
  type BudgetSettings,
} from './config.js';
export { LlmDeferred, GatewayConfigError, ProviderFailure, type ProviderFailureKind } from './errors.js';
export { Redaction, luhnValid, ibanValid, type PiiKind } from './redaction/redactor.js';
export { DATA_OPEN, DATA_CLOSE, DATA_RULE, buildMessages } from './prompt/data-block.js';
export { hashingEmbedding } from './embedding/hashing-embedder.js';
export { canonicalJson, normaliseInput } from './canonical-json.js';
export type { GatewayStats } from './telemetry/gateway-telemetry.js';
export type { LlmProvider, ChatRequest, ChatResponse, TokenUsage } from './providers/provider.js';
export type { Spend } from './budget/budget-ledger.js';
