// `npm run bench -- sentiment [--events N] [--products P] [--requests R] [--rate Q] [--in-flight C]`:
// throughput and query latency of review-sentiment with the local model, on one NATS and Redis in
// one run. The service runs as its own process, as deployed (NODE_ENV=production), and so does a
// bare request/reply echo; this process is only the load generator, so its event loop does not share
// the service's (the in-process version inflated both tails).
//  (a) events per second: N reviews are published while the service is stopped, then the service
//      process is started; the rate counts from the first ReviewAnalysed stored in the results
//      stream to the N-th (process boot is not analysis throughput);
//  (b) summary query latency from the cache: R rounds at a fixed rate of Q per second, open loop
//      (timers wake the client; each round leaves at its scheduled time whether or not earlier ones
//      were answered), each round sending one summary query and one echo request, alternating which
//      goes first, so both see the same machine load at the same moments. With --in-flight C,
//      instead a closed loop of R queries with C outstanding that prints service CPU per query
//      only (the same batching in every run, so it compares between runs on a busy machine).
// Progress goes to stderr; the last line is the JSON figures (with the 1-minute load average).
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { create } from '@bufbuild/protobuf';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
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
import {
  aReviewSubmitted,
  eventually,
  freePort,
  startInfra,
  uniqueName,
  provisionNamespace,
} from '@shopmind/testing';
import {
  child,
  cpuMsOf,
  openLoop,
  percentile,
  round,
  startEcho,
  stop,
  target,
  imageEnvironment,
} from './bench-kit.js';

const TENANT = 'bench';
// The service's default summary debounce, as deployed.
const DEBOUNCE_MS = 1000;

const REVIEWS: Array<[number, string, string]> = [
  [5, 'Lovely', 'Beautiful solid wood, very sturdy. Our son plays with it every day.'],
  [2, 'Disappointed', 'The paint chipped after a week and delivery took forever.'],
  [4, 'Good value', 'Great quality for the price, but the battery drains quickly.'],
  [1, 'Broke', 'Cheap plastic, broke on the second day. Terrible quality.'],
  [5, 'Perfect fit', 'Fits perfectly, true to size, and the fabric feels soft and comfortable.'],
  [3, 'Okay', 'It does the job. Instructions were confusing but assembly was quick.'],
];

