// Picks the provider implementation for a configured entry.
import type { ProviderConfig } from '../config.js';
import { OpenAiCompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import type { LlmProvider } from './provider.js';

export function createProvider(config: ProviderConfig): LlmProvider {
  switch (config.kind) {
    case 'openai':
    case 'azure':
    case 'openai-compatible':
      return new OpenAiCompatibleProvider(config);
  }
}
