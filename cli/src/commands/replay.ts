// `shopmind replay <file.jsonl>`: publishes a JSON Lines file of `{"subject", "data"}` events (the
// replay format of the evaluations) at an optional rate, with a progress bar on a terminal.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import type { CommandContext } from '../command-context.js';
import { CommandFailure, UsageError } from '../exit-codes.js';
import { publishEventJson } from './publish.js';

export interface ReplayLine {
  /** 1-based line number. */
  line: number;
  subject: string;
  data: unknown;
}

/** The lines of a replay file; a line that is not `{"subject": string, "data": …}` is a failure. */
export function parseReplayLines(text: string): {
  lines: ReplayLine[];
  errors: { line: number; error: string }[];
} {
  const lines: ReplayLine[] = [];
  const errors: { line: number; error: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const parsed = JSON.parse(raw) as { subject?: unknown; data?: unknown };
      if (typeof parsed.subject !== 'string' || parsed.data === undefined)
        throw new Error('expected {"subject": "...", "data": {...}}');
      lines.push({ line: i + 1, subject: parsed.subject, data: parsed.data });
    } catch (err) {
      errors.push({ line: i + 1, error: (err as Error).message });
    }
  });
  return { lines, errors };
}

/** Publishes in flight at once when no rate holds them back. */
const WINDOW = 128;

/**
 * Paces publishes: `run` starts one at `rate` per second (or at once), keeping at most WINDOW in
 * flight; `drain` waits for the last. Shared by `replay` and `reprocess`.
 */
export class PublishPacer {
  private readonly inFlight = new Set<Promise<void>>();
  private started?: number;
  private count = 0;

  constructor(private readonly rate?: number) {
    if (rate !== undefined && !(rate > 0)) throw new UsageError('--rate must be a positive number');
  }

  /** Starts `publish` when its turn comes; resolves once there is room for the next. */
  async run(publish: () => Promise<void>): Promise<void> {
    this.started ??= performance.now();
    if (this.rate) {
      const wait = this.started + (this.count * 1000) / this.rate - performance.now();
      if (wait > 0) await sleep(wait);
    }
    this.count++;
    const p: Promise<void> = publish().finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    if (this.inFlight.size >= WINDOW) await Promise.race(this.inFlight);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/** A progress bar on standard error when it is a terminal and the output is not --json. */
export function progressBar(ctx: CommandContext, format: string): cliProgress.SingleBar | undefined {
  return !ctx.json && ctx.io.progressStream
    ? new cliProgress.SingleBar({ stream: ctx.io.progressStream, format }, cliProgress.Presets.shades_classic)
    : undefined;
}

export async function replayCommand(
  ctx: CommandContext,
  options: { file: string; rate?: number },
): Promise<number> {
  const pacer = new PublishPacer(options.rate);
  const text = await readFile(resolve(ctx.io.cwd, options.file), 'utf8').catch((err: Error) => {
    throw new CommandFailure(`cannot read ${options.file}: ${err.message}`);
  });
  const { lines, errors } = parseReplayLines(text);
  const js = await ctx.js();
  const total = lines.length + errors.length;
  const bar = progressBar(ctx, 'replay [{bar}] {value}/{total} {percentage}% | failed {failed}');
  let published = 0;
  bar?.start(total, errors.length, { failed: errors.length });
  const started = performance.now();
  for (const line of lines)
    await pacer.run(() =>
      publishEventJson(js, ctx.prefix, line.subject, line.data)
        .then(
          () => void published++,
          (err: Error) => void errors.push({ line: line.line, error: err.message }),
        )
        .finally(() => bar?.update(published + errors.length, { failed: errors.length })),
    );
  await pacer.drain();
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  errors.sort((a, b) => a.line - b.line);
  if (ctx.json) ctx.outJson({ file: options.file, published, failed: errors.length, seconds, errors });
  else {
    for (const e of errors.slice(0, 20)) ctx.io.err(`line ${e.line}: ${e.error}`);
    if (errors.length > 20) ctx.io.err(`… and ${errors.length - 20} more`);
    ctx.io.out(`published ${published}, failed ${errors.length} (${seconds.toFixed(1)} s)`);
  }
  return errors.length > 0 ? 1 : 0;
}