async function stored(jsm: JetStreamManager, stream: string, subject: string): Promise<number> {
  const info = await jsm.streams.info(stream, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
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
    .option('in-flight', {
      type: 'number',
      describe:
        'closed loop for (b) instead: this many summary queries outstanding, --requests of them; prints service CPU per query only',
    })
    .option('cpu-prof', {
      type: 'string',
      describe: 'directory for V8 CPU profiles of the service (node --cpu-prof), written when it stops',
    })
    .strict()
    .parse();

  const infra = await startInfra();
  // Services only verify the streams: provisioned first, as the admin step would.
  const prefix = await provisionNamespace(
    infra.natsUrl,
    uniqueName('bench-sentiment')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  const httpPort = await freePort();
  // Only what the bench sets (plus PATH/HOME): an API key in the caller's environment must not
  // turn on the LLM path.
  const serviceEnv: NodeJS.ProcessEnv = {
    ...imageEnvironment(), // as deployed; what the bench sets below wins (HTTP_PORT)
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: String(httpPort),
    SHOPMIND_SUBJECT_PREFIX: prefix,
    REVIEW_SUMMARY_DEBOUNCE_MS: String(DEBOUNCE_MS),
    LLM_KEY_PREFIX: `llm-${prefix}`,
    LOG_LEVEL: 'warn',
  };
  const children = new Set<ChildProcess>();
  const startService = (): ChildProcess => {
    const p = child(
      [
        ...(argv.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', argv.cpuProf] : []),
        '--import',
        './dist/libs/telemetry/src/register.js',
        'dist/services/review-sentiment/src/main.js',
      ],
      serviceEnv,
    );
    children.add(p);
    p.once('exit', () => children.delete(p));
    return p;
  };
  const ready = async (): Promise<void> => {
    await eventually(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).ok, {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: 'review-sentiment',
    });
  };
  const nc = await connect({ servers: infra.natsUrl, name: 'bench-shop' });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const products = Array.from({ length: argv.products }, (_, i) => `p-${i}`);
  const resultsStream = `${prefix.toUpperCase()}_${Streams.aiResults.name}`;
  const resultsSubject = `${prefix}.${Events.reviewAnalysed.subject(TENANT)}`;
  try {
    // Create the durable consumer, then let the reviews pile up.
    const provisioning = startService();
    await ready();
    await stop(provisioning);
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
    const service = startService();
    let done = 0;
    let first: { at: number; done: number } | undefined;
    while (done < argv.events) {
      await new Promise((r) => setTimeout(r, 20));
      if (service.exitCode !== null) throw new Error(`review-sentiment exited (${service.exitCode})`);
      done = await stored(jsm, resultsStream, resultsSubject);
      if (!first && done > 0) first = { at: performance.now(), done };
      bar.update(done);
    }
    const seconds = (performance.now() - first!.at) / 1000;
    bar.stop();
    const eventsPerS = (argv.events - first!.done) / seconds;
    console.error(
      `${argv.events - first!.done} reviews analysed in ${seconds.toFixed(2)} s after the first: ${Math.round(eventsPerS)} events/s`,
    );
    await ready();

    // Let the debounced summaries settle so queries answer from the cache.
    await new Promise((r) => setTimeout(r, 2 * DEBOUNCE_MS + 300));

    const echoSubject = `${prefix}.q.${TENANT}.echo.ping`;
    children.add(await startEcho(nc, infra.natsUrl, echoSubject));

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
    const summaryRequest = (i: number): Uint8Array => payloads[i % payloads.length]!;
    const summarySubject = `${prefix}.${Queries.reviewSummary.subject(TENANT)}`;
    // Warm-up of both paths (JIT, connections, script caches), not measured.
    await openLoop(
      nc,
      [target('echo', echoSubject, summaryRequest), target('summary', summarySubject, summaryRequest)],
      qh,
      1000,
      argv.rate,
      'warm-up',
    );
    if (argv.inFlight) {
      // Closed loop: the same batching in every run, so CPU per query compares on a busy machine.
      const cpuBefore = cpuMsOf(service.pid);
      let next = 0;
      let errors = 0;
      const worker = async (): Promise<void> => {
        while (next < argv.requests) {
          const m = await nc.request(summarySubject, summaryRequest(next++), { timeout: 5000, headers: qh });
          if (m.headers?.get('Shopmind-Error')) errors++;
        }
      };
      await Promise.all(Array.from({ length: argv.inFlight }, worker));
      const cpuAfter = cpuMsOf(service.pid);
      console.log(
        JSON.stringify({
          bench: 'sentiment',
          in_flight: argv.inFlight,
          requests: argv.requests,
          errors,
          service_cpu_ms_per_query:
            cpuBefore !== undefined && cpuAfter !== undefined
              ? round((cpuAfter - cpuBefore) / argv.requests, 4)
              : null,
          load_average_1m: round(loadavg()[0]!, 2),
        }),
      );
      return;
    }
    const echo = target('echo', echoSubject, summaryRequest);
    const summary = target('summary', summarySubject, summaryRequest);
    const cpuBefore = cpuMsOf(service.pid);
    const lagP99 = await openLoop(nc, [echo, summary], qh, argv.requests, argv.rate, 'summary + echo');
    const cpuAfter = cpuMsOf(service.pid);
    console.error(
      JSON.stringify({
        // Service CPU per summary query: unlike latency, hardly moved by other load on the machine.
        service_cpu_ms_per_query:
          cpuBefore !== undefined && cpuAfter !== undefined
            ? round((cpuAfter - cpuBefore) / argv.requests)
            : null,
        send_lag_p99_ms: round(lagP99),
        summary_n: summary.latencies.length,
        summary_errors: summary.errors,
        summary_p999_ms: round(percentile(summary.latencies, 99.9)),
        summary_max_ms: round(summary.latencies[summary.latencies.length - 1] ?? NaN),
        echo_n: echo.latencies.length,
        echo_errors: echo.errors,
      }),
    );

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
        // The target: the summary's p99 at most 1.2× the echo's in the same run.
        ratio_p99: round(percentile(summary.latencies, 99) / percentile(echo.latencies, 99)),
        load_average_1m: round(loadavg()[0]!, 2),
      }),
    );
  } finally {
    await Promise.all([...children].map(stop));
    await nc.drain();
    await infra.stop();
  }
}
