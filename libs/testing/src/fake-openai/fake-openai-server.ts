// A scriptable OpenAI-compatible HTTP server for tests and benches: chat completions (plain, JSON-schema
// response format, SSE streaming) and embeddings, with scripted failures. It records every request so a
// test can assert exactly what left the process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when the body was empty or not JSON). */
  body: ChatRequestBody | EmbeddingRequestBody | undefined;
  rawBody: string;
  receivedAt: number;
}

export interface ChatMessage {
  role: string;
  content: string | null | Array<{ type: string; text?: string }>;
}

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: {
    type: string;
    json_schema?: { name: string; schema?: Record<string, unknown>; strict?: boolean };
  };
  [key: string]: unknown;
}

export interface EmbeddingRequestBody {
  model: string;
  input: string | string[];
  dimensions?: number;
  [key: string]: unknown;
}

/** What the server does with one request. */
export type FakeReply =
  /** A normal completion whose message content is `content` (objects are JSON-encoded). */
  | {
      kind: 'content';
      content: unknown;
      finishReason?: 'stop' | 'length' | 'content_filter';
      model?: string;
      usage?: { promptTokens: number; completionTokens: number };
      latencyMs?: number;
    }
  /** An HTTP error with an OpenAI error body, optionally with Retry-After (seconds) and/or retry-after-ms. */
  | {
      kind: 'error';
      status: number;
      retryAfterSeconds?: number;
      retryAfterMs?: number;
      message?: string;
      latencyMs?: number;
    }
  /** A completion whose content is not valid JSON. */
  | { kind: 'malformed'; latencyMs?: number }
  /** A completion cut off by the token limit: half of the JSON and finish_reason "length". */
  | { kind: 'truncated'; content?: unknown; latencyMs?: number }
  /** The socket is destroyed without a response (mid-stream when streaming). */
  | { kind: 'reset'; latencyMs?: number }
  /** HTTP 200 with a body that is not JSON at all. */
  | { kind: 'invalid-body'; latencyMs?: number }
  /** An embeddings response (deterministic vectors unless given). */
  | { kind: 'embeddings'; vectors?: number[][]; latencyMs?: number };

export type ReplyFactory = FakeReply | ((req: RecordedRequest) => FakeReply);

export interface FakeRule {
  /** Which requests this rule answers; all when omitted. */
  match?: (req: RecordedRequest) => boolean;
  reply: ReplyFactory;
  /** How many requests the rule answers before it is used up; unlimited when omitted. */
  times?: number;
}

export interface FakeOpenAiOptions {
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Reply used when no rule matches a chat request (default: a 500 naming the problem). */
  defaultReply?: ReplyFactory;
}

/** Text of every message of a chat request, joined; handy in matchers. */
export function chatText(req: RecordedRequest): string {
  const body = req.body as ChatRequestBody | undefined;
  if (!body || !Array.isArray(body.messages)) return '';
  return body.messages.map((m) => messageText(m)).join('\n');
}

