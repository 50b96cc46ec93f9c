// What each environment variable of a ShopMind process means, one line each, keyed by its name.
// Names, defaults and what production requires come from the zod schemas themselves; this adds
// only the meaning. scripts/settings-table.ts joins the two into the table in deploy/README.md and
// refuses a schema variable that has no line here.

export const settingsCatalogue: Readonly<Record<string, string>> = {
  // Connections (service kit; the CLI reads the same client settings)
  NATS_URL: 'NATS server(s), `nats://` or `tls://`; `npm start` starts a local nats-server when unset',
  NATS_USER: 'NATS user of this process (the service name for a service; see the permission model)',
  NATS_PASSWORD: "that user's password (a secret)",
  NATS_TLS_CA_FILE: 'CA certificate that signed the NATS server certificate, for a `tls://` URL',
  REDIS_URL:
    'a single Redis server; holds no secrets (see `REDIS_USERNAME` and `REDIS_PASSWORD`); `npm start` starts a local one when no Redis is set',
  REDIS_USERNAME: 'Redis ACL user (unset: `default`), on every node of a cluster or Sentinel master',
  REDIS_PASSWORD:
    'Redis password, put into the connection by the service kit (a secret); every data node gets it',
  REDIS_CLUSTER_NODES:
    'Redis Cluster: seed nodes `host:port,…` (the rest are learned); instead of `REDIS_URL` (empty), never with `REDIS_SENTINELS`',
  REDIS_SENTINELS:
    'Sentinel-managed Redis: the sentinels `host:port,…`, with `REDIS_SENTINEL_NAME`; instead of `REDIS_URL` (empty)',
  REDIS_SENTINEL_NAME: 'the master group the sentinels watch (`sentinel monitor <name> …`)',
  REDIS_SENTINEL_PASSWORD:
    "the sentinels' own password, only when they need one (master and replicas take `REDIS_PASSWORD`; a secret)",
  REDIS_TLS:
    '`true`: TLS to every node of a cluster or Sentinel setup (a single server says so with `rediss://`)',
  NATS_ADMIN_PASSWORD:
    '`npm start` against a NATS with users: the `admin` password it provisions the streams with (a secret)',
  HTTP_PORT: '`/healthz` and `/readyz` (the image and the manifests use 8080)',

  // Bus (service kit); the stream settings must be the same in every service
  SHOPMIND_PUBLISH_FORMAT: 'wire format of what services publish: `json` or `protobuf`',
  SHOPMIND_SUBJECT_PREFIX:
    'namespace for isolated deployments and tests (subjects `<prefix>.…`, streams `<PREFIX>_…`)',
  SHOPMIND_STREAM_REPLICAS:
    'JetStream stream and consumer replicas; at most the number of NATS servers (3 in production)',
  SHOPMIND_STREAM_MAX_AGE_MS: 'retention of SHOP_EVENTS, AI_RESULTS and DEAD_LETTERS by age',
  SHOPMIND_STREAM_MAX_BYTES: 'retention of each of those streams by size (oldest first)',
  SHOPMIND_BUS_VERIFY_RETRY_MS:
    'how often a service not ready for want of a stream or subject checks the streams again',
  SHOPMIND_BUS_MAX_DELIVER: 'deliveries of an event before it goes to the dead letters',
  SHOPMIND_BUS_ACK_WAIT_MS: 'time a handler has before the server redelivers the event',
  SHOPMIND_BUS_MAX_ACK_PENDING:
    'events per consumer delivered and not yet acknowledged, all replicas together',
  SHOPMIND_BUS_CONCURRENCY: 'events handled at once per consumer and replica',
  SHOPMIND_BUS_RETRY_DELAY_MS: 'first redelivery delay after a transient failure (doubles per delivery)',
  SHOPMIND_BUS_READ_AHEAD:
    'messages a consumer holds pulled (unset: 4 × concurrency, at most max ack pending)',
  SHOPMIND_BUS_FAIRNESS: 'shops take turns within the read-ahead window',
  SHOPMIND_BUS_TENANT_CONCURRENCY: "one shop's handlers at once per consumer (unset: no cap)",
  SHOPMIND_BUS_VALIDATE_REPLIES:
    'check every query reply against its contract before sending it (unset: on, except with `NODE_ENV=production`)',
  SHOPMIND_QUERY_MAX_DEADLINE_MS:
    "a query's deadline is at most this far ahead, whatever `Shopmind-Deadline` says",
  SHOPMIND_SHUTDOWN_GRACE_MS: 'time to finish in-flight work on SIGTERM before the process exits anyway',
  SHOPMIND_READINESS_TIMEOUT_MS: 'time Redis has to answer PING in `/readyz`',

  // Process and image
  NODE_ENV:
    "`production` makes the settings marked required mandatory and turns off the bus's reply validation; the image sets it",
  NODE_OPTIONS: "Node's options; the image bounds the V8 heap within the 512Mi memory limit",
  SERVICE: 'which `dist/services/<name>` the image runs; an unknown name exits with 64',
  MALLOC_ARENA_MAX: "glibc malloc arenas; 2 keeps the resident memory of Node's threads small",
  MALLOC_TRIM_THRESHOLD_: 'glibc returns freed memory above this many bytes to the system',

  // Telemetry and logs
  OTEL_SERVICE_NAME: '`service.name` on spans, metrics and logs (unset: `SHOPMIND_SERVICE`, else `shopmind`)',
  SHOPMIND_SERVICE: 'service name when `OTEL_SERVICE_NAME` is not set',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'OTLP/HTTP export of traces and metrics; unset: no export',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:
    'OTLP endpoint for traces only (the other standard OTLP settings are read by the exporters)',
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'OTLP endpoint for metrics only',
  OTEL_TRACES_EXPORTER:
    '`console` prints spans to stdout, `none` exports none (unset: OTLP when an endpoint is set)',
  OTEL_METRICS_EXPORTER: '`none` turns metric export off (unset: OTLP when an endpoint is set)',
  OTEL_METRIC_EXPORT_INTERVAL: 'ms between metric pushes',
  OTEL_SDK_DISABLED: '`true`: no hook, no SDK, nothing traced',
  OTEL_LOG_LEVEL: "the OpenTelemetry SDK's own diagnostics to the console at this level",
  OTEL_NODE_RESOURCE_DETECTORS: 'resource detectors (unset: env, process, host; `all`, `none`)',
  OTEL_NODE_EXPERIMENTAL_SDK_METRICS: "`true`: metrics about the SDK's own work",
  OTEL_RESOURCE_ATTRIBUTES: 'extra resource attributes, e.g. `deployment.environment.name=production`',
  SHOPMIND_TELEMETRY_SPAN_FILE: 'test hook: every finished span appended to this file as one JSON line',
  LOG_LEVEL: 'pino log level',

  // LLM gateway (every service)
  LLM_PROVIDERS:
    'JSON list of providers tried in order (name, kind, baseURL, apiKeyEnv, model, …); see libs/llm-gateway',
  OPENAI_API_KEY:
    'one provider named `openai` when `LLM_PROVIDERS` is unset; neither set: every LLM task runs locally (a secret)',
  OPENAI_BASE_URL: 'makes that single provider OpenAI-compatible (vLLM, Ollama, …)',
  OPENAI_MODEL: 'model of that provider',
  OPENAI_EMBEDDING_MODEL: 'embedding model of that provider',
  LLM_TIMEOUT_MS: 'per provider attempt',
  LLM_MAX_RETRIES: 'attempts after the first, for retryable failures',
  LLM_RETRY_BASE_MS: 'first backoff (exponential, equal jitter)',
  LLM_RETRY_MAX_MS: 'longest backoff',
  LLM_RETRY_AFTER_MAX_MS: 'longest `Retry-After` waited for in-process; longer: next provider (or defer)',
  LLM_BREAKER_THRESHOLD: 'failure rate that opens the circuit',
  LLM_BREAKER_WINDOW_MS: 'sampling window of the failure rate',
  LLM_BREAKER_MIN_RPS: 'request rate in the window below which the circuit stays closed',
  LLM_BREAKER_HALF_OPEN_AFTER_MS: 'open time before one probe call is let through',
  LLM_PRICES: 'JSON `{"<model>": {"input", "output"}}` USD per million tokens; adds to the built-in prices',
  LLM_CACHE_ENABLED: 'the exact-answer cache',
  LLM_KEY_PREFIX: "prefix of the gateway's Redis keys",
  LLM_LEASE_MS: 'single-flight lease, renewed while the leader works',
  LLM_FLIGHT_POLL_MS: 'followers re-check a flight this often',
  LLM_FLIGHT_WAIT_MS: 'longest a follower waits before calling the provider itself',
  LLM_FLIGHT_RESULT_TTL_MS: "how long a flight's answer stays readable for late requests",
  LLM_EVENT_RESULT_TTL_S: "how long an event's result is kept for redeliveries",
  LLM_BUDGET_TENANT_TOKENS_PER_DAY: 'tokens per shop and UTC day; 0: unlimited',
  LLM_BUDGET_TENANT_USD_PER_DAY: 'USD per shop and UTC day; 0: unlimited',
  LLM_BUDGET_TASK_TOKENS_PER_DAY: 'tokens per shop, task and UTC day; 0: unlimited',
  LLM_BUDGET_TASK_USD_PER_DAY: 'USD per shop, task and UTC day; 0: unlimited',
  LLM_BUDGET_TASKS: 'JSON per-task budgets: `{"<task>": tokens}` or `{"<task>": {"tokens", "usd"}}`',
  LLM_DEFER_MIN_DELIVERIES_LEFT: 'fewer deliveries left: the local tier instead of deferring again',
  LLM_DEFER_MAX_MS: 'longest deferral',
  LLM_DEFER_DEFAULT_MS: 'deferral when the provider named no delay',
  LLM_DEFER_MAX_OUTSTANDING:
    'deferrals a process may have pending (each holds an ack-pending slot); beyond: local',
  LLM_EMBEDDING_DIMENSIONS: 'embedding size, from the provider and the local hashing embedder alike',
  LLM_EMBEDDING_CACHE_TTL_S: "how long a provider's embedding of a text is cached; 0 disables",
  LLM_MAX_OUTPUT_TOKENS: "default answer bound (a task's own wins); also the budget estimate",

  // npm start (scripts/platform.ts)
  SHOPMIND_SERVICES: 'comma-separated services `npm start` runs',
  SHOPMIND_DEMO_TENANT: 'the shop the demo events are replayed for',
  SHOPMIND_DATA_DIR: "local servers' data and the launcher's state (relative to the repository)",
  SHOPMIND_BASE_HTTP_PORT: 'HTTP port of the first service; the next free ones follow',
  SHOPMIND_EDGE_HTTP_PORT: "the HTTP edge's port (webhooks, HTTP API) when free, else the next free one",

  // review-sentiment
  REVIEW_SUMMARY_DEBOUNCE_MS: "a product's summary is recomputed at most once per this window (per replica)",
  REVIEW_SUMMARY_QUOTES_KEPT: 'representative quotes kept per product and side',
  REVIEW_SUMMARY_DEFAULT_QUOTES: 'quotes in a reply when the request asks for 0',
  REVIEW_SUMMARY_LOCALES:
    'locale of the summary text when a request names none: a default, then `tenant=locale` overrides (`en,acme=zh`)',

  // product-copy
  COPY_DEFAULT_LOCALES: 'comma-separated locales for shops not in `COPY_TENANTS`',
  COPY_DEFAULT_TONE: 'tone for shops not in `COPY_TENANTS`',
  COPY_DEFAULT_CHANNELS: 'comma-separated channels (web, marketplace, mobile_app, social, email)',
  COPY_TENANTS: 'JSON per shop: `{"acme": {"locales", "tone", "channels"}}`',
  COPY_TOMBSTONE_TTL_S: 'how long a deletion blocks late upserts',

  // knowledge-graph
  KG_QUERY_LIMIT: 'results per query when the request says 0',
  KG_SIMILAR_TOP_K: 'SIMILAR_TO edges per product (0 turns similarity off)',
  KG_SIMILAR_THRESHOLD: 'minimum Jaccard similarity of shared facts',
  KG_TOMBSTONE_TTL_S: 'how long a deletion blocks late upserts',
  KG_ALIASES: 'JSON extra entity aliases, e.g. `{"Brand:hasbro gaming": "hasbro"}`',

  // fraud-detection
  FRAUD_HASH_SECRET: 'key (16+ characters) of the identifier HMACs (a secret)',
  FRAUD_RULES_FILE: 'rule set (unset: the shipped `rules/default.yaml`); reloaded on change',
  FRAUD_MODEL_FILE: 'model weights (unset: the shipped `model/weights.json`)',
  FRAUD_RULES_RELOAD_MS: 'how often the rules file is checked',
  FRAUD_AUDIT_MAXLEN: 'audit stream length per shop (approximate cap)',
  FRAUD_REVIEW_TTL_DAYS: 'review timelines, signatures and LSH buckets expire after this',
  FRAUD_REDIS_DOWN_DECISION: "the checkout's answer while Redis is down: `approve`, `review` or `decline`",

  // recommendation
  RECO_HALF_LIFE_HOURS: "a signal loses half its weight per this much of the shop's event time",
  RECO_NEIGHBOURS_KEPT: 'co-occurrence neighbours kept per product (the strongest)',
  RECO_RECENT_PRODUCTS_KEPT: 'recent products remembered per user',
  RECO_USER_SEEDS: "recent products a user's recommendations start from (at most the above)",
  RECO_USER_CATEGORIES: 'favourite categories of a user whose popular products are candidates',
  RECO_SESSION_PRODUCTS_KEPT: 'products of a session a new one is paired with',
  RECO_SESSION_TTL_HOURS: "a session's products are forgotten this long after its last interaction",
  RECO_ORDER_ITEMS_PAIRED: 'items of one order paired with each other (the first ones)',
  RECO_CANDIDATES_PER_SOURCE: 'candidates read per source (at least 5 × k)',
  RECO_CONTENT_CANDIDATES: 'products of the same top-level category a product is compared with',
  RECO_CONTENT_NEIGHBOURS: 'content neighbours kept per product',
  RECO_MAX_PER_BRAND: 'products of one brand among the first `RECO_DIVERSITY_WINDOW`',
  RECO_MAX_PER_CATEGORY: 'products of one leaf category among the first `RECO_DIVERSITY_WINDOW`',
  RECO_DIVERSITY_WINDOW: 'the slots the diversity caps apply to',
  RECO_GUIDE_TTL_HOURS: 'a guide conversation is forgotten this long after its last turn',
  RECO_GUIDE_CANDIDATES_PER_LIST: 'products read per list for the guide',
  RECO_GUIDE_MAX_READ: 'candidates whose full records the guide reads at most per turn',

  // customer-service
  SUPPORT_SUBJECT_SECRET:
    "key (16+ characters) of the e-mail HMACs that name a customer's data for erasure (a secret)",
  SUPPORT_KB_DIR: 'per-shop policy folders `<dir>/<shop>/*.md` (unset: the shipped knowledge base)',
  SUPPORT_KB_CHECK_INTERVAL_MS: "how often a shop's folder is checked for edits",
  SUPPORT_KB_MIN_SCORE: 'BM25 score under which a policy section is not an answer',
  SUPPORT_CONVERSATION_TTL_HOURS: 'a conversation is forgotten this long after its last turn',
  SUPPORT_HISTORY_TURNS: 'lines kept per conversation, redacted',
  SUPPORT_ORDER_TTL_DAYS: 'an order view entry lives this long after its last event',
  SUPPORT_MIN_CONFIDENCE: 'below this intent confidence a person takes over',
  SUPPORT_NEGATIVE_SENTIMENT: 'at or below this sentiment a person takes over',
  SUPPORT_GUIDE_TIMEOUT_MS: 'deadline of a shopping guide request',
  SUPPORT_GRAPH_TIMEOUT_MS: 'deadline of a knowledge graph request',

  // edge
  EDGE_TENANTS_FILE:
    'YAML file of the shops the edge serves: per shop its API key hashes and webhook secrets (mounted from a Secret)',
  EDGE_TENANTS: 'the same as JSON (tests, development); a shop is in one of the two',
  EDGE_WEBHOOK_MAX_BYTES: 'largest webhook body taken; a larger one is answered 413',
  EDGE_WEBHOOK_DEDUPE_HOURS:
    "how long a delivered webhook id is remembered, so a platform's retry publishes nothing (48+)",
  EDGE_CARD_FINGERPRINT_SECRET:
    'key (16+ characters) of the card fingerprints derived for card payments that come without one (a secret)',
  EDGE_API_MAX_BYTES: 'largest HTTP API request body in bytes; a larger one is answered 413',
  EDGE_API_RATE_PER_SECOND: 'HTTP API requests per second per API key, counted in Redis across replicas',
  EDGE_API_RATE_BURST:
    'HTTP API requests a key may make beyond its rate per 10-second window; past them: 429',
  EDGE_API_QUERY_TIMEOUT_MS: 'deadline of a query asked through the HTTP API; past it: 504',
};
