// `npm run bench -- sentiment [--events N] [--products P] [--requests R] [--rate Q]`: throughput and
// query latency of review-sentiment with the local model, on one NATS and Redis in one run:
//  (a) events per second: N reviews are published first, then the clock runs from the service's
//      start until the N-th ReviewAnalysed is stored in the results stream;
//  (b) summary query latency from the cache: R requests at a fixed rate of Q per second (open loop:
//      each request leaves at its scheduled time whether or not earlier ones were answered),
//      interleaved with as many requests to a bare request/reply echo on the same connection, so
//      both see the same machine load.
// Progress goes to stderr; the last line is the JSON figures.
import { create } from '@bufbuild/protobuf';
import { connect, headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { SingleBar, Presets } from 'cli-progress';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  encodeMessage,
  Events,
  Queries,
  ReviewSubmittedSchema,
  ReviewSummaryRequestSchema,
  Streams,
} from '@shopmind/contracts';
import { aReviewSubmitted, startInfra, uniqueName } from '@shopmind/testing';

const TENANT = 'bench';

const REVIEWS: Array<[number, string, string]> = [
  [5, 'Lovely', 'Beautiful solid wood, very sturdy. Our son plays with it every day.'],
  [2, 'Disappointed', 'The paint chipped after a week and delivery took forever.'],
  [4, 'Good value', 'Great quality for the price, but the battery drains quickly.'],
  [1, 'Broke', 'Cheap plastic, broke on the second day. Terrible quality.'],
  [5, 'Perfect fit', 'Fits perfectly, true to size, and the fabric feels soft and comfortable.'],
  [3, 'Okay', 'It does the job. Instructions were confusing but assembly was quick.'],
];

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function stored(jsm: JetStreamManager, stream: string, subject: string): Promise<number> {
  const info = await jsm.streams.info(stream, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
}

interface Target {
  label: string;
  subject: string;
  latencies: number[];
}

/**
 * Sends `count` rounds at `rate` rounds per second (open loop); each round sends one request to
 * every target, so all targets see the same load on the machine at the same moments. Returns each
 * target's round trips in ms, sorted.
 */
async function fixedRate(
  nc: NatsConnection,
  targets: Target[],
  payload: () => Uint8Array,
  h: MsgHdrs,
  count: number,
  rate: number,
  label: string,
): Promise<void> {
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(count, 0);
  const interval = 1000 / rate;
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // Alternate which target goes first so neither always waits behind the other.
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const sent = performance.now();
      inFlight.push(
        nc.request(target.subject, payload(), { timeout: 5000, headers: h }).then(
          (reply) => {
            if (reply.headers?.get('Shopmind-Error'))
              throw new Error(`${target.label}: error reply ${reply.string()}`);
            target.latencies.push(performance.now() - sent);
          },
          (err: unknown) => {
            throw new Error(
              `${target.label}: request ${i} failed: ${err instanceof Error ? err.message : String(err)}`,
            );
          },
        ),
      );
    }
    if (i % 100 === 0) bar.update(i);
  }
  await Promise.all(inFlight);
  bar.update(count);
  bar.stop();
  for (const t of targets) t.latencies.sort((a, b) => a - b);
}