export function messageText(m: ChatMessage): string {
  if (typeof m.content === 'string') return m.content;
  if (Array.isArray(m.content)) return m.content.map((p) => p.text ?? '').join('');
  return '';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  private rules: FakeRule[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private defaultReply: ReplyFactory;
  private port = 0;
  private ids = 0;

  constructor(private readonly options: FakeOpenAiOptions = {}) {
    this.defaultReply = options.defaultReply ?? {
      kind: 'error',
      status: 500,
      message: 'fake-openai: no scripted reply for this request',
    };
  }

  /** `http://127.0.0.1:<port>/v1`, ready for `new OpenAI({ baseURL })`. */
  get baseURL(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 30_000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.baseURL;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Adds a rule; rules are tried in the order they were added. */
  addRule(rule: FakeRule): this {
    this.rules.push({ ...rule });
    return this;
  }

  /** Answers the next matching request (or the next one at all) with `reply`, once. */
  replyOnce(reply: ReplyFactory, match?: (req: RecordedRequest) => boolean): this {
    return this.addRule({ reply, match, times: 1 });
  }

  /** Answers every matching request (or every request) with `reply`. */
  replyAlways(reply: ReplyFactory, match?: (req: RecordedRequest) => boolean): this {
    return this.addRule({ reply, match });
  }

  setDefaultReply(reply: ReplyFactory): this {
    this.defaultReply = reply;
    return this;
  }

  /** Forgets rules and recorded requests. */
  reset(): void {
    this.rules = [];
    this.requests.length = 0;
    this.defaultReply = this.options.defaultReply ?? {
      kind: 'error',
      status: 500,
      message: 'fake-openai: no scripted reply for this request',
    };
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/embeddings'));
  }

  private pickReply(req: RecordedRequest): FakeReply {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i];
      if (rule.match && !rule.match(req)) continue;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) this.rules.splice(i, 1);
      }
      return typeof rule.reply === 'function' ? rule.reply(req) : rule.reply;
    }
    if (req.path.endsWith('/embeddings')) return { kind: 'embeddings' };
    return typeof this.defaultReply === 'function' ? this.defaultReply(req) : this.defaultReply;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: RecordedRequest['body'];
    try {
      body = rawBody ? (JSON.parse(rawBody) as RecordedRequest['body']) : undefined;
    } catch {
      body = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const path = (req.url ?? '/').split('?')[0];
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers,
      body,
      rawBody,
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);

    if (req.method !== 'POST' || !(path.endsWith('/chat/completions') || path.endsWith('/embeddings'))) {
      return this.sendJson(res, 404, {
        error: { message: `fake-openai: no route ${req.method} ${path}`, type: 'invalid_request_error' },
      });
    }
    if (!body) {
      return this.sendJson(res, 400, {
        error: { message: 'fake-openai: body is not JSON', type: 'invalid_request_error' },
      });
    }
    const reply = this.pickReply(recorded);
    if ('latencyMs' in reply && reply.latencyMs) await sleep(reply.latencyMs);
    if (path.endsWith('/embeddings')) return this.answerEmbeddings(res, reply, body as EmbeddingRequestBody);
    return this.answerChat(res, reply, body as ChatRequestBody);
  }

  private answerEmbeddings(res: ServerResponse, reply: FakeReply, body: EmbeddingRequestBody): void {
    if (reply.kind !== 'embeddings') {
      if (this.answerCommon(res, reply) === null)
        this.sendJson(res, 400, {
          error: {
            message: `fake-openai: ${reply.kind} reply scripted for an embeddings request`,
            type: 'invalid_request_error',
          },
        });
      return;
    }
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const dims = body.dimensions ?? 8;
    const data = inputs.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: reply.vectors?.[index] ?? deterministicVector(String(text), dims),
    }));
    const tokens = inputs.reduce((n, t) => n + Math.ceil(String(t).length / 4), 0);
    this.sendJson(res, 200, {
      object: 'list',
      data,
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  /** Replies shared by both routes; returns null when the reply is route-specific. */
  private answerCommon(res: ServerResponse, reply: FakeReply): null | void {
    switch (reply.kind) {
      case 'error': {
        const headers: Record<string, string> = {};
        if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
        if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
        const type =
          reply.status === 429
            ? 'rate_limit_error'
            : reply.status >= 500
              ? 'server_error'
              : 'invalid_request_error';
        return this.sendJson(
          res,
          reply.status,
          { error: { message: reply.message ?? `fake-openai: scripted ${reply.status}`, type, code: null } },
          headers,
        );
      }
      case 'reset':
        res.socket?.destroy();
        return;
      case 'invalid-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "chatcmpl-broken", "choices": [ {');
        return;
      default:
        return null;
    }
  }

  private answerChat(res: ServerResponse, reply: FakeReply, body: ChatRequestBody): void {
    const streaming = body.stream === true;
    if (reply.kind === 'reset' && streaming) {
      // Start a stream, then drop the connection mid-way.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(
        `data: ${JSON.stringify(this.chunk(body, { role: 'assistant', content: '{"pol' }, null))}\n\n`,
      );
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    if (this.answerCommon(res, reply) !== null) return;
    let content: string;
    let finish: 'stop' | 'length' | 'content_filter';
    let usage = { promptTokens: estimateTokens(body), completionTokens: 0 };
    let model = body.model;
    switch (reply.kind) {
      case 'content':
        content = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
        finish = reply.finishReason ?? 'stop';
        if (reply.usage) usage = reply.usage;
        if (reply.model) model = reply.model;
        break;
      case 'malformed':
        content = 'Sure! Here is the analysis you asked for: {polarity: positive,,}';
        finish = 'stop';
        break;
      case 'truncated': {
        const full =
          reply.content === undefined
            ? '{"polarity":"positive","score":0.8,"confidence":0.9,"aspects":[{"aspect":"quality","polarity":"positive"'
            : typeof reply.content === 'string'
              ? reply.content
              : JSON.stringify(reply.content);
        content = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
        finish = 'length';
        break;
      }
      case 'embeddings':
        return this.sendJson(res, 400, {
          error: {
            message: 'fake-openai: embeddings reply scripted for a chat request',
            type: 'invalid_request_error',
          },
        });
      default:
        return this.sendJson(res, 500, {
          error: { message: 'fake-openai: unknown reply', type: 'server_error' },
        });
    }
    if (usage.completionTokens === 0)
      usage = { ...usage, completionTokens: Math.max(1, Math.ceil(content.length / 4)) };
    const id = `chatcmpl-fake-${++this.ids}`;
    if (!streaming) {
      this.sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal: null },
            logprobs: null,
            finish_reason: finish,
          },
        ],
        usage: {
          prompt_tokens: usage.promptTokens,
          completion_tokens: usage.completionTokens,
          total_tokens: usage.promptTokens + usage.completionTokens,
        },
      });
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (obj: unknown): void => void res.write(`data: ${JSON.stringify(obj)}\n\n`);
    send(this.chunk(body, { role: 'assistant', content: '' }, null, id, model));
    const step = Math.max(1, Math.ceil(content.length / 4));
    for (let i = 0; i < content.length; i += step)
      send(this.chunk(body, { content: content.slice(i, i + step) }, null, id, model));
    send(this.chunk(body, {}, finish, id, model));
    if (body.stream_options?.include_usage) {
      send({
        id,
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [],
        usage: {
          prompt_tokens: usage.promptTokens,
          completion_tokens: usage.completionTokens,
          total_tokens: usage.promptTokens + usage.completionTokens,
        },
      });
    }
    res.end('data: [DONE]\n\n');
  }

  private chunk(
    body: ChatRequestBody,
    delta: Record<string, unknown>,
    finish: string | null,
    id = `chatcmpl-fake-${++this.ids}`,
    model = body.model,
  ): unknown {
    return {
      id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
  }

  private sendJson(
    res: ServerResponse,
    status: number,
    payload: unknown,
    headers: Record<string, string> = {},
  ): void {
    const data = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(data),
      ...headers,
    });
    res.end(data);
  }
}

function estimateTokens(body: ChatRequestBody): number {
  const chars = Array.isArray(body.messages)
    ? body.messages.reduce((n, m) => n + messageText(m).length, 0)
    : 0;
  return Math.max(1, Math.ceil(chars / 4));
}

/** Same text, same vector: a unit vector derived from sha256 of the text. */
function deterministicVector(text: string, dims: number): number[] {
  const out: number[] = [];
  let block = createHash('sha256').update(text).digest();
  for (let i = 0; i < dims; i++) {
    if (i > 0 && i % 32 === 0) block = createHash('sha256').update(block).digest();
    out.push(block[i % 32] / 127.5 - 1);
  }
  const norm = Math.sqrt(out.reduce((s, v) => s + v * v, 0)) || 1;
  return out.map((v) => v / norm);
}

/** Starts a fake server on a free port. */
export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const server = new FakeOpenAiServer(options);
  await server.start();
  return server;
}
