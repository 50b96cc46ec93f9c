export {
  FakeOpenAiServer,
  startFakeOpenAi,
  chatText,
  messageText,
  type FakeOpenAiOptions,
  type FakeReply,
  type FakeRule,
  type ReplyFactory,
  type RecordedRequest,
  type ChatMessage,
  type ChatRequestBody,
  type EmbeddingRequestBody,
} from './fake-openai-server.js';