export async function main(args: string[]): Promise<void> {
  const argv = await yargs(hideBin(['node', 'bench', ...args]))
    .option('events', {
      type: 'number',
      default: 5000,
      describe: 'reviews published before the service starts',
    })
    .option('products', { type: 'number', default: 50 })
    .option('requests', { type: 'number', default: 5000, describe: 'summary queries (and echo requests)' })
    .option('rate', { type: 'number', default: 1000, describe: 'requests per second' })
    .strict()
    .parse();
  process.env.LOG_LEVEL ??= 'warn';
  // Loaded after LOG_LEVEL is settled: the service's loggers are created at import.
  const { loadConfig } = await import('../../services/review-sentiment/src/config.js');
  const { startReviewSentiment } =
    await import('../../services/review-sentiment/src/review-sentiment.app.js');

  const infra = await startInfra();
  const prefix = uniqueName('bench-sentiment')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const nc = await connect({ servers: infra.natsUrl, name: 'bench-shop' });
  const echoNc = await connect({ servers: infra.natsUrl, name: 'bench-echo' });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  // Only what the bench sets: an API key in the caller's environment must not turn on the LLM path.
  const config = loadConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    SHOPMIND_SUBJECT_PREFIX: prefix,
    REVIEW_SUMMARY_DEBOUNCE_MS: '200',
    LLM_KEY_PREFIX: `llm-${prefix}`,
  });
  const products = Array.from({ length: argv.products }, (_, i) => `p-${i}`);
  const resultsStream = `${prefix.toUpperCase()}_${Streams.aiResults.name}`;
  const resultsSubject = `${prefix}.${Events.reviewAnalysed.subject(TENANT)}`;
  try {
    // Provision streams and the durable consumer, then let the reviews pile up.
    await (await startReviewSentiment(config, { listenHttp: false })).close();
    console.error(`publishing ${argv.events} reviews…`);
    const h = natsHeaders();
    h.set('content-type', 'application/json');
    const subject = `${prefix}.${Events.reviewSubmitted.subject(TENANT)}`;
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < argv.events; i++) {
      const [rating, title, body] = REVIEWS[i % REVIEWS.length]!;
      const review = aReviewSubmitted({
        envelope: { tenantId: TENANT },
        productId: products[i % products.length]!,
        rating,
        title,
        body,
        verifiedPurchase: i % 3 !== 0,
      });
      pending.push(
        js.publish(subject, encodeMessage(ReviewSubmittedSchema, review, 'json').data, { headers: h }),
      );
      if (pending.length >= 500) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);

    const bar = new SingleBar(
      { format: 'analysing [{bar}] {value}/{total}', stream: process.stderr },
      Presets.shades_classic,
    );
    bar.start(argv.events, 0);
    const t0 = performance.now();
    const app = await startReviewSentiment(config, { listenHttp: false });
    let done = 0;
    while (done < argv.events) {
      await new Promise((r) => setTimeout(r, 20));
      done = await stored(jsm, resultsStream, resultsSubject);
      bar.update(done);
    }
    const seconds = (performance.now() - t0) / 1000;
    bar.stop();
    const eventsPerS = argv.events / seconds;
    console.error(
      `${argv.events} reviews analysed in ${seconds.toFixed(2)} s: ${Math.round(eventsPerS)} events/s`,
    );

    // Let the debounced summaries settle so queries answer from the cache.
    await new Promise((r) => setTimeout(r, 2 * 200 + 300));

    const echoSubject = `${prefix}.q.${TENANT}.echo.ping`;
    echoNc.subscribe(echoSubject, {
      callback: (_err, msg) => {
        msg.respond(msg.data);
      },
    });
    await echoNc.flush();
    const qh = natsHeaders();
    qh.set('content-type', 'application/json');
    // Encoded up front (one per product) so the client's own work stays off the measured path.
    const payloads = products.map(
      (productId, i) =>
        encodeMessage(
          ReviewSummaryRequestSchema,
          create(ReviewSummaryRequestSchema, {
            meta: { requestId: `b-${i}`, tenantId: TENANT },
            productId,
            maxQuotes: 3,
          }),
          'json',
        ).data,
    );
    let n = 0;
    const summaryRequest = (): Uint8Array => payloads[n++ % payloads.length]!;
    const summarySubject = `${prefix}.${Queries.reviewSummary.subject(TENANT)}`;
    // Warm-up of both paths (JIT, connections, script caches), not measured.
    const echo: Target = { label: 'echo', subject: echoSubject, latencies: [] };
    const summary: Target = { label: 'summary', subject: summarySubject, latencies: [] };
    await fixedRate(
      nc,
      [
        { ...echo, latencies: [] },
        { ...summary, latencies: [] },
      ],
      summaryRequest,
      qh,
      500,
      argv.rate,
      'warm-up',
    );
    await fixedRate(nc, [echo, summary], summaryRequest, qh, argv.requests, argv.rate, 'summary + echo');
    await app.close();

    console.log(
      JSON.stringify({
        bench: 'sentiment',
        events: argv.events,
        events_per_s: Math.round(eventsPerS),
        requests: argv.requests,
        rate_per_s: argv.rate,
        summary_p50_ms: round(percentile(summary.latencies, 50)),
        summary_p99_ms: round(percentile(summary.latencies, 99)),
        echo_p50_ms: round(percentile(echo.latencies, 50)),
        echo_p99_ms: round(percentile(echo.latencies, 99)),
      }),
    );
  } finally {
    await nc.drain();
    await echoNc.drain();
    await infra.stop();
  }
}
