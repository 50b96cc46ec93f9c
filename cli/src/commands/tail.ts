// `shopmind tail <subject pattern>`: a core subscription (sees events, results, dead letters and
// query requests as they pass), each message decoded by the schema its subject names.
import { logicalSubject, prefixSubject } from '@shopmind/contracts';
import type { CommandContext } from '../command-context.js';
import { decodeForDisplay, schemaOfSubject } from '../subject-schema.js';

export interface TailOptions {
  pattern: string;
  /** Stop after this many messages. */
  count?: number;
}

export async function tailCommand(ctx: CommandContext, options: TailOptions): Promise<number> {
  const nc = await ctx.nats();
  const sub = nc.subscribe(prefixSubject(ctx.prefix, options.pattern), { max: options.count });
  const stop = () => sub.unsubscribe();
  process.once('SIGINT', stop);
  try {
    await nc.flush();
    ctx.io.err(
      `listening on ${options.pattern}${options.count ? ` for ${options.count} message(s)` : ' (Ctrl-C to stop)'}`,
    );
    for await (const m of sub) {
      const subject = logicalSubject(ctx.prefix, m.subject);
      const contentType = m.headers?.get('content-type') || undefined;
      const body = decodeForDisplay(schemaOfSubject(subject), m.data, contentType);
      if (ctx.json) {
        ctx.outJson({ time: new Date().toISOString(), subject, ...body });
        continue;
      }
      ctx.io.out(
        `${new Date().toISOString()}  ${subject}${body.type ? `  ${body.type}` : ''}${body.error ? `  (${body.error})` : ''}`,
      );
      ctx.io.out(
        typeof body.data === 'string'
          ? `  ${body.data}`
          : JSON.stringify(body.data, null, 2).replace(/^/gm, '  '),
      );
    }
  } finally {
    process.removeListener('SIGINT', stop);
  }
  return 0;
}
