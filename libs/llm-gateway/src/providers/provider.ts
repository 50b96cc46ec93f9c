// The one small interface every provider folder implements (OpenAI-compatible today; adding a
// provider with another wire protocol touches only a new folder here).
import type { ChatMessage } from '../prompt/data-block.js';

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** JSON schema for the structured answer, sent as response_format json_schema. */
  schema: { name: string; schema: Record<string, unknown> };
  temperature?: number;
  maxOutputTokens?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResponse {
  content: string;
  finishReason: string;
  /** The model that actually answered (may differ from the requested alias). */
  model: string;
  usage: TokenUsage;
}

export interface EmbedResponse {
  vectors: number[][];
  model: string;
  usage: TokenUsage;
}

export interface LlmProvider {
  /** Configured name, e.g. 'openai', 'azure-eu', 'vllm'. */
  readonly name: string;
  /** Value for gen_ai.provider.name. */
  readonly system: string;
  readonly defaultModel: string;
  readonly embeddingModel?: string;
  /** Throws ProviderFailure with a kind for every failure. */
  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse>;
  embed?(texts: string[], dimensions: number, signal: AbortSignal): Promise<EmbedResponse>;
}
