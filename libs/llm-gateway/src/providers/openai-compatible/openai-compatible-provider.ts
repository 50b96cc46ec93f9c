// OpenAI and every OpenAI-compatible endpoint (Azure OpenAI, vLLM, Ollama, llama.cpp server) through
// the official client. The client's own retries are off: the gateway's policies own retries.
// The client library is imported when the first provider is created: a service on the local tier
// (no provider configured) never loads it (~3.5 MB of heap and 240 modules in every service).
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ProviderConfig } from '../../config.js';
import { ProviderFailure } from '../../errors.js';
import type { ChatRequest, ChatResponse, EmbedResponse, LlmProvider } from '../provider.js';
import { retryAfterMsOf } from './retry-after.js';

type OpenAiSdk = typeof import('openai');

let sdkLoading: Promise<OpenAiSdk> | undefined;
const loadSdk = (): Promise<OpenAiSdk> => (sdkLoading ??= import('openai'));

const SYSTEM_BY_KIND = { openai: 'openai', azure: 'azure.ai.openai', 'openai-compatible': 'openai' } as const;

export class OpenAiCompatibleProvider implements LlmProvider {
  readonly name: string;
  readonly system: string;
  readonly defaultModel: string;
  readonly embeddingModel?: string;
  /** The client, once its library has loaded (started at construction, awaited by every call). */
  private readonly client: Promise<OpenAI>;
  /** The library, for its error classes; unset until it has loaded. */
  private sdk?: OpenAiSdk;
  private readonly stream: boolean;

  constructor(config: ProviderConfig) {
    this.name = config.name;
    this.system = SYSTEM_BY_KIND[config.kind];
    this.defaultModel = config.model;
    this.embeddingModel = config.embeddingModel;
    this.stream = config.stream;
    // Timeouts are enforced by the gateway's timeout policy through the abort signal; the client's
    // own timeout is only a backstop.
    const common = { apiKey: config.apiKey, maxRetries: 0, timeout: config.timeoutMs * 2 };
    this.client = loadSdk().then((sdk) => {
      this.sdk = sdk;
      return config.kind === 'azure'
        ? new sdk.AzureOpenAI({ ...common, endpoint: config.baseURL, apiVersion: config.apiVersion })
        : new sdk.default({ ...common, baseURL: config.baseURL });
    });
    // A library that fails to load fails the first call (classified there), not the process.
    this.client.catch(() => undefined);
  }

  async chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    const body = {
      model: request.model,
      messages: request.messages,
      response_format: {
        type: 'json_schema' as const,
        json_schema: { name: request.schema.name, schema: request.schema.schema, strict: true },
      },
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxOutputTokens !== undefined ? { max_completion_tokens: request.maxOutputTokens } : {}),
    };
    try {
      const client = await this.client;
      if (this.stream) return await this.chatStreamed(client, body, request.model, signal);
      const res = await client.chat.completions.create(body, { signal });
      const choice = res.choices?.[0];
      if (!choice) throw new ProviderFailure('server_error', this.name, 'response without choices');
      return {
        content: choice.message?.content ?? '',
        finishReason: choice.finish_reason ?? 'unknown',
        model: res.model ?? request.model,
        usage: {
          inputTokens: res.usage?.prompt_tokens ?? 0,
          outputTokens: res.usage?.completion_tokens ?? 0,
        },
      };
    } catch (err) {
      throw this.classify(err, signal);
    }
  }

  /**
   * Streamed variant (for servers that answer faster or only reliably when streaming): the
   * answer is assembled from the chunks; usage arrives in the last chunk.
   */
  private async chatStreamed(
    client: OpenAI,
    body: ChatCompletionCreateParamsNonStreaming,
    requested: string,
    signal: AbortSignal,
  ): Promise<ChatResponse> {
    const stream = await client.chat.completions.create(
      { ...body, stream: true, stream_options: { include_usage: true } },
      { signal },
    );
    let content = '';
    let finishReason = 'unknown';
    let model = requested;
    const usage = { inputTokens: 0, outputTokens: 0 };
    for await (const chunk of stream) {
      if (chunk.model) model = chunk.model;
      const choice = chunk.choices?.[0];
      if (choice?.delta?.content) content += choice.delta.content;
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage) {
        usage.inputTokens = chunk.usage.prompt_tokens ?? 0;
        usage.outputTokens = chunk.usage.completion_tokens ?? 0;
      }
    }
    // A stream that ends without a finish reason was cut off.
    if (finishReason === 'unknown') throw new ProviderFailure('connection', this.name, 'stream ended early');
    return { content, finishReason, model, usage };
  }

  async embed(texts: string[], dimensions: number, signal: AbortSignal): Promise<EmbedResponse> {
    const model = this.embeddingModel ?? this.defaultModel;
    try {
      const client = await this.client;
      const res = await client.embeddings.create({ model, input: texts, dimensions }, { signal });
      const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      return {
        vectors,
        model: res.model ?? model,
        usage: { inputTokens: res.usage?.prompt_tokens ?? 0, outputTokens: 0 },
      };
    } catch (err) {
      throw this.classify(err, signal);
    }
  }

  private classify(err: unknown, signal: AbortSignal): ProviderFailure {
    if (err instanceof ProviderFailure) return err;
    const message = err instanceof Error ? err.message : String(err);
    // Without the library (it failed to load) no error is one of its kinds.
    const sdk = this.sdk;
    if ((sdk && err instanceof sdk.APIUserAbortError) || signal.aborted) {
      // The gateway's timeout policy aborts through the same signal as the caller; the policy layer
      // tells the two apart.
      return new ProviderFailure('aborted', this.name, message);
    }
    if (sdk && err instanceof sdk.APIConnectionTimeoutError)
      return new ProviderFailure('timeout', this.name, message);
    if (sdk && err instanceof sdk.APIConnectionError)
      return new ProviderFailure('connection', this.name, message);
    if (sdk && err instanceof sdk.APIError && typeof err.status === 'number') {
      const status = err.status;
      const retryAfterMs = retryAfterMsOf(err.headers);
      if (status === 429)
        return new ProviderFailure('rate_limited', this.name, message, retryAfterMs, status);
      if (status === 408) return new ProviderFailure('timeout', this.name, message, retryAfterMs, status);
      if (status >= 500) return new ProviderFailure('server_error', this.name, message, retryAfterMs, status);
      if (status === 401 || status === 403)
        return new ProviderFailure('auth', this.name, message, undefined, status);
      return new ProviderFailure('bad_request', this.name, message, undefined, status);
    }
    // A connection dropped mid-response surfaces as a plain error from fetch.
    const code = (err as { cause?: { code?: string } } | undefined)?.cause?.code ?? '';
    if (
      /ECONNRESET|ECONNREFUSED|EPIPE|UND_ERR_SOCKET/.test(code) ||
      /terminated|socket hang up/i.test(message)
    ) {
      return new ProviderFailure('connection', this.name, message);
    }
    // A body that is not JSON, a protocol error: the server misbehaved, a retry may help.
    return new ProviderFailure('server_error', this.name, message);
  }
}
