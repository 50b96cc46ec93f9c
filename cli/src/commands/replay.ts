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

export async function replayCommand(
  ctx: CommandContext,
  options: { file: string; rate?: number },
): Promise<number> {
  if (options.rate !== undefined && !(options.rate > 0))
    throw new UsageError('--rate must be a positive number');
  const text = await readFile(resolve(ctx.io.cwd, options.file), 'utf8').catch((err: Error) => {
    throw new CommandFailure(`cannot read ${options.file}: ${err.message}`);
  });
  const { lines, errors } = parseReplayLines(text);
  const js = await ctx.js();
  const total = lines.length + errors.length;
  const bar =
    !ctx.json && ctx.io.progressStream
      ? new cliProgress.SingleBar(
          {
            stream: ctx.io.progressStream,
            format: 'replay [{bar}] {value}/{total} {percentage}% | failed {failed}',
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let published = 0;
  bar?.start(total, errors.length, { failed: errors.length });
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (const [i, line] of lines.entries()) {
    if (options.rate) {
      const due = started + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const p: Promise<void> = publishEventJson(js, ctx.prefix, line.subject, line.data)
      .then(
        () => void published++,
        (err: Error) => void errors.push({ line: line.line, error: err.message }),
      )
      .finally(() => {
        inFlight.delete(p);
        bar?.update(published + errors.length, { failed: errors.length });
      });
    inFlight.add(p);
    if (inFlight.size >= WINDOW) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
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
